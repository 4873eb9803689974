// Retention purge on both databases: text of chats finished before the window goes, everything else stays.
import type { DataSource } from 'typeorm';
import type { ChatSnapshot, IncomingMessage } from '../core/model';
import type { Clock, CoreLogger, Store } from '../core/ports';
import { purgeOldData } from '../core/usecases/purge-old-data';
import { postgresTestDatabase, sqliteTestDatabase } from './test-databases';
import { createStore } from './store';

const DAY = 86_400_000;
const NOW = Date.parse('2024-05-01T10:00:00.000Z');
const daysAgo = (d: number) => new Date(NOW - d * DAY);
const TABLES = [
  'outbox',
  'whispers',
  'threads',
  'messages',
  'chats',
  'inbox',
  'alerts',
  'surface_inbox',
  'surface_state',
];

class FakeClock implements Clock {
  t = new Date(NOW);
  now = () => new Date(this.t);
}

/** A database and a way to open a second connection to it (as a second worker process would). */
interface Target {
  ds: DataSource;
  another(): Promise<DataSource>;
  dispose(): Promise<void>;
}

function snap(conversationId: string, over: Partial<ChatSnapshot>): ChatSnapshot {
  return {
    conversationId,
    uid: `u-${conversationId}`,
    channel: 'webchat',
    customerName: 'Ann',
    customerCountry: 'PT',
    businessUnit: 'Sales',
    agentEmail: 'bob@acme.test',
    agentName: 'Bob',
    status: 'closed',
    startedAt: daysAgo(400),
    lastActivityAt: daysAgo(400),
    closedAt: null,
    thumbs: null,
    ...over,
  };
}
const msg = (mid: string, at: Date): IncomingMessage => ({
  mid,
  conversationId: 'x',
  role: 'customer',
  authorName: 'Ann',
  authorEmail: null,
  text: `secret text ${mid}`,
  attachments: [],
  at,
  kind: 'message',
});

function recordingLog(): CoreLogger & { lines: string[] } {
  const lines: string[] = [];
  const put = (obj: object, m?: string) => {
    lines.push(JSON.stringify({ ...obj, msg: m }));
  };
  return { lines, debug: put, info: put, warn: put, error: put };
}

function describeRetention(name: string, open: () => Promise<Target>) {
  describe(`Retention purge: ${name}`, () => {
    const clock = new FakeClock();
    let target: Target;
    let s: Store;

    beforeAll(async () => {
      target = await open();
      s = createStore(target.ds, { clock });
    });
    afterAll(async () => target?.dispose());
    beforeEach(async () => {
      clock.t = new Date(NOW);
      for (const t of TABLES) await target.ds.query(`DELETE FROM ${t}`);
    });

    /** A chat with messages, a posted thread line, a whisper and both alert kinds. */
    async function chatWithHistory(cid: string, over: Partial<ChatSnapshot>, messages = 3) {
      const { chat } = await s.chats.upsert(snap(cid, over));
      const stored = [];
      for (let i = 0; i < messages; i++)
        stored.push((await s.messages.insert(chat.id, msg(`${cid}-m${i}`, daysAgo(200)))).message);
      const { thread } = await s.threads.open({
        chatId: chat.id,
        surface: 'slack',
        destination: 'C1',
        kind: 'personal',
        ownerUserId: 'U1',
        fromSeq: 0,
      });
      await s.outbox.enqueue(stored.map((m) => ({ threadId: thread.id, messageId: m.id })));
      const pending = await s.outbox.pendingFor('slack', 'C1', new Date(NOW + DAY), 100);
      await s.outbox.markPosted(
        pending.filter((p) => p.thread.id === thread.id).map((p) => p.id),
        `post-${cid}`,
      );
      const { whisper } = await s.whispers.begin({
        sourceKey: `src-${cid}`,
        chatId: chat.id,
        supervisorEmail: 'sam@acme.test',
        text: `whisper about ${cid}`,
        surface: 'slack',
      });
      await s.whispers.complete(whisper.id, { status: 'sent', convrsMid: `wm-${cid}` });
      const negative = await s.alerts.create({
        chatId: chat.id,
        kind: 'negative',
        text: `Sentiment fell to -0.80. “quote of ${cid}”`,
        score: -0.8,
      });
      const inactive = await s.alerts.create({
        chatId: chat.id,
        kind: 'inactive',
        text: 'No message for 5 minutes (last at 10:00 UTC).',
        score: null,
      });
      return { chat, thread, stored, whisper, negative, inactive };
    }

    async function inboxAt(key: string, daysOld: number, outcome: 'done' | 'failed' | 'waiting') {
      clock.t = daysAgo(daysOld);
      const { id } = await s.inbox.accept(key, 'message', '{"text":"raw secret"}', 'x');
      if (outcome === 'done') await s.inbox.markDone(id);
      if (outcome === 'failed') await s.inbox.markFailed(id, 'poison');
      clock.t = new Date(NOW);
      return id;
    }

    async function requestAt(key: string, hoursOld: number, worked: boolean) {
      clock.t = new Date(NOW - hoursOld * 3_600_000);
      const { id } = await s.surfaceInbox.accept(key, '{"text":"whisper C-1 raw secret"}');
      if (worked) await s.surfaceInbox.markDone(id);
      clock.t = new Date(NOW);
      return id;
    }

    async function seed() {
      const old = await chatWithHistory('old', { closedAt: daysAgo(100), lastActivityAt: daysAgo(100) }, 5);
      const noCloseTime = await chatWithHistory('no-close-time', { closedAt: null, lastActivityAt: daysAgo(95) }, 1);
      const recent = await chatWithHistory('recent', { closedAt: daysAgo(10), lastActivityAt: daysAgo(10) });
      const open = await chatWithHistory('open', { status: 'open', closedAt: null, lastActivityAt: daysAgo(120) });
      const inbox = {
        oldDone: await inboxAt('old-done', 8, 'done'),
        oldFailed: await inboxAt('old-failed', 30, 'failed'),
        freshDone: await inboxAt('fresh-done', 3, 'done'),
        oldWaiting: await inboxAt('old-waiting', 30, 'waiting'),
      };
      const requests = {
        workedYesterday: await requestAt('slack:old', 30, true),
        workedNow: await requestAt('slack:new', 2, false),
        neverWorked: await requestAt('teams:stuck', 72, false),
      };
      await s.surfaceInbox.markDone(requests.workedNow);
      await s.surfaceState.put('teams', 'chart:expired', 'x', new Date(NOW - 1000));
      await s.surfaceState.put('teams', 'chart:live', 'y', new Date(NOW + 3_600_000));
      await s.surfaceState.put('teams', 'ref:forever', 'z');
      return { old, noCloseTime, recent, open, inbox, requests };
    }

    const count = async (table: string) => Number((await target.ds.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

    it('deletes messages and thread lines of chats finished before the window; blanks their whisper and quoting alert texts; keeps the chats', async () => {
      const w = await seed();
      const log = recordingLog();
      const counts = await purgeOldData({ store: s, clock, log }, { retentionDays: 90, batchSize: 2 });
      expect(counts).toEqual({
        outbox: 6,
        messages: 6,
        whispers: 2,
        alerts: 2,
        inbox: 2,
        surfaceInbox: 1,
        surfaceState: 1,
      });

      for (const c of [w.old, w.noCloseTime]) {
        expect(await s.chats.get(c.chat.id)).toMatchObject({ id: c.chat.id, status: 'closed', customerName: 'Ann' });
        expect(await s.messages.recent(c.chat.id, 100)).toEqual([]);
        expect(await s.outbox.postIdOf(c.thread.id, c.stored[0].id)).toBeNull();
        expect(await s.whispers.bySourceKey(c.whisper.sourceKey)).toMatchObject({
          text: '',
          status: 'sent',
          convrsMid: `wm-${c.chat.conversationId}`,
          supervisorEmail: 'sam@acme.test',
        });
        expect(await s.alerts.get(c.negative.id)).toMatchObject({ text: '', kind: 'negative', score: -0.8 });
        expect((await s.alerts.get(c.inactive.id))?.text).toBe(c.inactive.text);
      }
      for (const c of [w.recent, w.open]) {
        expect((await s.messages.recent(c.chat.id, 100)).map((m) => m.text)).toEqual(c.stored.map((m) => m.text));
        expect(await s.outbox.postIdOf(c.thread.id, c.stored[0].id)).toBe(`post-${c.chat.conversationId}`);
        expect((await s.whispers.bySourceKey(c.whisper.sourceKey))?.text).toBe(c.whisper.text);
        expect((await s.alerts.get(c.negative.id))?.text).toBe(c.negative.text);
      }
      expect(await count('chats')).toBe(4);
      expect(await count('threads')).toBe(4);

      // Processed inbox rows older than a week go (done or failed); recent ones and those never applied stay.
      expect(await s.inbox.get(w.inbox.oldDone)).toBeNull();
      expect(await s.inbox.get(w.inbox.oldFailed)).toBeNull();
      expect(await s.inbox.get(w.inbox.freshDone)).not.toBeNull();
      expect(await s.inbox.get(w.inbox.oldWaiting)).not.toBeNull();
      // Supervisor requests worked over a day ago go; one worked just now and one never worked stay.
      expect(await s.surfaceInbox.get(w.requests.workedYesterday)).toBeNull();
      expect(await s.surfaceInbox.get(w.requests.workedNow)).not.toBeNull();
      expect(await s.surfaceInbox.get(w.requests.neverWorked)).not.toBeNull();
      // Expired surface keys go; live ones and those without an expiry stay.
      expect(await count('surface_state')).toBe(2);
      expect(await s.surfaceState.get('teams', 'chart:live')).toBe('y');
      expect(await s.surfaceState.get('teams', 'ref:forever')).toBe('z');

      const line = log.lines.find((l) => l.includes('retention purge done'))!;
      expect(JSON.parse(line)).toMatchObject({ retentionDays: 90, messages: 6, outbox: 6, inbox: 2 });
      expect(log.lines.join('\n')).not.toMatch(/secret|quote of|whisper about/);

      // A second run finds nothing left to do.
      expect(await purgeOldData({ store: s, clock, log }, { retentionDays: 90 })).toEqual({
        outbox: 0,
        messages: 0,
        whispers: 0,
        alerts: 0,
        inbox: 0,
        surfaceInbox: 0,
        surfaceState: 0,
      });
    });

    it('blanks the summaries alerts carry (they quote the chat) of chats finished before the window; the alerts stay', async () => {
      const summary = (cid: string) => ({
        points: [
          { text: `Asked: “secret request of ${cid}”`, messageId: 1, at: daysAgo(200) },
          { text: 'Ann promised: “soon”', messageId: 2, at: daysAgo(200) },
        ],
        source: 'extractive',
      });
      const old = await chatWithHistory('old-sum', { closedAt: daysAgo(100), lastActivityAt: daysAgo(100) }, 1);
      const recent = await chatWithHistory('recent-sum', { closedAt: daysAgo(10), lastActivityAt: daysAgo(10) }, 1);
      const oldInactive = await s.alerts.create({
        chatId: old.chat.id,
        kind: 'inactive',
        text: 'No message for 5 minutes (last at 10:00 UTC).',
        score: null,
        summary: summary('old'),
      });
      const oldNegative = await s.alerts.create({
        chatId: old.chat.id,
        kind: 'negative',
        text: 'Sentiment fell to -0.80. “quote”',
        score: -0.8,
        summary: summary('old'),
      });
      const recentInactive = await s.alerts.create({
        chatId: recent.chat.id,
        kind: 'inactive',
        text: 'No message for 5 minutes.',
        score: null,
        summary: summary('recent'),
      });

      const counts = await purgeOldData({ store: s, clock, log: recordingLog() }, { retentionDays: 90, batchSize: 2 });
      // The seeded negative alert (text) and the two old alerts with summaries.
      expect(counts?.alerts).toBe(3);
      expect(await s.alerts.get(oldInactive.id)).toMatchObject({
        summary: null,
        text: oldInactive.text,
        kind: 'inactive',
      });
      expect(await s.alerts.get(oldNegative.id)).toMatchObject({ summary: null, text: '', score: -0.8 });
      expect((await s.alerts.get(recentInactive.id))?.summary).toMatchObject({
        source: 'extractive',
        points: [{ text: 'Asked: “secret request of recent”' }, { messageId: 2 }],
      });
      expect(JSON.stringify(await target.ds.query('SELECT summary FROM alerts'))).not.toContain(
        'secret request of old',
      );
      expect((await purgeOldData({ store: s, clock, log: recordingLog() }, { retentionDays: 90 }))?.alerts).toBe(0);
    });

    it('RETENTION_DAYS=0 keeps everything', async () => {
      await seed();
      const before = await Promise.all(TABLES.map(count));
      expect(
        await purgeOldData({ store: s, clock, log: recordingLog() }, { retentionDays: 0, batchSize: 1 }),
      ).toBeNull();
      expect(await Promise.all(TABLES.map(count))).toEqual(before);
      expect(await target.ds.query(`SELECT id FROM whispers WHERE text = ''`)).toEqual([]);
    });

    it('a longer window keeps a chat the default one would purge', async () => {
      const { old } = await seed();
      await purgeOldData({ store: s, clock, log: recordingLog() }, { retentionDays: 365 });
      expect(await s.messages.recent(old.chat.id, 100)).toHaveLength(5);
    });

    it('two processes purging at once delete each row once between them', async () => {
      const many = await chatWithHistory('many', { closedAt: daysAgo(100), lastActivityAt: daysAgo(100) }, 60);
      const ds2 = await target.another();
      try {
        const other = createStore(ds2, { clock });
        const runs = await Promise.all(
          [s, other].map((store) =>
            purgeOldData({ store, clock, log: recordingLog() }, { retentionDays: 90, batchSize: 7 }),
          ),
        );
        expect(runs[0]!.messages + runs[1]!.messages).toBe(60);
        expect(runs[0]!.outbox + runs[1]!.outbox).toBe(60);
        expect(await s.messages.recent(many.chat.id, 100)).toEqual([]);
      } finally {
        await ds2.destroy();
      }
    });
  });
}

describeRetention('SQLite', () => sqliteTestDatabase('retention'));

describeRetention('PostgreSQL', () => postgresTestDatabase('r'));
