// AlertStore.forAgent on SQLite and PostgreSQL: an agent's orphaned-chats alerts by email (any case), unit and time,
// newest first (the cooldown and the claims of `claim agent:` read it).
import type { DataSource } from 'typeorm';
import type { Store } from '../core/ports';
import { postgresTestDatabase, sqliteTestDatabase } from './test-databases';
import { createStore } from './store';

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

contract('SQLite', () => sqliteTestDatabase('alerts'));

contract('PostgreSQL', () => postgresTestDatabase('t'));
