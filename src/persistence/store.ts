// The Store port over TypeORM: one sub-store per table family, all bound to the same Db (root or transaction).
import type { DataSource } from 'typeorm';
import type { Clock, Store } from '../core/ports';
import { Db } from './db';
import { agentStore } from './stores/agents';
import { alertStore } from './stores/alerts';
import { auditStore } from './stores/audit';
import { chatStore } from './stores/chats';
import { destinationStore } from './stores/destinations';
import { identityStore } from './stores/identities';
import { inboxStore } from './stores/inbox';
import { messageStore } from './stores/messages';
import { outboxStore } from './stores/outbox';
import { retentionStore } from './stores/retention';
import { surfaceInboxStore } from './stores/surface-inbox';
import { surfaceStateStore } from './stores/surface-state';
import { threadStore } from './stores/threads';
import { watchStore } from './stores/watches';
import { whisperStore } from './stores/whispers';

const systemClock: Clock = { now: () => new Date() };

export interface StoreOptions {
  /** Stamps received_at, created_at, posted_at …; tests pass a fake one. */
  clock?: Clock;
}

export function createStore(ds: DataSource, opts: StoreOptions = {}): Store {
  return storeOn(new Db(ds), opts.clock ?? systemClock);
}

function storeOn(db: Db, clock: Clock): Store {
  return {
    inbox: inboxStore(db, clock),
    surfaceInbox: surfaceInboxStore(db, clock),
    chats: chatStore(db, clock),
    messages: messageStore(db, clock),
    threads: threadStore(db, clock),
    outbox: outboxStore(db, clock),
    watches: watchStore(db, clock),
    agents: agentStore(db, clock),
    identities: identityStore(db, clock),
    whispers: whisperStore(db, clock),
    audit: auditStore(db, clock),
    destinations: destinationStore(db),
    surfaceState: surfaceStateStore(db, clock),
    alerts: alertStore(db, clock),
    retention: retentionStore(db),
    transaction: (fn) => db.atomic((_m, tx) => fn(storeOn(tx, clock))),
    ping: async () => {
      await db.run((m) => m.query('SELECT 1'));
    },
    close: async () => {
      if (db.inTransaction) throw new Error('store.close() called inside a transaction');
      if (db.ds.isInitialized) await db.ds.destroy();
    },
  };
}
