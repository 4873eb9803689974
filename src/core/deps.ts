// What every use case gets: the ports, a clock, settings and a logger.
import type { ChatPlatform, Clock, CoreLogger, Jobs, Store, SupervisorSurface } from './ports';
import type { Scorer } from './scoring';
import type { Redact } from './redact';
import type { DraftMetrics, Drafter } from './drafter';
import type { Summarizer, SummaryMetrics } from './summary';
import type { SurfaceName } from './model';

export interface CoreSettings {
  /** Recent lines a new thread starts with (SPEC §3.1: at least 20). */
  historyLines: number;
  adminEmails: string[];
  /** Wait this long after receipt before posting, so late earlier-stamped events still land in order. */
  reorderWindowMs: number;
  identityTtlMs: number;
  agentsTtlMs: number;
  pageSize: number;
  /** A sentiment score crossing below this raises a negative alert (SPEC §3.7). */
  negativeThreshold: number;
  /** No message for this long while open → Inactive badge and alert. */
  inactivityMs: number;
  /** The same alert kind is not raised again for a chat within this time. */
  alertCooldownMs: number;
  /** An agent whose self status is Away for this long while holding open chats raises an orphaned-chats alert. */
  orphanAfterMs: number;
  /** Rated chats a unit (else all units) needs before a calibrated CSAT is shown (CALIBRATION_MIN_CHATS). */
  calibrationMinChats: number;
  /** The calibration maps behind cards and `score` are refitted at most this often. */
  calibrationTtlMs: number;
  /** Where every alert also goes (e.g. SLACK_ALERTS_CHANNEL), besides the channels watching the chat's BU. */
  alertDestinations: { surface: SurfaceName; destination: string }[];
}

export const defaultSettings: CoreSettings = {
  historyLines: 20,
  adminEmails: [],
  reorderWindowMs: 150,
  identityTtlMs: 10 * 60_000,
  agentsTtlMs: 60_000,
  pageSize: 10,
  negativeThreshold: -0.3,
  inactivityMs: 5 * 60_000,
  alertCooldownMs: 30 * 60_000,
  orphanAfterMs: 10 * 60_000,
  calibrationMinChats: 30,
  calibrationTtlMs: 5 * 60_000,
  alertDestinations: [],
};

export interface Deps {
  store: Store;
  platform: ChatPlatform;
  surfaces: Map<SurfaceName, SupervisorSurface>;
  jobs: Jobs;
  /** OpenAI (with the lexicon as fallback) or the lexicon alone. */
  scorer: Scorer;
  /** Summaries (`summary`, alerts): a model with the extractive one as fallback, or the extractive one alone. */
  summarizer: Summarizer;
  /** Counts what the summaries' citation check kept and dropped (Prometheus in the app; absent in some tests). */
  summaryMetrics?: SummaryMetrics;
  /** Suggested whispers: a model with the template as fallback; absent: the template alone. */
  drafter?: Drafter;
  draftMetrics?: DraftMetrics;
  /** REDACT_PII for what is sent to surfaces (redact-views.ts wraps every surface with it); absent: nothing masked. */
  redact?: Redact;
  /** What is masked before a message or whisper text is stored (card numbers); absent: stored as received. */
  redactStored?: Redact;
  /** Sentiment of one customer line in [-1, 1] (the lexicon's per-line scorer), for the report's "Did coaching help?". */
  lineSentiment?: (text: string) => number;
  clock: Clock;
  settings: CoreSettings;
  log: CoreLogger;
}

export function surfaceOf(deps: Deps, name: SurfaceName): SupervisorSurface {
  const s = deps.surfaces.get(name);
  if (!s) throw new Error(`surface ${name} is not configured`);
  return s;
}
