// Customer message → threads, step one: an event the platform's intake parsed is stored once (by its key), neutral.
import { encodeEvent } from '../event-codec';
import { conversationOf } from '../events';
import type { NewInboxEvent, PlatformEventSink } from '../ports';

export interface AcceptEventOptions {
  /** Stores the event once by its key and wakes its applier (the intake's group commit over InboxStore.acceptMany). */
  store(event: NewInboxEvent): Promise<{ id: number; fresh: boolean }>;
  /** Counts what was accepted (a redelivery is not fresh). */
  accepted?(type: string, fresh: boolean): void;
}

/**
 * The sink the platform's intakes (webhook, websocket) hand their events to. It resolves once the event is stored, so
 * the intake acknowledges only what is safe; the workers then apply the stored neutral event (apply-events.ts).
 */
export function acceptPlatformEvents(o: AcceptEventOptions): PlatformEventSink {
  return async (event) => {
    if (event.type === 'ignored') return;
    const { fresh } = await o.store({
      key: event.key,
      type: event.type,
      payload: encodeEvent(event),
      conversationId: conversationOf(event),
    });
    o.accepted?.(event.type, fresh);
  };
}
