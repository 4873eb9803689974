// The reads behind "who is on a chat" (chat cards), on SQLite and PostgreSQL: last whispers, cached identities and
// agents of many at once.
import type { DataSource } from 'typeorm';
import type { Agent, ChatSnapshot, IncomingMessage } from '../core/model';
import type { Clock, Store } from '../core/ports';
import { postgresTestDatabase, sqliteTestDatabase } from './test-databases';
import { createStore } from './store';

const T0 = Date.parse('2024-05-01T09:00:00.000Z');
const at = (min: number) => new Date(T0 + min * 60_000);
const clock: Clock = { now: () => at(60) };
const TABLES = ['outbox', 'whispers', 'threads', 'messages', 'chats', 'agents', 'identities'];

const snap = (conversationId: string): ChatSnapshot => ({
  conversationId,
  uid: `u-${conversationId}`,
  channel: 'webchat',
  customerName: 'Ann',
  customerCountry: null,
  businessUnit: 'Sales',
  agentEmail: 'bob@acme.test',
  agentName: 'Bob',
  status: 'open',
  startedAt: at(0),
  lastActivityAt: at(0),
  closedAt: null,
  thumbs: null,
});
const msg = (mid: string, over: Partial<IncomingMessage>): IncomingMessage => ({
  mid,
  conversationId: 'x',
  role: 'customer',
  authorName: 'Ann',
  authorEmail: null,
  text: `text ${mid}`,
  attachments: [],
  at: at(1),
  kind: 'message',
  ...over,
});
const agent = (email: string, name: string): Agent => ({
  email,
  name,
  businessUnits: ['Sales'],
  permissions: ['Supervise'],
  status: 'Online',
  selfStatus: null,
  openChats: 0,
  maxChats: 3,
});

function describePresenceReads(name: string, open: () => Promise<{ ds: DataSource; dispose(): Promise<void> }>) {
  describe(`presence reads: ${name}`, () => {
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

    it('lastWhispers: per chat its newest whisper in display order (at, then seq), notes and other roles ignored', async () => {
      const a = (await s.chats.upsert(snap('a'))).chat;
      const b = (await s.chats.upsert(snap('b'))).chat;
      const c = (await s.chats.upsert(snap('c'))).chat;
      await s.messages.insert(
        a.id,
        msg('a1', { role: 'whisper', authorName: 'Sam Boss', authorEmail: 'sam@acme.test', at: at(5) }),
      );
      // Arrived later but stamped earlier: not the last one.
      await s.messages.insert(
        a.id,
        msg('a2', { role: 'whisper', authorName: 'Sue Sales', authorEmail: 'sue@acme.test', at: at(3) }),
      );
      await s.messages.insert(a.id, msg('a3', { role: 'agent', authorName: 'Bob', at: at(9) }));
      await s.messages.insert(a.id, msg('a4', { role: 'whisper', authorName: 'Note', kind: 'note', at: at(10) }));
      // Same time: the later seq wins; a whisper from the platform's own app may carry no email.
      await s.messages.insert(
        b.id,
        msg('b1', { role: 'whisper', authorName: 'Sam Boss', authorEmail: 'sam@acme.test', at: at(7) }),
      );
      await s.messages.insert(
        b.id,
        msg('b2', { role: 'whisper', authorName: 'Tom Tech', authorEmail: null, at: at(7) }),
      );
      await s.messages.insert(c.id, msg('c1', { role: 'customer', at: at(2) }));
      const got = await s.messages.lastWhispers([a.id, b.id, c.id, a.id, 999_999]);
      expect([...got.keys()].sort((x, y) => x - y)).toEqual([a.id, b.id]);
      expect(got.get(a.id)).toEqual({ authorName: 'Sam Boss', authorEmail: 'sam@acme.test', at: at(5) });
      expect(got.get(b.id)).toEqual({ authorName: 'Tom Tech', authorEmail: null, at: at(7) });
      expect(await s.messages.lastWhispers([])).toEqual(new Map());
    });

    it('lastWhispers: many chats in one call', async () => {
      const ids: number[] = [];
      for (let i = 0; i < 30; i++) {
        const chat = (await s.chats.upsert(snap(`m${i}`))).chat;
        ids.push(chat.id);
        if (i % 3 === 0)
          await s.messages.insert(chat.id, msg(`w${i}`, { role: 'whisper', authorName: `S${i}`, at: at(i) }));
      }
      const got = await s.messages.lastWhispers(ids);
      expect(got.size).toBe(10);
      expect(got.get(ids[27]!)).toMatchObject({ authorName: 'S27', at: at(27) });
    });

    it('identities.getMany: cached users of any surface in one read, the others absent', async () => {
      await s.identities.put('slack', 'U1', 'sam@acme.test');
      await s.identities.put('teams', 'U1', 'other@acme.test');
      await s.identities.put('terminal', 'sue', null);
      const got = await s.identities.getMany([
        { surface: 'slack', userId: 'U1' },
        { surface: 'terminal', userId: 'sue' },
        { surface: 'slack', userId: 'nobody' },
      ]);
      expect(got.sort((x, y) => x.surface.localeCompare(y.surface))).toEqual([
        { surface: 'slack', userId: 'U1', email: 'sam@acme.test' },
        { surface: 'terminal', userId: 'sue', email: null },
      ]);
      expect(await s.identities.getMany([])).toEqual([]);
    });

    it('agents.byEmails: case-insensitively, keyed by the lower-cased email', async () => {
      await s.agents.replaceAll([agent('Sam.Boss@acme.test', 'Sam Boss'), agent('sue@acme.test', 'Sue Sales')]);
      const got = await s.agents.byEmails(['sam.boss@ACME.test', 'sue@acme.test', 'ghost@acme.test']);
      expect([...got.keys()].sort()).toEqual(['sam.boss@acme.test', 'sue@acme.test']);
      expect(got.get('sam.boss@acme.test')?.name).toBe('Sam Boss');
      expect(await s.agents.byEmails([])).toEqual(new Map());
    });
  });
}

describePresenceReads('SQLite', () => sqliteTestDatabase('presence'));

describePresenceReads('PostgreSQL', () => postgresTestDatabase('p'));
