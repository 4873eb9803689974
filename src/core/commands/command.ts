// The parsed form of every command, as the grammar returns it and use cases receive it.
import type { ChatStatus, SentimentLabel, Thumbs } from '../model';
import type { CsatOp } from '../ports';

export type TransferTarget = { kind: 'agent'; value: string } | { kind: 'bu'; value: string };
export type AgentStatusFilter = 'online' | 'busy' | 'offline' | 'disabled';

export interface OpenFilter {
  businessUnit?: string;
  agent?: string;
  inactive?: true;
  sort?: 'last-active' | 'started';
}
export interface ChatsFilter {
  from?: Date;
  /** Inclusive: the last millisecond of the `to:` day (UTC). */
  to?: Date;
  agent?: string;
  businessUnit?: string;
  status?: ChatStatus;
  sentiment?: SentimentLabel;
  csat?: { op: CsatOp; value: number };
  thumbs?: Thumbs;
}
export interface AgentsFilter {
  businessUnit?: string;
  status?: AgentStatusFilter;
}
export interface ReportFilter {
  from?: Date;
  to?: Date;
  businessUnit?: string;
}

export type Command =
  | { name: 'help'; topic?: string }
  | { name: 'supervise'; chat: string }
  | { name: 'unsupervise'; chat: string }
  | { name: 'watch'; businessUnit: string }
  | { name: 'unwatch'; businessUnit: string }
  | { name: 'whisper'; chat: string; text: string }
  /** Without `to`: the card's Transfer button, answered with the agent/BU choices. */
  | { name: 'transfer'; chat: string; to?: TransferTarget }
  | { name: 'finish'; chat: string; confirmed: boolean }
  | { name: 'score'; chat: string }
  /** "I've got it" on an alert: the newest alert of the chat, or of that kind. */
  | { name: 'claim'; chat: string; kind?: 'negative' | 'inactive' }
  /** "I've got it" on an orphaned-chats alert: the newest one of the agent (in that unit). */
  | { name: 'claim'; agent: string; businessUnit?: string }
  /** Open chats of the requester's units that no thread mirrors, riskiest first. */
  | { name: 'coverage'; businessUnit?: string; page: number }
  /** Every open chat of an agent (only those of `fromUnit`, when given) to another agent or a unit. */
  | { name: 'transfer-all'; agent: string; fromUnit?: string; to: TransferTarget }
  /** Two to five points about a chat, each with the time of the line it rests on. */
  | { name: 'summary'; chat: string }
  /** Drafts one coaching whisper for the chat's situation, for the requester to edit and send; never sends it. */
  | { name: 'suggest'; chat: string }
  /** What needs the requester now: coverage, their supervised chats, the watched units. */
  | { name: 'home' }
  | { name: 'open'; filter: OpenFilter; page: number }
  | { name: 'chats'; filter: ChatsFilter; export: boolean; page: number }
  | { name: 'agents'; filter: AgentsFilter; page: number }
  | { name: 'report'; filter: ReportFilter; export: boolean }
  /** Predicted CSAT against thumbs on the chats that have both: error per unit and a reliability table. */
  | { name: 'calibration'; filter: ReportFilter }
  | { name: 'unknown'; word: string };

export type CommandName = Exclude<Command['name'], 'unknown'>;
