// The Drafter port: a chat's situation and lines in, one coaching whisper out, for the supervisor to edit and send.
// The template drafter (whisper-situation.ts) answers offline; a model adapter with structured output
// (adapters/scoring/draft-openai.ts) answers when OPENAI_API_KEY is set, with the template as its fallback.
import type { SummaryLine } from './summary';
import { templateWhisper, type Situation } from './whisper-situation';

export interface DraftInput {
  chatRef: string;
  agentName: string | null;
  situation: Situation;
  /** Customer and agent lines, oldest first. */
  lines: SummaryLine[];
}

export interface WhisperDraft {
  text: string;
  /** The model's name, or 'template'. */
  source: string;
  /** Set when the preferred drafter failed and the template answered (e.g. 'rate_limited', 'timeout'). */
  fallbackReason?: string;
  usage?: { inputTokens: number; outputTokens: number };
}

export interface Drafter {
  readonly name: string;
  draft(input: DraftInput): Promise<WhisperDraft>;
  /** The drafter that answers when this one cannot (the template behind a model). */
  readonly fallback?: Drafter;
}

/** What drafting counts, per source (the metrics adapter turns it into Prometheus counters). */
export interface DraftMetrics {
  drafted(e: { source: string; situation: string; fallbackReason?: string }): void;
}

export const TEMPLATE_DRAFTER = 'template';

/** The offline drafter: the situation's template. */
export function templateDrafter(): Drafter {
  return {
    name: TEMPLATE_DRAFTER,
    draft: async (i) => ({ text: templateWhisper(i.situation, i.agentName), source: TEMPLATE_DRAFTER }),
  };
}
