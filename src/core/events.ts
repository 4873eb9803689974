// Platform events: what the chat platform tells us, translated into domain terms by its adapter.
import type { Agent, ChatSnapshot, IncomingMessage, Thumbs } from './model';

interface EventBase {
  /** Unique, stable key of this delivery's event (for de-duplication in the inbox). */
  key: string;
}

export type PlatformEvent =
  | (EventBase & { type: 'chat.started'; chat: ChatSnapshot })
  | (EventBase & { type: 'message'; message: IncomingMessage })
  | (EventBase & {
      type: 'chat.assigned';
      conversationId: string;
      agentEmail: string | null;
      agentName: string | null;
      businessUnit: string;
      reason: 'assign' | 'transfer';
      at: Date;
    })
  | (EventBase & {
      type: 'chat.finished';
      conversationId: string;
      closedAt: Date;
      messages: IncomingMessage[];
    })
  | (EventBase & { type: 'feedback'; conversationId: string; thumbs: Thumbs; comment: string | null; at: Date })
  | (EventBase & { type: 'agent.status'; agent: Agent })
  | (EventBase & { type: 'ignored'; name: string });

export type PlatformEventType = PlatformEvent['type'];

/** The conversation an event is about, if any. */
export function conversationOf(ev: PlatformEvent): string | null {
  switch (ev.type) {
    case 'chat.started':
      return ev.chat.conversationId;
    case 'message':
      return ev.message.conversationId;
    case 'chat.assigned':
    case 'chat.finished':
    case 'feedback':
      return ev.conversationId;
    default:
      return null;
  }
}
