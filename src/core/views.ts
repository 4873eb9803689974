// Neutral view models: every surface renders these, so Slack, Teams and the terminal say the same thing.
import type { AgentStatus, ChatState, SenderRole, SentimentLabel, Thumbs } from './model';

export type ChatAction = 'transfer' | 'finish' | 'unsupervise' | 'supervise';

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
  csat: { score: number; reason: string | null; source: string } | null;
  thumbs: Thumbs | null;
  state: ChatState;
  actions: ChatAction[];
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

/** Everything a use case can answer to the person who asked. */
export type ReplyView =
  | { type: 'notice'; tone: 'info' | 'success' | 'error'; text: string; hint?: string }
  | { type: 'list'; page: ListPageView }
  | { type: 'help'; help: HelpView }
  | { type: 'card'; card: ChatCardView }
  | { type: 'transfer-form'; form: TransferFormView }
  | { type: 'confirm'; confirm: ConfirmView };

/** A file a use case produced (e.g. a CSV export) for the surface to deliver. */
export interface FileView {
  name: string;
  mime: string;
  content: string;
  /** One-line summary shown with the file ("42 chats, 2026-11-01 – 2026-11-24"). */
  summary: string;
}

export interface AlertView {
  kind: 'negative' | 'inactive';
  ref: string;
  text: string;
  claimedBy: string | null;
}
