// Domain model of supervision: chats, messages, agents, threads. No vendor words here.

export type ChatStatus = 'open' | 'closed';
export type ChatState = 'open' | 'transferred' | 'finished';
export type SenderRole = 'customer' | 'agent' | 'bot' | 'whisper' | 'system';
export type Thumbs = 'up' | 'down';
export type AgentStatus = 'Online' | 'Offline' | 'Busy' | 'Disabled';
export type SentimentLabel = 'negative' | 'neutral' | 'positive';
export type SurfaceName = 'slack' | 'teams' | 'terminal';

export interface Attachment {
  name: string;
  url: string;
  mime?: string;
}

/** A chat as Convrs describes it (translated by the Convrs adapter). */
export interface ChatSnapshot {
  conversationId: string;
  uid: string;
  channel: string;
  customerName: string;
  customerCountry: string | null;
  businessUnit: string;
  agentEmail: string | null;
  agentName: string | null;
  status: ChatStatus;
  startedAt: Date;
  lastActivityAt: Date;
  closedAt: Date | null;
  thumbs: Thumbs | null;
}

/** A chat as we store it: the snapshot plus our ref, state and scores. */
export interface Chat extends ChatSnapshot {
  /** Our row id. */
  id: number;
  /** Short printable reference, e.g. "C-1042" (always "C-" + (1000 + id)). */
  ref: string;
  state: ChatState;
  inactive: boolean;
  sentimentScore: number | null;
  sentimentLabel: SentimentLabel | null;
  sentimentSource: string | null;
  sentimentAt: Date | null;
  csat: number | null;
  csatReason: string | null;
  csatSource: string | null;
  csatAt: Date | null;
  /**
   * The CSAT of the last scoring that did not know the customer's thumbs (null when every one did): what calibration
   * compares with the thumbs, since `csat` of a rated chat is held to them. Absent on chats built outside the store.
   */
  csatBlind?: number | null;
}

/** A message of a chat as Convrs describes it. `kind: 'note'` marks system notes we create. */
export interface IncomingMessage {
  mid: string;
  conversationId: string;
  role: SenderRole;
  authorName: string;
  authorEmail: string | null;
  text: string;
  attachments: Attachment[];
  at: Date;
  kind: 'message' | 'note';
}

export interface StoredMessage extends IncomingMessage {
  id: number;
  /** Arrival sequence within the chat (1, 2, …); display order is (at, seq). */
  seq: number;
  chatId: number;
  /** When we stored it. */
  receivedAt: Date;
}

export interface Agent {
  email: string;
  name: string;
  businessUnits: string[];
  permissions: string[];
  status: AgentStatus;
  selfStatus: string | null;
  openChats: number;
  maxChats: number;
}

export type ThreadKind = 'personal' | 'team';

/** Our printable chat reference for a chat row id. */
export const chatRefOf = (chatId: number): string => `C-${1000 + chatId}`;

/** Where one chat is mirrored on one surface. */
export interface Thread {
  id: number;
  chatId: number;
  surface: SurfaceName;
  /** Surface-specific place the thread lives in (a DM/channel id, a conversation id, "tty"). */
  destination: string;
  kind: ThreadKind;
  /** Supervisor (surface user id) for personal threads; null for team threads. */
  ownerUserId: string | null;
  /** Id of the chat card / thread root on the surface, once posted. */
  rootPostId: string | null;
  /** Only messages with seq greater than this are mirrored (history is posted at start). */
  fromSeq: number;
  active: boolean;
  createdAt: Date;
}

export type AlertKind = 'negative' | 'inactive' | 'orphaned';

/** One point of a chat's summary, resting on one stored line (its id and time). */
export interface SummaryPoint {
  text: string;
  messageId: number;
  at: Date;
}

/** A chat's summary as made (and stored with the alerts that carry it). `source`: the model's name, or 'extractive'. */
export interface ChatSummary {
  points: SummaryPoint[];
  source: string;
  /** Why the preferred summarizer (a model) did not make it, when another one did (e.g. 'rate_limited'). */
  fallbackReason?: string;
}

export interface Alert {
  id: number;
  /**
   * The chat of a negative or inactive alert. An orphaned-chats alert is about an agent in a unit (`agentEmail`,
   * `businessUnit`); it is filed under the first of the agent's open chats there when it was raised.
   */
  chatId: number;
  kind: AlertKind;
  agentEmail: string | null;
  businessUnit: string | null;
  /** What the chat was about when the alert was raised (negative and inactive alerts). */
  summary: ChatSummary | null;
  text: string;
  /** The sentiment score that crossed the threshold (negative alerts). */
  score: number | null;
  raisedAt: Date;
  claimedBy: string | null;
  claimedAt: Date | null;
}

export interface Watch {
  id: number;
  surface: SurfaceName;
  destination: string;
  businessUnit: string;
  createdBy: string;
  createdAt: Date;
}

/** A surface user resolved to a Convrs agent (or not). */
export interface Supervisor {
  surface: SurfaceName;
  userId: string;
  email: string | null;
  agent: Agent | null;
  isAdmin: boolean;
}
