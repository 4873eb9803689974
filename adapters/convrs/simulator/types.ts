// Wire objects of the simulated Convrs, shaped exactly as CONVRS.md "Our profile" → "Objects".

export type Channel = 'whatsapp' | 'webchat' | 'messenger' | 'sms';
export type Direction = 'inbound' | 'outbound' | 'transfer';
export type Sender = 'customer' | 'agent' | 'bot' | 'whisper' | 'system';
export type ThumbsValue = 'up' | 'down';
export type AgentStatusValue = 'Online' | 'Offline' | 'Busy' | 'Disabled';
export type Permission = 'Supervise' | 'Supervise Open Chats' | 'All Chats';

export interface Attachment {
  name: string;
  url: string;
  mime: string;
}

export interface Customer {
  uid: string;
  name: string;
  country: string;
}

export interface Conversation {
  conversationId: string;
  uid: string;
  botID: string;
  channel: Channel;
  customer: { name: string; country: string };
  businessUnit: string;
  agent: { email: string; name: string } | null;
  direction: Direction;
  status: 'open' | 'closed';
  /** UTC, no offset, with milliseconds: "2026-11-24T10:15:24.123". */
  startedAt: string;
  lastActivityAt: string;
  closedAt: string | null;
  thumbs: ThumbsValue | null;
}

export interface Message {
  mid: string;
  conversationId: string;
  uid: string;
  sender: Sender;
  author: { email?: string; name: string };
  text: string;
  attachments: Attachment[];
  timestamp: string;
}

export interface Agent {
  email: string;
  name: string;
  businessUnits: string[];
  permissions: Permission[];
  status: AgentStatusValue;
  selfStatus: string | null;
  openChats: number;
  maxChats: number;
}

/** What a command returns, on every transport. */
export interface CommandReply {
  cmd: string;
  ok: 0 | 1;
  data?: unknown;
  uid?: string;
  error?: string;
}

/** What Convrs pushes (webhook POST body or websocket frame). `data.eventId` is unique per event. */
export interface EventEnvelope {
  cmd: string;
  ok: 1;
  data: Record<string, unknown> & { eventId: string };
  /** The customer; absent on agent events. */
  uid?: string;
}

export interface CommandLogEntry {
  cmd: string;
  params: Record<string, unknown>;
  at: Date;
  transport: 'http' | 'ws';
}
