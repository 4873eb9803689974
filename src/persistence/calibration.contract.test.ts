// The blind CSAT (predicted before the thumbs) on both databases: stored and read back, kept when a snapshot
// refreshes the chat, and found by the thumbs queries calibration reads with.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { ChatSnapshot } from '../core/model';
import type { Clock, Store } from '../core/ports';
import { openDatabase } from './data-source';
import { createStore } from './store';

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const NOW = Date.parse('2024-05-01T10:00:00.000Z');
const clock: Clock = { now: () => new Date(NOW) };

const snap = (conversationId: string, over: Partial<ChatSnapshot> = {}): ChatSnapshot => ({
  conversationId,
  uid: `u-${conversationId}`,
  channel: 'webchat',
  customerName: 'Customer',
  customerCountry: null,
  businessUnit: 'Sales',
  agentEmail: 'ann@acme.test',
  agentName: 'Ann Lee',
  status: 'closed',
  startedAt: new Date(NOW - 3_600_000),
  lastActivityAt: new Date(NOW - 60_000),
  closedAt: new Date(NOW - 60_000),
  thumbs: null,
  ...over,
});

function describeBlindCsat(name: string, open: () => Promise<{ ds: DataSource; dispose(): Promise<void> }>) {
  describe(`ChatStore csatBlind: ${name}`, () => {
    let target: { ds: DataSource; dispose(): Promise<void> };
    let s: Store;
    beforeAll(async () => {
      target = await open();
      s = createStore(target.ds, { clock });
    });
    afterAll(async () => target?.dispose());

    it('is null on a new chat, stored by update, kept by a refreshing snapshot, and found by a thumbs query', async () => {
      const { chat } = await s.chats.upsert(snap('blind-1'));
      expect(chat.csatBlind).toBeNull();
      await s.chats.update(chat.id, { csat: 2.5, csatBlind: 2.5 });
      await s.chats.applyThumbs(chat.id, 'up', new Date(NOW));
      await s.chats.update(chat.id, { csat: 4 });
      await s.chats.upsert(snap('blind-1', { thumbs: 'up' }));
      expect(await s.chats.get(chat.id)).toMatchObject({ csat: 4, csatBlind: 2.5, thumbs: 'up' });
      const { items } = await s.chats.query({ thumbs: 'up', businessUnit: 'Sales' }, { page: 1, pageSize: 10 });
      expect(items.map((c) => [c.ref, c.csatBlind])).toEqual([[chat.ref, 2.5]]);
    });
  });
}

describeBlindCsat('SQLite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convrs-calibration-'));
  const ds = await openDatabase(`sqlite:${path.join(dir, 'test.sqlite')}`);
  return {
    ds,
    dispose: async () => {
      await ds.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

describeBlindCsat('PostgreSQL', async () => {
  const schema = `cal_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const ds = await openDatabase(PG_URL, { schema });
  return {
    ds,
    dispose: async () => {
      await ds.query(`DROP SCHEMA "${schema}" CASCADE`);
      await ds.destroy();
    },
  };
});
