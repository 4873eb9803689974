// AlertStore.forAgent on SQLite and PostgreSQL: an agent's orphaned-chats alerts by email (any case), unit and time,
// newest first (the cooldown and the claims of `claim agent:` read it).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { Store } from '../core/ports';
import { openDatabase } from './data-source';
import { createStore } from './store';

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function contract(name: string, open: () => Promise<{ ds: DataSource; dispose: () => Promise<void> }>) {
  describe(`AlertStore.forAgent: ${name}`, () => {
    let ds: DataSource;
    let dispose: () => Promise<void>;
    let now = Date.parse('2026-12-07T10:00:00Z');
    let s: Store;
    beforeAll(async () => {
      ({ ds, dispose } = await open());
      s = createStore(ds, { clock: { now: () => new Date(now) } });
    });
    afterAll(async () => dispose());

    it('finds them by agent, kind, unit and since, newest first', async () => {
      const { chat } = await s.chats.upsert({
        conversationId: 'cv-1',
        uid: 'u',
        channel: 'webchat',
        customerName: 'Jo',
        customerCountry: null,
        businessUnit: 'Sales',
        agentEmail: 'ann@acme.test',
        agentName: 'Ann',
        status: 'open',
        startedAt: new Date(now),
        lastActivityAt: new Date(now),
        closedAt: null,
        thumbs: null,
      });
      const make = (unit: string, agentEmail = 'Ann@Acme.test') =>
        s.alerts.create({ chatId: chat.id, kind: 'orphaned', text: 't', score: null, agentEmail, businessUnit: unit });
      const a = await make('Sales');
      now += 60_000;
      const b = await make('Tech Support');
      now += 60_000;
      const c = await make('Sales');
      await make('Sales', 'bob@acme.test');
      await s.alerts.create({ chatId: chat.id, kind: 'negative', text: 'x', score: -0.5 });
      expect(a.agentEmail).toBe('ann@acme.test');
      expect((await s.alerts.forAgent('ANN@acme.test', 'orphaned')).map((x) => x.id)).toEqual([c.id, b.id, a.id]);
      expect(
        (await s.alerts.forAgent('ann@acme.test', 'orphaned', { businessUnit: 'Sales' })).map((x) => x.id),
      ).toEqual([c.id, a.id]);
      expect(
        (await s.alerts.forAgent('ann@acme.test', 'orphaned', { since: new Date(now - 60_000) })).map((x) => x.id),
      ).toEqual([c.id, b.id]);
      expect((await s.alerts.forAgent('ann@acme.test', 'orphaned', { limit: 1 })).map((x) => x.id)).toEqual([c.id]);
      expect(await s.alerts.forAgent('ann@acme.test', 'negative')).toEqual([]);
      expect(await s.alerts.forAgent('nobody@acme.test', 'orphaned')).toEqual([]);
    });
  });
}

contract('SQLite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convrs-alerts-'));
  const ds = await openDatabase(`sqlite:${path.join(dir, 'test.sqlite')}`);
  return {
    ds,
    dispose: async () => {
      await ds.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

contract('PostgreSQL', async () => {
  const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const ds = await openDatabase(PG_URL, { schema });
  return {
    ds,
    dispose: async () => {
      await ds.query(`DROP SCHEMA "${schema}" CASCADE`);
      await ds.destroy();
    },
  };
});
