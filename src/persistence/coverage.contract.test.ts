// ChatStore.coverage on both databases: open chats of a scope, which of them an active thread mirrors, the rest in rough risk order.
import type { DataSource } from 'typeorm';
import type { ChatSnapshot } from '../core/model';
import type { Clock, Store } from '../core/ports';
import { postgresTestDatabase, sqliteTestDatabase } from './test-databases';
import { createStore } from './store';

const NOW = Date.parse('2024-05-01T10:00:00.000Z');
const minAgo = (m: number) => new Date(NOW - m * 60_000);
const TABLES = ['outbox', 'threads', 'messages', 'chats'];

class FakeClock implements Clock {
  t = new Date(NOW);
  now = () => new Date(this.t);
}

function snap(conversationId: string, over: Partial<ChatSnapshot> = {}): ChatSnapshot {
  return {
    conversationId,
    uid: `u-${conversationId}`,
    channel: 'webchat',
    customerName: `Customer ${conversationId}`,
    customerCountry: null,
    businessUnit: 'Sales',
    agentEmail: 'ann@acme.test',
    agentName: 'Ann Lee',
    status: 'open',
    startedAt: minAgo(30),
    lastActivityAt: minAgo(1),
    closedAt: null,
    thumbs: null,
    ...over,
  };
}

function describeCoverage(name: string, open: () => Promise<{ ds: DataSource; dispose(): Promise<void> }>) {
  describe(`ChatStore.coverage: ${name}`, () => {
    const clock = new FakeClock();
    let target: { ds: DataSource; dispose(): Promise<void> };
    let s: Store;

    beforeAll(async () => {
      target = await open();
      s = createStore(target.ds, { clock });
    });
    afterAll(async () => target?.dispose());
    beforeEach(async () => {
      for (const t of TABLES) await target.ds.query(`DELETE FROM ${t}`);
    });

    const chat = async (cid: string, over: Partial<ChatSnapshot> = {}) => (await s.chats.upsert(snap(cid, over))).chat;
    const thread = (chatId: number, kind: 'personal' | 'team', destination: string) =>
      s.threads.open({
        chatId,
        surface: 'slack',
        destination,
        kind,
        ownerUserId: kind === 'personal' ? 'U1' : null,
        fromSeq: 0,
      });

    it('counts open chats of the scope and those an active thread (personal or wall) mirrors; lists the others', async () => {
      const supervised = await chat('supervised');
      const walled = await chat('walled');
      const both = await chat('both');
      const ended = await chat('ended');
      const nobody = await chat('nobody');
      await chat('closed', { status: 'closed', closedAt: minAgo(2) });
      const tech = await chat('tech', { businessUnit: 'Tech Support' });
      await thread(supervised.id, 'personal', 'D1');
      await thread(walled.id, 'team', 'CWALL');
      await thread(both.id, 'personal', 'D1');
      await thread(both.id, 'team', 'CWALL');
      // A thread whose viewer lost the right to see the chat is ended: it no longer covers it.
      const gone = await thread(ended.id, 'personal', 'D2');
      await s.threads.end(gone.thread.id, null, 'moved');

      const sales = await s.chats.coverage({ businessUnits: ['sales'] }, 500);
      expect({ total: sales.total, covered: sales.covered }).toEqual({ total: 5, covered: 3 });
      expect(sales.uncovered.map((u) => u.chat.ref).sort()).toEqual([ended.ref, nobody.ref].sort());
      expect(sales.uncovered[0]!.chat).toMatchObject({
        status: 'open',
        businessUnit: 'Sales',
        agentEmail: 'ann@acme.test',
      });

      const all = await s.chats.coverage({}, 500);
      expect({ total: all.total, covered: all.covered }).toEqual({ total: 6, covered: 3 });
      expect(all.uncovered.map((u) => u.chat.ref)).toContain(tech.ref);
      const two = await s.chats.coverage({ businessUnits: ['Sales', 'TECH SUPPORT'] }, 500);
      expect(two.total).toBe(6);
      expect(await s.chats.coverage({ businessUnits: [] }, 500)).toEqual({ total: 0, covered: 0, uncovered: [] });
      expect(await s.chats.coverage({ businessUnits: ['Nowhere'] }, 500)).toEqual({
        total: 0,
        covered: 0,
        uncovered: [],
      });

      // Opening the thread again makes it cover again; closing a wall thread uncovers.
      await thread(ended.id, 'personal', 'D2');
      const wall = await s.threads.find(walled.id, 'slack', 'CWALL');
      await s.threads.close(wall!.id);
      const after = await s.chats.coverage({ businessUnits: ['Sales'] }, 500);
      expect(after.covered).toBe(3);
      expect(after.uncovered.map((u) => u.chat.ref).sort()).toEqual([walled.ref, nobody.ref].sort());
    });

    it('lists negative, then inactive, then queued, then the longest idle first; the limit cuts the list, not the counts', async () => {
      const calm = await chat('calm', { lastActivityAt: minAgo(3) });
      const idle = await chat('idle', { lastActivityAt: minAgo(9) });
      const queued = await chat('queued', { agentEmail: null, agentName: null, lastActivityAt: minAgo(2) });
      const quiet = await chat('quiet', { lastActivityAt: minAgo(6) });
      await s.chats.update(quiet.id, { inactive: true });
      const angry = await chat('angry', { lastActivityAt: minAgo(1) });
      await s.chats.update(angry.id, {
        sentimentScore: -0.6,
        sentimentLabel: 'negative',
        sentimentSource: 'lexicon',
        sentimentAt: minAgo(1),
      });
      const r = await s.chats.coverage({ businessUnits: ['Sales'] }, 500);
      expect(r.uncovered.map((u) => u.chat.ref)).toEqual([angry.ref, quiet.ref, queued.ref, idle.ref, calm.ref]);
      expect(r.uncovered[0]!.chat).toMatchObject({ sentimentScore: -0.6, sentimentLabel: 'negative' });
      expect(r.uncovered[1]!.chat.inactive).toBe(true);
      const cut = await s.chats.coverage({ businessUnits: ['Sales'] }, 2);
      expect(cut.uncovered.map((u) => u.chat.ref)).toEqual([angry.ref, quiet.ref]);
      expect({ total: cut.total, covered: cut.covered }).toEqual({ total: 5, covered: 0 });
      expect((await s.chats.coverage({}, 0)).uncovered).toEqual([]);
    });

    it('says since when a chat without an agent waits: its start, or the assignment that left it in the queue', async () => {
      const neverAssigned = await chat('new', { agentEmail: null, agentName: null, startedAt: minAgo(4) });
      const backToQueue = await chat('back', { startedAt: minAgo(20) });
      await s.chats.applyAssignment(
        backToQueue.id,
        { agentEmail: null, agentName: null, businessUnit: 'Sales', state: 'transferred' },
        minAgo(3),
      );
      const withAgent = await chat('agent');
      const r = await s.chats.coverage({}, 500);
      const since = new Map(r.uncovered.map((u) => [u.chat.ref, u.queuedSince?.toISOString() ?? null]));
      expect(since.get(neverAssigned.ref)).toBe(minAgo(4).toISOString());
      expect(since.get(backToQueue.ref)).toBe(minAgo(3).toISOString());
      expect(since.get(withAgent.ref)).toBeNull();
    });
  });
}

describeCoverage('SQLite', () => sqliteTestDatabase('coverage'));

describeCoverage('PostgreSQL', () => postgresTestDatabase('cov'));
