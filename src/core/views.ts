// Neutral view models: every surface renders these, so Slack, Teams and the terminal say the same thing.
import type { AgentStatus, ChatState, SenderRole, SentimentLabel, SurfaceName, Thumbs, Watch } from './model';

/** `suggest`: drafts a coaching whisper for the supervisor to edit and send (suggest-whisper.ts). */
export type ChatAction = 'transfer' | 'finish' | 'unsupervise' | 'supervise' | 'suggest';

export interface ChatCardView {
  ref: string;
  conversationId: string;
  customerName: string;
  customerCountry: string | null;
  channel: string;
  businessUnit: string;
  agent: { name: string; email: string; status: AgentStatus | null } | null;
  startedAt: Date;
  lastActivityAt: Date;
  inactive: boolean;
  sentiment: { score: number; label: SentimentLabel; source: string } | null;
  /** `calibrated`: once enough rated chats exist (CALIBRATION_MIN_CHATS), the CSAT the thumbs so far say it means. */
  csat: { score: number; reason: string | null; source: string; calibrated?: CalibratedCsatView } | null;
  thumbs: Thumbs | null;
  state: ChatState;
  actions: ChatAction[];
  /** Who is on the chat (absent where nobody asked, e.g. a list): so two supervisors do not coach one agent at once. */
  presence?: ChatPresenceView;
}

/** A predicted CSAT through the calibration map: `from` rated chats of `scope` (the chat's unit, or "all units"). */
export interface CalibratedCsatView {
  score: number;
  from: number;
  scope: string;
}

/** Who supervises a chat, which walls mirror it, and the last whisper to its agent. */
export interface ChatPresenceView {
  /** Supervisors with a personal thread of the chat (by name, or email when not an agent). */
  supervisors: { name: string; surface: SurfaceName }[];
  /** Walls (channels watching a unit) that mirror the chat; `name` when the surface knows a readable one. */
  walls: { surface: SurfaceName; destination: string; unit: string; name: string | null }[];
  lastWhisper: { by: string; at: Date } | null;
}

export interface MessageLineView {
  role: SenderRole;
  /** "Customer Jane Doe", "Agent Ann Lee", "Whisper from Sam Boss", "Bot", "System". */
  label: string;
  text: string;
  attachments: { name: string; url: string }[];
  at: Date;
  isWhisper: boolean;
  isNote: boolean;
}

export interface ListRowView {
  cells: string[];
  /** When set, the row carries a button for this action on this chat ref. */
  chatRef?: string;
  action?: ChatAction;
  /** A button running any command of the grammar (e.g. "Move C-1042 to Carla Diaz"); instead of `action`. */
  button?: CommandButtonView;
}

/** A button that runs a command of the one grammar as if typed. */
export interface CommandButtonView {
  label: string;
  command: string;
  style?: 'primary' | 'danger';
}

export interface ListPageView {
  title: string;
  columns: string[];
  rows: ListRowView[];
  page: number;
  pageCount: number;
  total: number;
  /** The command that produced this page, without the page word; surfaces add `page:N` for Next/Previous. */
  command: string;
  emptyText: string;
}

export interface HelpView {
  title: string;
  entries: { usage: string; example: string; description: string }[];
  /** Optional lead line (e.g. "Unknown command `foo`."). */
  lead?: string;
}

export interface TransferFormView {
  ref: string;
  agents: { email: string; name: string; status: AgentStatus; load: string }[];
  businessUnits: string[];
}

export interface ConfirmView {
  ref: string;
  action: 'finish';
  question: string;
}

/** One open chat nobody mirrors, with why it may need someone. */
export interface CoverageRowView {
  ref: string;
  customerName: string;
  businessUnit: string;
  agentName: string | null;
  lastActivityAt: Date;
  /** Riskiest first: "negative sentiment −0.52", "inactive 7 min", "waiting for an agent 3 min", "no first response 2 min", "predicted CSAT 1.8". */
  reasons: string[];
}

/** "N of M open chats covered": the open chats of the requester's units that no thread mirrors, riskiest first. */
export interface CoverageView {
  covered: number;
  total: number;
  /** The units counted (the requester's, or the one asked for). */
  businessUnits: string[] | 'all';
  uncovered: CoverageRowView[];
}

/** One point of a summary; `at` is the time of the line it rests on, `link` a link to that line where the surface has one. */
export interface SummaryPointView {
  text: string;
  at: Date;
  link: string | null;
}

export interface SummaryView {
  ref: string;
  points: SummaryPointView[];
  /** The model's name, or 'extractive'. */
  source: string;
  /** A short line under the points (e.g. why the model was not used). */
  note?: string;
}

/** What needs a supervisor now ("home"): the Slack App Home, the Teams welcome card, `home` anywhere. */
export interface HomeView {
  /** Null when the requester may not see open chats (no "Supervise Open Chats"); `coverageNote` says so. */
  coverage: CoverageView | null;
  coverageNote?: string;
  supervised: ChatCardView[];
  watches: Watch[];
  /** Set when the user is not mapped to a Convrs agent: what they must do to get access. */
  unmapped?: string;
}

/** Everything a use case can answer to the person who asked. */
export type ReplyView =
  | { type: 'notice'; tone: 'info' | 'success' | 'error'; text: string; hint?: string }
  | {
      type: 'list';
      page: ListPageView;
      /** Further tables under the first (e.g. the report's "Did coaching help?"), rendered in order. */
      sections?: ListPageView[];
      /** A picture of the same figures, rendered to PNG by the surface's chart renderer and attached. */
      chart?: ChartView;
    }
  | { type: 'whisper-draft'; draft: WhisperDraftView }
  | { type: 'help'; help: HelpView }
  | { type: 'card'; card: ChatCardView }
  | { type: 'transfer-form'; form: TransferFormView }
  | { type: 'confirm'; confirm: ConfirmView }
  | { type: 'summary'; summary: SummaryView }
  | { type: 'home'; home: HomeView };

/** A file a use case produced (e.g. a CSV export, a chart PNG) for the surface to deliver. */
export interface FileView {
  name: string;
  mime: string;
  /** Text (CSV) or bytes (PNG). */
  content: string | Uint8Array;
  /** One-line summary shown with the file ("42 chats, 2026-11-01 – 2026-11-24"). */
  summary: string;
}

export type AlertView = ChatAlertView | OrphanAlertView;

/** Negative sentiment or inactivity on one chat. */
export interface ChatAlertView {
  kind: 'negative' | 'inactive';
  ref: string;
  text: string;
  claimedBy: string | null;
  /** What the chat is about, each point with its line's time (SPEC §3.11). */
  summary?: SummaryView | null;
}

/** An agent went Offline or Disabled (or stayed Away) holding open chats of a unit. */
export interface OrphanAlertView {
  kind: 'orphaned';
  agent: { name: string; email: string; status: AgentStatus; selfStatus: string | null };
  businessUnit: string;
  text: string;
  /** The agent's open chats of the unit now (empty once they were all moved). */
  chats: { ref: string; customerName: string; lastActivityAt: Date; flags: string[] }[];
  /** "Transfer all to …" choices: the unit, the least-loaded online agent of it. */
  moves: CommandButtonView[];
  claimedBy: string | null;
  /** The claim command of this alert (`claim agent:<email> bu:<unit>`). */
  claimCommand: string;
  /**
   * Set once nothing is left to do ("All of them were moved.", "Ann Lee is back (Online)."): the alert then offers
   * no move or transfer buttons.
   */
  resolved?: string | null;
}

/**
 * A chart as data, vendor-free: the surfaces turn it into a PNG (Vega-Lite → SVG → resvg) and attach it. `alt` is the
 * one-line text alternative shown with the image.
 */
export type ChartView =
  | {
      kind: 'timeseries';
      title: string;
      alt: string;
      /** One point per (bucket, series): e.g. per day and business unit, the average sentiment and the chat count. */
      points: { at: Date; series: string; sentiment: number | null; chats: number }[];
      /** The period asked for, so days or hours without chats still show as such. */
      period?: { from: Date; to: Date };
    }
  | {
      kind: 'reliability';
      title: string;
      alt: string;
      /** Predicted CSAT bucket 1..5 → share of thumbs up among the chats of that bucket, per series (unit or "All"). */
      points: { predicted: number; shareUp: number; count: number; series: string }[];
    };

/** A coaching whisper drafted for a supervisor to edit; sent only when they send it, through the whisper path. */
export interface WhisperDraftView {
  ref: string;
  /** The drafted whisper text, editable. */
  text: string;
  /** The situation it answers: "negative customer", "long wait", "repeated question", "promise not kept", "general". */
  situation: string;
  /** The model's name, or 'template'. */
  source: string;
  /** Why it was drafted this way (one line, shown above the editor). */
  reason: string;
}
