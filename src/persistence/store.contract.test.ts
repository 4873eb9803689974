// Store contract: one suite, run against SQLite (temp file) and PostgreSQL (a throw-away schema).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { Agent, ChatSnapshot, IncomingMessage } from '../core/model';
import type { Clock, Store } from '../core/ports';
import { openDatabase } from './data-source';
import { createStore } from './store';
import { destinationHash, shardOf } from '../core/drain-shard';

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const uniqueSchema = () => `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;

class FakeClock implements Clock {
  t = new Date('2024-05-01T10:00:00.000Z');
  now = () => new Date(this.t);
  advance(ms: number) {
    this.t = new Date(this.t.getTime() + ms);
  }
}

interface Harness {
  store: Store;
  ds: DataSource;
  dispose(): Promise<void>;
}

const TABLES = [
  'outbox',
  'whispers',
  'threads',
  'messages',
  'audit_log',
  'chats',
  'inbox',
  'watches',
  'agents',
  'identities',
  'destinations',
  'refreshes',
  'surface_state',
  'alert_posts',
  'alerts',
];
const T0 = Date.parse('2024-05-01T09:00:00.000Z');
const at = (min: number) => new Date(T0 + min * 60_000);

function snap(conversationId: string, over: Partial<ChatSnapshot> = {}): ChatSnapshot {
  return {
    conversationId,
    uid: `u-${conversationId}`,
    channel: 'webchat',
    customerName: 'Ann',
    customerCountry: 'PT',
    businessUnit: 'Sales',
    agentEmail: 'bob@acme.test',
    agentName: 'Bob Stone',
    status: 'open',
    startedAt: at(0),
    lastActivityAt: at(5),
    closedAt: null,
    thumbs: null,
    ...over,
  };
}

function msg(mid: string, over: Partial<IncomingMessage> = {}): IncomingMessage {
  return {
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
  };
}

function agent(email: string, over: Partial<Agent> = {}): Agent {
  return {
    email,
    name: email.split('@')[0],
    businessUnits: ['Sales'],
    permissions: ['Supervise'],
    status: 'Online',
    selfStatus: null,
    openChats: 1,
    maxChats: 3,
    ...over,
  };
}

export function describeStoreContract(name: string, makeStore: (clock: Clock) => Promise<Harness>) {
  describe(`Store contract: ${name}`, () => {
    const clock = new FakeClock();
    let h: Harness;
    let s: Store;

    beforeAll(async () => {
      h = await makeStore(clock);
      s = h.store;
    });
    afterAll(async () => h?.dispose());
    beforeEach(async () => {
      clock.t = new Date('2024-05-01T10:00:00.000Z');
      for (const t of TABLES) await h.ds.query(`DELETE FROM ${t}`);
    });

    const newChat = async (cid = 'conv-1', over: Partial<ChatSnapshot> = {}) =>
      (await s.chats.upsert(snap(cid, over))).chat;

    describe('inbox', () => {
      it('stores an event once and reports duplicates with the existing id', async () => {
        const a = await s.inbox.accept('evt-1', 'message', '{"a":1}');
        const b = await s.inbox.accept('evt-1', 'message', '{"a":2}');
        expect(a.fresh).toBe(true);
        expect(b).toEqual({ id: a.id, fresh: false });
        expect(await s.inbox.get(a.id)).toEqual({
          id: a.id,
          key: 'evt-1',
          type: 'message',
          payload: '{"a":1}',
          conversationId: null,
          receivedAt: clock.now(),
          processedAt: null,
          error: null,
        });
        expect(await s.inbox.get(a.id + 999)).toBeNull();
      });

      it('accepts many events in one call: fresh ones in order, duplicates (stored before or repeated in the call) with the stored id', async () => {
        const before = await s.inbox.accept('m-0', 'message', '{"n":0}', 'conv-m');
        const got = await s.inbox.acceptMany([
          { key: 'm-1', type: 'message', payload: '{"n":1}', conversationId: 'conv-m' },
          { key: 'm-0', type: 'message', payload: '{"n":"again"}' },
          { key: 'm-2', type: 'chat.started', payload: '{"n":2}' },
          { key: 'm-1', type: 'message', payload: '{"n":"twice"}', conversationId: 'conv-m' },
          { key: 'm-3', type: 'message', payload: '{"n":3}', conversationId: null },
        ]);
        expect(got.map((r) => r.fresh)).toEqual([true, false, true, false, true]);
        expect(got[1]).toEqual({ id: before.id, fresh: false });
        expect(got[3]).toEqual({ id: got[0]!.id, fresh: false });
        const freshIds = [got[0]!.id, got[2]!.id, got[4]!.id];
        expect(freshIds[0]).toBeGreaterThan(before.id);
        expect([...freshIds].sort((a, b) => a - b)).toEqual(freshIds);
        expect(await s.inbox.get(got[0]!.id)).toEqual({
          id: got[0]!.id,
          key: 'm-1',
          type: 'message',
          payload: '{"n":1}',
          conversationId: 'conv-m',
          receivedAt: clock.now(),
          processedAt: null,
          error: null,
        });
        expect((await s.inbox.get(before.id))?.payload).toBe('{"n":0}');
        expect(await s.inbox.get(got[2]!.id)).toMatchObject({ key: 'm-2', type: 'chat.started', conversationId: null });
        expect((await s.inbox.unprocessed(new Date(clock.t.getTime() + 1), 100)).map((r) => r.key)).toEqual([
          'm-0',
          'm-1',
          'm-2',
          'm-3',
        ]);
        // The same batch again: nothing fresh, the same ids.
        const again = await s.inbox.acceptMany([
          { key: 'm-3', type: 'message', payload: '{}' },
          { key: 'm-1', type: 'message', payload: '{}' },
        ]);
        expect(again).toEqual([
          { id: got[4]!.id, fresh: false },
          { id: got[0]!.id, fresh: false },
        ]);
        expect(await s.inbox.acceptMany([])).toEqual([]);
      });

      it('recognises a key with a lone surrogate (a forged event) when it comes again', async () => {
        const [a, b] = await s.inbox.acceptMany([
          { key: 'x|\ud800y', type: 't', payload: 'p' },
          { key: 'x|\udc00', type: 't', payload: 'p' },
        ]);
        expect([a!.fresh, b!.fresh]).toEqual([true, true]);
        expect(await s.inbox.accept('x|\ud800y', 't', 'p')).toEqual({ id: a!.id, fresh: false });
        expect(await s.inbox.acceptMany([{ key: 'x|\udc00', type: 't', payload: 'p' }])).toEqual([
          { id: b!.id, fresh: false },
        ]);
      });

      it('accepts a batch as large as the intake sends (200) in one call', async () => {
        const events = Array.from({ length: 200 }, (_, i) => ({
          key: `big-${i}`,
          type: 'message',
          payload: `{"i":${i}}`,
          conversationId: `conv-${i % 7}`,
        }));
        const first = await s.inbox.acceptMany(events.slice(0, 50));
        const all = await s.inbox.acceptMany(events);
        expect(all.slice(0, 50)).toEqual(first.map((r) => ({ ...r, fresh: false })));
        expect(all.slice(50).every((r) => r.fresh)).toBe(true);
        expect(new Set(all.map((r) => r.id)).size).toBe(200);
        expect(await s.inbox.backlog()).toEqual({ count: 200, oldest: clock.now() });
      });

      it('marks done and failed, and lists the unprocessed received before a time', async () => {
        const a = await s.inbox.accept('a', 't', 'p');
        clock.advance(1000);
        const b = await s.inbox.accept('b', 't', 'p');
        clock.advance(1000);
        const c = await s.inbox.accept('c', 't', 'p');
        const d = await s.inbox.accept('d', 't', 'p');
        expect((await s.inbox.unprocessed(clock.now(), 10)).map((r) => r.id)).toEqual([a.id, b.id]);
        expect((await s.inbox.unprocessed(new Date(clock.t.getTime() + 1), 10)).map((r) => r.id)).toEqual([
          a.id,
          b.id,
          c.id,
          d.id,
        ]);
        expect((await s.inbox.unprocessed(new Date(clock.t.getTime() + 1), 1)).map((r) => r.id)).toEqual([a.id]);
        await s.inbox.markDone(a.id);
        await s.inbox.markFailed(b.id, 'boom');
        const done = await s.inbox.get(a.id);
        expect(done?.processedAt).toBeInstanceOf(Date);
        expect(done?.error).toBeNull();
        expect((await s.inbox.get(b.id))?.error).toBe('boom');
        expect((await s.inbox.unprocessed(new Date(clock.t.getTime() + 1), 10)).map((r) => r.id)).toEqual([c.id, d.id]);
      });

      it('lists a shard of the pending events after a cursor, oldest first, and marks many done at once', async () => {
        const rows = [];
        for (let i = 0; i < 9; i++) rows.push(await s.inbox.accept(`p-${i}`, 'message', `{"i":${i}}`, 'conv-p'));
        const ids = rows.map((r) => r.id);
        const shard = (index: number) => ({ index, of: 3 });
        const inShard = (index: number) => ids.filter((id) => id % 3 === index);
        expect((await s.inbox.pending(shard(1), 0, 100)).map((r) => r.id)).toEqual(inShard(1));
        expect((await s.inbox.pending(shard(1), 0, 2)).map((r) => r.id)).toEqual(inShard(1).slice(0, 2));
        expect((await s.inbox.pending(shard(1), inShard(1)[1]!, 100)).map((r) => r.id)).toEqual(inShard(1).slice(2));
        const [first] = await s.inbox.pending(shard(2), 0, 1);
        expect(first).toMatchObject({
          id: inShard(2)[0],
          type: 'message',
          conversationId: 'conv-p',
          processedAt: null,
        });
        await s.inbox.markDoneMany(inShard(0).slice(0, 2));
        await s.inbox.markDoneMany([]);
        expect((await s.inbox.pending(shard(0), 0, 100)).map((r) => r.id)).toEqual(inShard(0).slice(2));
        expect((await s.inbox.get(inShard(0)[0]!))?.processedAt).toEqual(clock.now());
        expect((await s.inbox.unprocessed(new Date(clock.t.getTime() + 1), 100)).length).toBe(7);
        expect(await s.inbox.backlog()).toEqual({ count: 7, oldest: clock.now() });
        // Retried on its own: left out of batches, still unprocessed (backlog, recovery).
        await s.inbox.markRetrying(inShard(0)[2]!, 'Convrs is not answering');
        expect(await s.inbox.pending(shard(0), 0, 100)).toEqual([]);
        expect(await s.inbox.get(inShard(0)[2]!)).toMatchObject({
          processedAt: null,
          error: 'Convrs is not answering',
        });
        expect((await s.inbox.unprocessed(new Date(clock.t.getTime() + 1), 100)).map((r) => r.id)).toContain(
          inShard(0)[2],
        );
        await s.inbox.markRetrying(inShard(0)[0]!, 'late');
        expect((await s.inbox.get(inShard(0)[0]!))?.error).toBeNull();
        expect(await s.inbox.backlog()).toEqual({ count: 7, oldest: clock.now() });
        await s.inbox.markDoneMany(ids);
        expect(await s.inbox.backlog()).toEqual({ count: 0, oldest: null });
      });
    });

    describe('chats', () => {
      it('inserts a snapshot with our defaults and a ref', async () => {
        const { chat, created } = await s.chats.upsert(snap('conv-1'));
        expect(created).toBe(true);
        expect(chat).toEqual({
          ...snap('conv-1'),
          id: chat.id,
          ref: `C-${1000 + chat.id}`,
          state: 'open',
          inactive: false,
          sentimentScore: null,
          sentimentLabel: null,
          sentimentSource: null,
          sentimentAt: null,
          csat: null,
          csatReason: null,
          csatSource: null,
          csatAt: null,
          csatBlind: null,
        });
        expect(chat.startedAt).toBeInstanceOf(Date);
        expect(typeof chat.id).toBe('number');
      });

      it('stores the blind CSAT (predicted before the thumbs), keeps it on refresh, and returns it from a thumbs query', async () => {
        const chat = await newChat('blind-1', { status: 'closed', closedAt: at(6) });
        await s.chats.update(chat.id, { csat: 2.5, csatBlind: 2.5 });
        await s.chats.applyThumbs(chat.id, 'up', at(7));
        await s.chats.update(chat.id, { csat: 4 });
        await s.chats.upsert(snap('blind-1', { status: 'closed', closedAt: at(6), thumbs: 'up' }));
        expect(await s.chats.get(chat.id)).toMatchObject({ csat: 4, csatBlind: 2.5, thumbs: 'up' });
        const { items } = await s.chats.query({ thumbs: 'up', businessUnit: 'Sales' }, { page: 1, pageSize: 10 });
        expect(items.map((c) => [c.ref, c.csatBlind])).toEqual([[chat.ref, 2.5]]);
      });

      it('refreshes the snapshot on upsert and keeps state, inactive and scores', async () => {
        const first = await newChat('conv-1');
        await s.chats.update(first.id, {
          state: 'transferred',
          inactive: true,
          sentimentScore: -0.25,
          sentimentLabel: 'negative',
          sentimentSource: 'lexicon',
          sentimentAt: at(7),
          csat: 2.5,
          csatReason: 'slow',
          csatSource: 'model',
          csatAt: at(8),
        });
        const { chat, created } = await s.chats.upsert(
          snap('conv-1', {
            agentEmail: 'eve@acme.test',
            agentName: 'Eve',
            status: 'closed',
            closedAt: at(30),
            thumbs: 'down',
            lastActivityAt: at(30),
          }),
        );
        expect(created).toBe(false);
        expect(chat.id).toBe(first.id);
        expect(chat).toMatchObject({
          agentEmail: 'eve@acme.test',
          status: 'closed',
          closedAt: at(30),
          thumbs: 'down',
          lastActivityAt: at(30),
        });
        expect(chat).toMatchObject({
          state: 'transferred',
          inactive: true,
          sentimentScore: -0.25,
          sentimentLabel: 'negative',
          sentimentSource: 'lexicon',
          sentimentAt: at(7),
          csat: 2.5,
          csatReason: 'slow',
          csatSource: 'model',
          csatAt: at(8),
        });
      });

      it('never lets an older snapshot reopen a chat, clear its thumbs, move its activity back or undo a newer assignment', async () => {
        const chat = await newChat('conv-1');
        await s.chats.applyAssignment(
          chat.id,
          { agentEmail: 'eve@acme.test', agentName: 'Eve', businessUnit: 'Tech Support' },
          at(20),
        );
        await s.chats.applyThumbs(chat.id, 'down', at(21));
        await s.chats.update(chat.id, { status: 'closed', closedAt: at(22), lastActivityAt: at(22) });
        // A chat.started snapshot (no asOf) from before all that.
        const { chat: after } = await s.chats.upsert(snap('conv-1', { customerName: 'Ann B' }));
        expect(after).toMatchObject({
          customerName: 'Ann B',
          status: 'closed',
          closedAt: at(22),
          thumbs: 'down',
          lastActivityAt: at(22),
          agentEmail: 'eve@acme.test',
          businessUnit: 'Tech Support',
        });
        // A snapshot read before that assignment does not undo it; one read after it does.
        expect(
          (await s.chats.upsert(snap('conv-1', { businessUnit: 'Sales' }), { asOf: at(19) })).chat.businessUnit,
        ).toBe('Tech Support');
        expect(
          (
            await s.chats.upsert(snap('conv-1', { businessUnit: 'Sales', agentEmail: 'bob@acme.test' }), {
              asOf: at(25),
            })
          ).chat,
        ).toMatchObject({ businessUnit: 'Sales', agentEmail: 'bob@acme.test' });
        // An assignment Convrs stamped just after that read (within the clocks' margin) still counts as newer.
        const justBefore = new Date(at(25).getTime() - 1000);
        expect(
          (
            await s.chats.applyAssignment(
              chat.id,
              { agentEmail: 'dan@acme.test', agentName: 'Dan', businessUnit: 'Customer Support' },
              justBefore,
            )
          ).applied,
        ).toBe(true);
        expect(
          (
            await s.chats.applyAssignment(
              chat.id,
              { agentEmail: 'bob@acme.test', agentName: 'Bob', businessUnit: 'Sales' },
              at(24),
            )
          ).applied,
        ).toBe(false);
      });

      it('applies an assignment or feedback only when it is not older than the one held', async () => {
        const chat = await newChat('conv-1');
        const newer = await s.chats.applyAssignment(
          chat.id,
          { agentEmail: 'eve@acme.test', agentName: 'Eve', businessUnit: 'Tech Support', state: 'transferred' },
          at(20),
        );
        expect(newer).toMatchObject({
          applied: true,
          chat: { agentEmail: 'eve@acme.test', businessUnit: 'Tech Support', state: 'transferred' },
        });
        const older = await s.chats.applyAssignment(
          chat.id,
          { agentEmail: 'bob@acme.test', agentName: 'Bob', businessUnit: 'Sales' },
          at(10),
        );
        expect(older).toMatchObject({
          applied: false,
          chat: { agentEmail: 'eve@acme.test', businessUnit: 'Tech Support' },
        });
        expect(
          (
            await s.chats.applyAssignment(
              chat.id,
              { agentEmail: 'eve@acme.test', agentName: 'Eve', businessUnit: 'Tech Support' },
              at(20),
            )
          ).applied,
        ).toBe(true);
        expect((await s.chats.applyThumbs(chat.id, 'down', at(30))).chat.thumbs).toBe('down');
        expect(await s.chats.applyThumbs(chat.id, 'up', at(29))).toMatchObject({
          applied: false,
          chat: { thumbs: 'down' },
        });
        expect(await s.chats.applyThumbs(chat.id, 'up', at(31))).toMatchObject({
          applied: true,
          chat: { thumbs: 'up' },
        });
        await expect(s.chats.applyThumbs(chat.id + 1000, 'up', at(31))).rejects.toMatchObject({ code: 'not_found' });
      });

      it('gets and finds by ref, bare number or conversation id', async () => {
        const chat = await newChat('conv-abc');
        const n = String(1000 + chat.id);
        expect(await s.chats.get(chat.id)).toEqual(chat);
        expect(await s.chats.get(chat.id + 1000)).toBeNull();
        expect(await s.chats.byConversationId('conv-abc')).toEqual(chat);
        expect(await s.chats.byConversationId('nope')).toBeNull();
        const other = await newChat('conv-def');
        expect(await s.chats.byConversationIds(['conv-abc', 'nope', 'conv-def'])).toEqual(
          new Map([
            ['conv-abc', chat],
            ['conv-def', other],
          ]),
        );
        expect(await s.chats.byConversationIds([])).toEqual(new Map());
        for (const q of [`C-${n}`, `c-${n}`, n, ` ${n} `, 'conv-abc'])
          expect((await s.chats.find(q))?.id).toBe(chat.id);
        for (const q of ['C-999999', 'C-5', '', 'unknown']) expect(await s.chats.find(q)).toBeNull();
      });

      it('finds a numeric conversation id when no ref matches it', async () => {
        const chat = await newChat('987654');
        expect((await s.chats.find('987654'))?.id).toBe(chat.id);
      });

      it('updates a patch and refuses unknown chats', async () => {
        const chat = await newChat();
        const updated = await s.chats.update(chat.id, { state: 'finished', inactive: true, csat: 4 });
        expect(updated).toMatchObject({
          id: chat.id,
          ref: chat.ref,
          state: 'finished',
          inactive: true,
          csat: 4,
          conversationId: 'conv-1',
        });
        expect(await s.chats.update(chat.id, {})).toEqual(updated);
        await expect(s.chats.update(chat.id + 1000, { inactive: true })).rejects.toMatchObject({ code: 'not_found' });
      });

      describe('query', () => {
        let ids: Record<string, number>;
        beforeEach(async () => {
          ids = {};
          const rows: [string, Partial<ChatSnapshot>, Parameters<Store['chats']['update']>[1]][] = [
            [
              'a',
              {
                businessUnit: 'Sales',
                agentEmail: 'bob@acme.test',
                agentName: 'Bob Stone',
                startedAt: at(0),
                lastActivityAt: at(50),
              },
              { sentimentLabel: 'negative', csat: 2 },
            ],
            [
              'b',
              {
                businessUnit: 'sales',
                agentEmail: 'eve@acme.test',
                agentName: 'Eve Ray',
                startedAt: at(10),
                lastActivityAt: at(20),
                thumbs: 'up',
              },
              { inactive: true, csat: 5, sentimentLabel: 'positive' },
            ],
            [
              'c',
              {
                businessUnit: 'Tech Support',
                agentEmail: 'bob@acme.test',
                agentName: 'Bob Stone',
                startedAt: at(20),
                lastActivityAt: at(40),
                status: 'closed',
                thumbs: 'down',
              },
              { csat: 3 },
            ],
            [
              'd',
              {
                businessUnit: 'Customer Support',
                agentEmail: null,
                agentName: null,
                startedAt: at(30),
                lastActivityAt: at(30),
              },
              {},
            ],
            [
              'e',
              {
                businessUnit: 'Tech Support',
                agentEmail: 'al%x@acme.test',
                agentName: '100% Al',
                startedAt: at(40),
                lastActivityAt: at(10),
              },
              { sentimentLabel: 'neutral' },
            ],
          ];
          for (const [cid, over, patch] of rows) {
            const chat = await newChat(cid, over);
            await s.chats.update(chat.id, patch);
            ids[cid] = chat.id;
          }
        });
        const q = async (f: Parameters<Store['chats']['query']>[0], page = { page: 1, pageSize: 50 }) => {
          const r = await s.chats.query(f, page);
          return { keys: r.items.map((c) => Object.keys(ids).find((k) => ids[k] === c.id)), total: r.total };
        };

        it('sorts by last activity (default) or start, newest first', async () => {
          expect(await q({})).toEqual({ keys: ['a', 'c', 'd', 'b', 'e'], total: 5 });
          expect(await q({ sort: 'last-active' })).toEqual({ keys: ['a', 'c', 'd', 'b', 'e'], total: 5 });
          expect(await q({ sort: 'started' })).toEqual({ keys: ['e', 'd', 'c', 'b', 'a'], total: 5 });
        });

        it('paginates with the total', async () => {
          expect(await q({}, { page: 1, pageSize: 2 })).toEqual({ keys: ['a', 'c'], total: 5 });
          expect(await q({}, { page: 2, pageSize: 2 })).toEqual({ keys: ['d', 'b'], total: 5 });
          expect(await q({}, { page: 3, pageSize: 2 })).toEqual({ keys: ['e'], total: 5 });
          expect(await q({}, { page: 4, pageSize: 2 })).toEqual({ keys: [], total: 5 });
        });

        it('filters by status, business unit and scope (case-insensitive)', async () => {
          expect(await q({ status: 'closed' })).toEqual({ keys: ['c'], total: 1 });
          expect((await q({ status: 'open' })).total).toBe(4);
          expect(await q({ businessUnit: 'SALES' })).toEqual({ keys: ['a', 'b'], total: 2 });
          expect(await q({ businessUnits: ['tech support', 'Customer Support'] })).toEqual({
            keys: ['c', 'd', 'e'],
            total: 3,
          });
          expect(await q({ businessUnits: [] })).toEqual({ keys: [], total: 0 });
          expect(await q({ businessUnits: ['Sales'], businessUnit: 'Tech Support' })).toEqual({ keys: [], total: 0 });
        });

        it('filters by agent email exactly or name partially, case-insensitive', async () => {
          expect(await q({ agent: 'BOB@acme.test' })).toEqual({ keys: ['a', 'c'], total: 2 });
          expect(await q({ agent: 'bob@acme' })).toEqual({ keys: [], total: 0 });
          expect(await q({ agent: 'ray' })).toEqual({ keys: ['b'], total: 1 });
          expect(await q({ agent: 'stone' })).toEqual({ keys: ['a', 'c'], total: 2 });
          expect(await q({ agent: '0%' })).toEqual({ keys: ['e'], total: 1 });
          expect(await q({ agent: '%' })).toEqual({ keys: ['e'], total: 1 });
          expect(await q({ agent: '_' })).toEqual({ keys: [], total: 0 });
        });

        it('filters by start time range (inclusive)', async () => {
          expect(await q({ from: at(10), sort: 'started' })).toEqual({ keys: ['e', 'd', 'c', 'b'], total: 4 });
          expect(await q({ to: at(10), sort: 'started' })).toEqual({ keys: ['b', 'a'], total: 2 });
          expect(await q({ from: at(10), to: at(30), sort: 'started' })).toEqual({ keys: ['d', 'c', 'b'], total: 3 });
        });

        it('filters by inactive, sentiment, csat and thumbs', async () => {
          expect(await q({ inactive: true })).toEqual({ keys: ['b'], total: 1 });
          expect((await q({ inactive: false })).total).toBe(4);
          expect(await q({ sentiment: 'negative' })).toEqual({ keys: ['a'], total: 1 });
          expect(await q({ sentiment: 'neutral' })).toEqual({ keys: ['e'], total: 1 });
          expect(await q({ csat: { op: '<', value: 3 } })).toEqual({ keys: ['a'], total: 1 });
          expect(await q({ csat: { op: '<=', value: 3 } })).toEqual({ keys: ['a', 'c'], total: 2 });
          expect(await q({ csat: { op: '=', value: 5 } })).toEqual({ keys: ['b'], total: 1 });
          expect(await q({ csat: { op: '>=', value: 3 } })).toEqual({ keys: ['c', 'b'], total: 2 });
          expect(await q({ csat: { op: '>', value: 3 } })).toEqual({ keys: ['b'], total: 1 });
          expect(await q({ thumbs: 'down' })).toEqual({ keys: ['c'], total: 1 });
          expect(
            await q({ thumbs: 'up', businessUnits: ['Sales'], inactive: true, csat: { op: '>', value: 4 } }),
          ).toEqual({ keys: ['b'], total: 1 });
        });
      });
    });

    describe('messages', () => {
      it('numbers messages per chat and stores each mid once', async () => {
        const chat = await newChat();
        const other = await newChat('conv-2');
        expect(await s.messages.maxSeq(chat.id)).toBe(0);
        const m1 = await s.messages.insert(
          chat.id,
          msg('m1', {
            attachments: [{ name: 'a.png', url: 'https://x/a.png', mime: 'image/png' }],
            authorEmail: 'ann@x.test',
          }),
        );
        const m2 = await s.messages.insert(chat.id, msg('m2'));
        const o1 = await s.messages.insert(other.id, msg('m1'));
        expect([m1.inserted, m2.inserted, o1.inserted]).toEqual([true, true, true]);
        expect([m1.message.seq, m2.message.seq, o1.message.seq]).toEqual([1, 2, 1]);
        expect(m1.message).toEqual({
          ...msg('m1', {
            attachments: [{ name: 'a.png', url: 'https://x/a.png', mime: 'image/png' }],
            authorEmail: 'ann@x.test',
          }),
          conversationId: 'conv-1',
          id: m1.message.id,
          seq: 1,
          chatId: chat.id,
          receivedAt: clock.now(),
        });
        const dup = await s.messages.insert(chat.id, msg('m1', { text: 'changed' }));
        expect(dup).toEqual({ message: m1.message, inserted: false });
        expect(await s.messages.maxSeq(chat.id)).toBe(2);
        expect(await s.messages.byMid(chat.id, 'm2')).toEqual(m2.message);
        expect(await s.messages.byMid(chat.id, 'zz')).toBeNull();
        await expect(s.messages.insert(chat.id + 1000, msg('m9'))).rejects.toMatchObject({ code: 'not_found' });
      });

      it('gives 20 concurrent inserts into one chat the seqs 1..20', async () => {
        const chat = await newChat();
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) => s.messages.insert(chat.id, msg(`c${i}`))),
        );
        expect(results.every((r) => r.inserted)).toBe(true);
        expect(results.map((r) => r.message.seq).sort((a, b) => a - b)).toEqual(
          Array.from({ length: 20 }, (_, i) => i + 1),
        );
        expect(await s.messages.maxSeq(chat.id)).toBe(20);
      });

      it('stores a mid delivered concurrently several times exactly once', async () => {
        const chat = await newChat();
        const results = await Promise.all(Array.from({ length: 6 }, () => s.messages.insert(chat.id, msg('same'))));
        expect(results.filter((r) => r.inserted)).toHaveLength(1);
        expect(new Set(results.map((r) => r.message.id)).size).toBe(1);
        expect(await s.messages.maxSeq(chat.id)).toBe(1);
      });

      it('returns the last messages in display order (at, seq)', async () => {
        const chat = await newChat();
        await s.messages.insert(chat.id, msg('m1', { at: at(3) }));
        await s.messages.insert(chat.id, msg('m2', { at: at(1) }));
        await s.messages.insert(chat.id, msg('m3', { at: at(3) }));
        await s.messages.insert(chat.id, msg('m4', { at: at(2) }));
        expect((await s.messages.recent(chat.id, 10)).map((m) => m.mid)).toEqual(['m2', 'm4', 'm1', 'm3']);
        expect((await s.messages.recent(chat.id, 2)).map((m) => m.mid)).toEqual(['m1', 'm3']);
      });
    });

    describe('append (message + activity + outbox in one unit)', () => {
      const open = async (chatId: number, destination: string, surface: 'slack' | 'teams' = 'slack') =>
        (await s.threads.open({ chatId, surface, destination, kind: 'team', ownerUserId: null, fromSeq: 0 })).thread;

      it('stores once, queues for every active thread but the skipped one, and names their destinations', async () => {
        const chat = await newChat();
        const t1 = await open(chat.id, 'C1');
        const t2 = await open(chat.id, 'C2');
        const t3 = await open(chat.id, 'T1', 'teams');
        const closed = await open(chat.id, 'C9');
        await s.threads.close(closed.id);
        const r = await s.messages.append(chat.id, msg('m1'), { activity: true, skipThreadId: t2.id });
        expect(r.inserted).toBe(true);
        expect(r.message).toMatchObject({
          mid: 'm1',
          seq: 1,
          chatId: chat.id,
          conversationId: 'conv-1',
          receivedAt: clock.now(),
        });
        expect(r.destinations.sort((a, b) => a.destination.localeCompare(b.destination))).toEqual([
          { surface: 'slack', destination: 'C1' },
          { surface: 'teams', destination: 'T1' },
        ]);
        const after = new Date(clock.t.getTime() + 1);
        expect((await s.outbox.pendingFor('slack', 'C1', after, 10)).map((i) => [i.thread.id, i.message.mid])).toEqual([
          [t1.id, 'm1'],
        ]);
        expect(await s.outbox.pendingFor('slack', 'C2', after, 10)).toEqual([]);
        expect((await s.outbox.pendingFor('teams', 'T1', after, 10)).map((i) => i.thread.id)).toEqual([t3.id]);

        const dup = await s.messages.append(chat.id, msg('m1', { text: 'again' }), { activity: true });
        expect(dup).toEqual({ message: r.message, inserted: false, destinations: [] });
        expect(await s.outbox.pendingFor('slack', 'C2', after, 10)).toEqual([]);
        const m2 = await s.messages.append(chat.id, msg('m2'), { activity: true });
        expect(m2.message.seq).toBe(2);
        await expect(s.messages.append(chat.id + 1000, msg('m9'), { activity: true })).rejects.toMatchObject({
          code: 'not_found',
        });
      });

      it('appends many (of several chats) in one unit, each as append would, results in the order given', async () => {
        const a = await newChat('conv-a');
        const b = await newChat('conv-b');
        const ta = await open(a.id, 'CA');
        await open(b.id, 'CB');
        const ev = await s.inbox.accept('ev-b2', 'message', '{}', 'conv-b');
        const first = await s.messages.append(a.id, msg('a0'), { activity: true });
        const r = await s.messages.appendMany([
          { chatId: b.id, message: msg('b1'), opts: { activity: true } },
          { chatId: a.id, message: msg('a1'), opts: { activity: true, skipThreadId: ta.id } },
          { chatId: b.id, message: msg('b2'), opts: { activity: true, inboxId: ev.id } },
          { chatId: a.id, message: msg('a0', { text: 'again' }), opts: { activity: true } },
          { chatId: a.id, message: msg('a2'), opts: { activity: false } },
        ]);
        expect(r.map((x) => [x.message.mid, x.message.seq, x.inserted])).toEqual([
          ['b1', 1, true],
          ['a1', 2, true],
          ['b2', 2, true],
          ['a0', 1, false],
          ['a2', 3, true],
        ]);
        expect(r.map((x) => x.destinations.map((d) => d.destination))).toEqual([['CB'], [], ['CB'], [], ['CA']]);
        expect(r[3].message).toEqual(first.message);
        expect((await s.inbox.get(ev.id))?.processedAt).toEqual(clock.now());
        const after = new Date(clock.t.getTime() + 1);
        expect((await s.outbox.pendingFor('slack', 'CB', after, 10)).map((i) => i.message.mid)).toEqual(['b1', 'b2']);
        expect((await s.outbox.pendingFor('slack', 'CA', after, 10)).map((i) => i.message.mid)).toEqual(['a0', 'a2']);
        expect(await s.messages.appendMany([])).toEqual([]);
        await expect(
          s.messages.appendMany([
            { chatId: b.id, message: msg('b3'), opts: { activity: true } },
            { chatId: a.id + 1000, message: msg('x'), opts: { activity: true } },
          ]),
        ).rejects.toMatchObject({ code: 'not_found' });
        expect(await s.messages.byMid(b.id, 'b3')).toBeNull();
      });

      it('moves the last activity forward only, clears inactive, and leaves both alone when not activity', async () => {
        const chat = await newChat('conv-1', { lastActivityAt: at(5) });
        await s.chats.update(chat.id, { inactive: true });
        await s.messages.append(chat.id, msg('w', { at: at(9), role: 'whisper' }), { activity: false });
        expect(await s.chats.get(chat.id)).toMatchObject({ lastActivityAt: at(5), inactive: true });
        await s.messages.append(chat.id, msg('old', { at: at(2) }), { activity: true });
        expect(await s.chats.get(chat.id)).toMatchObject({ lastActivityAt: at(5), inactive: false });
        await s.messages.append(chat.id, msg('new', { at: at(7) }), { activity: true });
        expect((await s.chats.get(chat.id))?.lastActivityAt).toEqual(at(7));
        await s.messages.append(chat.id, msg('older', { at: at(6) }), { activity: true });
        expect((await s.chats.get(chat.id))?.lastActivityAt).toEqual(at(7));
      });

      it('stamps the acceptance time and marks the carrying event applied with a new message only', async () => {
        const chat = await newChat();
        const accepted = new Date(clock.t.getTime() - 30_000);
        const ev1 = await s.inbox.accept('ev-1', 'message', '{}', 'conv-1');
        const ev2 = await s.inbox.accept('ev-2', 'message', '{}', 'conv-1');
        const r = await s.messages.append(chat.id, msg('m1'), {
          activity: true,
          receivedAt: accepted,
          inboxId: ev1.id,
        });
        expect(r.message.receivedAt).toEqual(accepted);
        expect((await s.inbox.get(ev1.id))?.processedAt).toEqual(clock.now());
        const dup = await s.messages.append(chat.id, msg('m1'), { activity: true, inboxId: ev2.id });
        expect(dup.inserted).toBe(false);
        expect((await s.inbox.get(ev2.id))?.processedAt).toBeNull();
      });

      it('numbers 20 concurrent appends 1..20 and queues each once', async () => {
        const chat = await newChat();
        const t = await open(chat.id, 'C1');
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) => s.messages.append(chat.id, msg(`c${i % 15}`), { activity: true })),
        );
        expect(results.filter((r) => r.inserted)).toHaveLength(15);
        expect(
          results
            .filter((r) => r.inserted)
            .map((r) => r.message.seq)
            .sort((a, b) => a - b),
        ).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
        const pending = await s.outbox.pendingFor('slack', 'C1', new Date(clock.t.getTime() + 1), 100);
        expect(pending.map((p) => p.message.mid).sort()).toEqual(Array.from({ length: 15 }, (_, i) => `c${i}`).sort());
        expect(pending.every((p) => p.thread.id === t.id)).toBe(true);
      });
    });

    describe('threads', () => {
      const place = (chatId: number, over: Partial<Parameters<Store['threads']['open']>[0]> = {}) => ({
        chatId,
        surface: 'slack' as const,
        destination: 'D1',
        kind: 'personal' as const,
        ownerUserId: 'U1',
        fromSeq: 0,
        ...over,
      });

      it('opens once per destination, closes and re-opens in place', async () => {
        const chat = await newChat();
        const a = await s.threads.open(place(chat.id));
        expect(a.created).toBe(true);
        expect(a.thread).toEqual({
          id: a.thread.id,
          chatId: chat.id,
          surface: 'slack',
          destination: 'D1',
          kind: 'personal',
          ownerUserId: 'U1',
          rootPostId: null,
          fromSeq: 0,
          active: true,
          createdAt: clock.now(),
          drainHash: destinationHash('slack', 'D1'),
        });
        const again = await s.threads.open(place(chat.id, { fromSeq: 7 }));
        expect(again).toEqual({ thread: a.thread, created: false });
        expect(await s.threads.get(a.thread.id)).toEqual(a.thread);
        expect(await s.threads.find(chat.id, 'slack', 'D1')).toEqual(a.thread);
        await s.threads.close(a.thread.id);
        expect(await s.threads.find(chat.id, 'slack', 'D1')).toBeNull();
        expect((await s.threads.get(a.thread.id))?.active).toBe(false);
        const reopened = await s.threads.open(place(chat.id, { fromSeq: 5, kind: 'team', ownerUserId: null }));
        expect(reopened.created).toBe(false);
        expect(reopened.thread).toMatchObject({
          id: a.thread.id,
          active: true,
          fromSeq: 5,
          kind: 'team',
          ownerUserId: null,
        });
        expect(await s.threads.get(a.thread.id + 1000)).toBeNull();
      });

      it('sets the root (and a new destination) and finds threads by root, chat and owner', async () => {
        const chat = await newChat();
        const chat2 = await newChat('conv-2');
        const t1 = (await s.threads.open(place(chat.id))).thread;
        const t2 = (
          await s.threads.open(
            place(chat.id, { surface: 'teams', destination: '19:chan', kind: 'team', ownerUserId: null }),
          )
        ).thread;
        const t3 = (await s.threads.open(place(chat2.id))).thread;
        expect(await s.threads.setRoot(t1.id, '111.222')).toMatchObject({
          id: t1.id,
          rootPostId: '111.222',
          destination: 'D1',
        });
        expect((await s.threads.byRoot('slack', 'D1', '111.222'))?.id).toBe(t1.id);
        expect(await s.threads.byRoot('slack', 'D2', '111.222')).toBeNull();
        const moved = await s.threads.setRoot(t2.id, 'r9', '19:chan;messageid=r9');
        expect(moved).toMatchObject({ rootPostId: 'r9', destination: '19:chan;messageid=r9' });
        expect((await s.threads.byRoot('teams', '19:chan;messageid=r9', 'r9'))?.id).toBe(t2.id);
        await expect(s.threads.setRoot(t1.id + 1000, 'x')).rejects.toMatchObject({ code: 'not_found' });
        expect((await s.threads.forChat(chat.id)).map((t) => t.id)).toEqual([t1.id, t2.id]);
        expect((await s.threads.personalOf('slack', 'U1')).map((t) => t.id)).toEqual([t1.id, t3.id]);
        expect(await s.threads.personalOf('teams', 'U1')).toEqual([]);
        await s.threads.close(t1.id);
        expect(await s.threads.byRoot('slack', 'D1', '111.222')).toBeNull();
      });
    });

    describe('ending a thread', () => {
      it('drops what waits for it, still drains its closing note, and keeps that note through a second end', async () => {
        const chat = await newChat();
        const t = (
          await s.threads.open({
            chatId: chat.id,
            surface: 'slack',
            destination: 'D7',
            kind: 'personal',
            ownerUserId: 'U1',
            fromSeq: 0,
          })
        ).thread;
        const other = (
          await s.threads.open({
            chatId: chat.id,
            surface: 'slack',
            destination: 'D8',
            kind: 'personal',
            ownerUserId: 'U2',
            fromSeq: 0,
          })
        ).thread;
        const m1 = (await s.messages.insert(chat.id, msg('m1'))).message;
        const note = (await s.messages.insert(chat.id, msg('thread-note:1', { kind: 'note' }))).message;
        await s.outbox.enqueue([
          { threadId: t.id, messageId: m1.id },
          { threadId: other.id, messageId: m1.id },
        ]);
        clock.advance(1000);
        await s.threads.end(t.id, note.id, 'access ended');
        expect((await s.threads.get(t.id))?.active).toBe(false);
        const view = await s.outbox.drainView('slack', 'D7', 10);
        expect(view.items.map((i) => i.message.id)).toEqual([note.id]);
        expect((await s.outbox.drainView('slack', 'D8', 10)).items.map((i) => i.message.id)).toEqual([m1.id]);
        expect(await s.outbox.pendingDestinations(10)).toEqual(
          expect.arrayContaining([{ surface: 'slack', destination: 'D7' }]),
        );
        await s.threads.end(t.id, null, 'again');
        expect((await s.outbox.drainView('slack', 'D7', 10)).items.map((i) => i.message.id)).toEqual([note.id]);
        expect(await s.outbox.lastPostId(t.id)).toBeNull();
        await s.outbox.markPosted([view.items[0].id], 'p1');
        expect(await s.outbox.lastPostId(t.id)).toBe('p1');
        expect(await s.outbox.pendingDestinations(10)).toEqual([{ surface: 'slack', destination: 'D8' }]);
        // Re-opened: what it dropped unposted is queued again; what it posted, and the closing note, are not.
        await s.threads.open({
          chatId: chat.id,
          surface: 'slack',
          destination: 'D7',
          kind: 'personal',
          ownerUserId: 'U1',
          fromSeq: 0,
        });
        expect(await s.outbox.revive(t.id, [m1.id, note.id])).toBe(1);
        expect((await s.outbox.drainView('slack', 'D7', 10)).items.map((i) => i.message.id)).toEqual([m1.id]);
        expect(await s.outbox.revive(t.id, [])).toBe(0);
      });
    });

    describe('agent loads and identities by email', () => {
      it('counts open chats per assigned agent, case-insensitively', async () => {
        await newChat('c1', { agentEmail: 'Ann@acme.test' });
        await newChat('c2', { agentEmail: 'ann@acme.test' });
        await newChat('c3', { agentEmail: 'ann@acme.test', status: 'closed', closedAt: clock.now() });
        await newChat('c4', { agentEmail: null });
        await newChat('c5', { agentEmail: 'bob@acme.test' });
        expect(await s.chats.openCountsByAgent()).toEqual(
          new Map([
            ['ann@acme.test', 2],
            ['bob@acme.test', 1],
          ]),
        );
      });

      it('finds the surface users known to have an email', async () => {
        await s.identities.put('slack', 'U1', 'ann@acme.test');
        await s.identities.put('teams', 'T1', 'ann@acme.test');
        await s.identities.put('slack', 'U2', 'bob@acme.test');
        const users = await s.identities.usersWithEmail('ANN@acme.test');
        expect(users.sort((a, b) => a.userId.localeCompare(b.userId))).toEqual([
          { surface: 'teams', userId: 'T1' },
          { surface: 'slack', userId: 'U1' },
        ]);
      });
    });

    describe('outbox', () => {
      const setup = async () => {
        const chat = await newChat();
        const thread = (
          await s.threads.open({
            chatId: chat.id,
            surface: 'slack',
            destination: 'C1',
            kind: 'team',
            ownerUserId: null,
            fromSeq: 0,
          })
        ).thread;
        return { chat, thread };
      };

      it('queues each (thread, message) once', async () => {
        const { chat, thread } = await setup();
        const m1 = (await s.messages.insert(chat.id, msg('m1'))).message;
        const m2 = (await s.messages.insert(chat.id, msg('m2'))).message;
        expect(
          await s.outbox.enqueue([
            { threadId: thread.id, messageId: m1.id },
            { threadId: thread.id, messageId: m1.id },
          ]),
        ).toBe(1);
        expect(
          await s.outbox.enqueue([
            { threadId: thread.id, messageId: m1.id },
            { threadId: thread.id, messageId: m2.id },
          ]),
        ).toBe(1);
        expect(await s.outbox.enqueue([])).toBe(0);
        expect(await s.outbox.pendingFor('slack', 'C1', new Date(clock.t.getTime() + 1), 10)).toHaveLength(2);
        await expect(s.outbox.enqueue([{ threadId: thread.id + 1000, messageId: m1.id }])).rejects.toThrow();
      });

      it('remembers a post attempt until the post is recorded', async () => {
        const { chat, thread } = await setup();
        const m1 = (await s.messages.insert(chat.id, msg('a1'))).message;
        const m2 = (await s.messages.insert(chat.id, msg('a2'))).message;
        await s.outbox.enqueue([m1, m2].map((m) => ({ threadId: thread.id, messageId: m.id })));
        const after = new Date(clock.t.getTime() + 1);
        const [i1, i2] = await s.outbox.pendingFor('slack', 'C1', after, 10);
        expect([i1.attemptKey, i2.attemptKey]).toEqual([null, null]);
        await s.outbox.markAttempt([i1.id, i2.id], 'k-1');
        expect((await s.outbox.pendingFor('slack', 'C1', after, 10)).map((i) => i.attemptKey)).toEqual(['k-1', 'k-1']);
        await s.outbox.markPosted([i1.id, i2.id], 'P9');
        expect(await s.outbox.pendingFor('slack', 'C1', after, 10)).toHaveLength(0);
        await s.outbox.markAttempt([i1.id], 'k-late');
        expect(await s.outbox.postIdOf(thread.id, m1.id)).toBe('P9');
      });

      it('returns pending rows per thread in display order, received before a time, limited', async () => {
        const { chat, thread } = await setup();
        const chat2 = await newChat('conv-2');
        const thread2 = (
          await s.threads.open({
            chatId: chat2.id,
            surface: 'slack',
            destination: 'C1',
            kind: 'team',
            ownerUserId: null,
            fromSeq: 0,
          })
        ).thread;
        const ms = [];
        for (const [mid, min] of [
          ['late', 9],
          ['early', 1],
          ['tie-a', 5],
          ['tie-b', 5],
        ] as const)
          ms.push((await s.messages.insert(chat.id, msg(mid, { at: at(min) }))).message);
        const other = (await s.messages.insert(chat2.id, msg('o1', { at: at(0) }))).message;
        await s.outbox.enqueue([{ threadId: thread2.id, messageId: other.id }]);
        await s.outbox.enqueue(ms.map((m) => ({ threadId: thread.id, messageId: m.id })));
        const after = new Date(clock.t.getTime() + 1);
        const items = await s.outbox.pendingFor('slack', 'C1', after, 10);
        expect(items.map((i) => [i.thread.id, i.message.mid])).toEqual([
          [thread.id, 'early'],
          [thread.id, 'tie-a'],
          [thread.id, 'tie-b'],
          [thread.id, 'late'],
          [thread2.id, 'o1'],
        ]);
        expect(items[0].thread).toEqual(thread);
        expect(items[0].message).toEqual(ms[1]);
        expect((await s.outbox.pendingFor('slack', 'C1', after, 2)).map((i) => i.message.mid)).toEqual([
          'early',
          'tie-a',
        ]);
        expect(await s.outbox.pendingFor('slack', 'C1', clock.now(), 10)).toEqual([]);
        expect(await s.outbox.pendingFor('slack', 'C2', after, 10)).toEqual([]);
        expect(await s.outbox.pendingFor('teams', 'C1', after, 10)).toEqual([]);
        clock.advance(5000);
        const fresh = (await s.messages.insert(chat.id, msg('fresh', { at: at(0) }))).message;
        await s.outbox.enqueue([{ threadId: thread.id, messageId: fresh.id }]);
        expect((await s.outbox.pendingFor('slack', 'C1', after, 10)).map((i) => i.message.mid)).not.toContain('fresh');
      });

      it('records posts and skips; posted, skipped and closed-thread rows are not pending', async () => {
        const { chat, thread } = await setup();
        const chat2 = await newChat('conv-2');
        const closed = (
          await s.threads.open({
            chatId: chat2.id,
            surface: 'slack',
            destination: 'C9',
            kind: 'team',
            ownerUserId: null,
            fromSeq: 0,
          })
        ).thread;
        const a = (await s.messages.insert(chat.id, msg('a'))).message;
        const b = (await s.messages.insert(chat.id, msg('b'))).message;
        const c = (await s.messages.insert(chat.id, msg('c'))).message;
        const z = (await s.messages.insert(chat2.id, msg('z'))).message;
        await s.outbox.enqueue(
          [a, b, c]
            .map((m) => ({ threadId: thread.id, messageId: m.id }))
            .concat([{ threadId: closed.id, messageId: z.id }]),
        );
        const after = new Date(clock.t.getTime() + 1);
        expect(await s.outbox.pendingDestinations(10)).toEqual([
          { surface: 'slack', destination: 'C1' },
          { surface: 'slack', destination: 'C9' },
        ]);
        expect(await s.outbox.pendingDestinations(1)).toEqual([{ surface: 'slack', destination: 'C1' }]);
        expect(await s.outbox.pendingDestinations(10, clock.now())).toEqual([]);
        expect(await s.outbox.pendingDestinations(10, after)).toHaveLength(2);
        const lag = await s.outbox.lagByDestination(10);
        expect(lag.map((l) => l.destination).sort()).toEqual(['C1', 'C9']);
        expect(lag.every((l) => l.oldest.getTime() === clock.now().getTime())).toBe(true);
        await s.threads.close(closed.id);
        expect(await s.outbox.pendingFor('slack', 'C9', after, 10)).toEqual([]);
        expect(await s.outbox.pendingDestinations(10)).toEqual([{ surface: 'slack', destination: 'C1' }]);

        const items = await s.outbox.pendingFor('slack', 'C1', after, 10);
        expect(await s.outbox.postedCount(thread.id)).toBe(0);
        await s.outbox.markPosted([items[0].id, items[1].id], 'P1');
        await s.outbox.markPosted([items[0].id], 'P-retry');
        await s.outbox.markPosted([], 'none');
        expect(await s.outbox.postIdOf(thread.id, a.id)).toBe('P1');
        expect(await s.outbox.postIdOf(thread.id, b.id)).toBe('P1');
        expect(await s.outbox.postIdOf(thread.id, c.id)).toBeNull();
        expect(await s.outbox.postIdOf(thread.id + 1000, c.id)).toBeNull();
        expect(await s.outbox.postedCount(thread.id)).toBe(2);
        expect((await s.outbox.pendingFor('slack', 'C1', after, 10)).map((i) => i.message.mid)).toEqual(['c']);
        await s.outbox.markSkipped([items[2].id], 'too old');
        await s.outbox.markSkipped([], 'none');
        expect(await s.outbox.pendingFor('slack', 'C1', after, 10)).toEqual([]);
        expect(await s.outbox.pendingDestinations(10)).toEqual([]);
        expect(await s.outbox.postedCount(thread.id)).toBe(2);
      });

      it("reads pending lines with their chats' unapplied events and the pacing state at once; records a post with its pacing", async () => {
        const { chat, thread } = await setup();
        const a = (await s.messages.insert(chat.id, msg('a'))).message;
        const b = (await s.messages.insert(chat.id, msg('b'))).message;
        await s.outbox.enqueue([a, b].map((m) => ({ threadId: thread.id, messageId: m.id })));
        expect(await s.outbox.drainView('slack', 'C2', 10)).toEqual({
          items: [],
          applying: new Map(),
          nextPostAt: null,
        });
        let view = await s.outbox.drainView('slack', 'C1', 10);
        expect(view.items.map((i) => i.message.mid)).toEqual(['a', 'b']);
        expect(view.items[0]).toEqual(
          (await s.outbox.pendingFor('slack', 'C1', new Date(clock.t.getTime() + 1), 10))[0],
        );
        expect(view.applying).toEqual(new Map());
        expect(view.nextPostAt).toBeNull();
        const t0 = clock.now();
        await s.inbox.accept('ev-1', 'message', '{}', 'conv-1');
        await s.inbox.accept('ev-other', 'message', '{}', 'conv-2');
        clock.advance(1000);
        await s.inbox.accept('ev-2', 'message', '{}', 'conv-1');
        view = await s.outbox.drainView('slack', 'C1', 1);
        expect(view.items.map((i) => i.message.mid)).toEqual(['a']);
        expect(view.applying).toEqual(new Map([['conv-1', t0]]));

        await s.outbox.markPosted([view.items[0].id], 'P1', {
          surface: 'slack',
          destination: 'C1',
          nextPostAt: at(30),
        });
        expect(await s.outbox.postIdOf(thread.id, a.id)).toBe('P1');
        expect(await s.destinations.nextPostAt('slack', 'C1')).toEqual(at(30));
        view = await s.outbox.drainView('slack', 'C1', 10);
        expect(view.items.map((i) => i.message.mid)).toEqual(['b']);
        expect(view.nextPostAt).toEqual(at(30));
        // A retried record keeps the first post id and still moves the pacing.
        await s.outbox.markPosted([view.items[0].id], 'P2', {
          surface: 'slack',
          destination: 'C1',
          nextPostAt: at(31),
        });
        await s.outbox.markPosted([view.items[0].id], 'P3', {
          surface: 'slack',
          destination: 'C1',
          nextPostAt: at(32),
        });
        expect(await s.outbox.postIdOf(thread.id, b.id)).toBe('P2');
        expect(await s.destinations.nextPostAt('slack', 'C1')).toEqual(at(32));
        await s.outbox.markPosted([], 'none', { surface: 'slack', destination: 'C1', nextPostAt: at(33) });
        expect(await s.destinations.nextPostAt('slack', 'C1')).toEqual(at(33));
        expect((await s.outbox.drainView('slack', 'C1', 10)).items).toEqual([]);
      });

      it('reads a shard of destinations at once, capped per destination; records attempts and posts of several destinations in one write', async () => {
        const chat = await newChat();
        const chat2 = await newChat('conv-2');
        // Destinations spread over 4 shards: pick two in the same shard and one in another.
        const names = Array.from({ length: 40 }, (_, i) => `X${i}`);
        const shard = shardOf('slack', names[0], 4);
        const same = names.filter((n) => shardOf('slack', n, 4).index === shard.index).slice(0, 2);
        const other = names.find((n) => shardOf('slack', n, 4).index !== shard.index)!;
        const open = async (c: number, destination: string) =>
          (
            await s.threads.open({
              chatId: c,
              surface: 'slack',
              destination,
              kind: 'team',
              ownerUserId: null,
              fromSeq: 0,
            })
          ).thread;
        const [t1, t2, t3, t4] = [
          await open(chat.id, same[0]),
          await open(chat.id, same[1]),
          await open(chat2.id, same[1]),
          await open(chat.id, other),
        ];
        const ms: Awaited<ReturnType<Store['messages']['insert']>>['message'][] = [];
        for (const mid of ['a', 'b', 'c']) ms.push((await s.messages.insert(chat.id, msg(mid))).message);
        const z = (await s.messages.insert(chat2.id, msg('z'))).message;
        await s.outbox.enqueue([
          ...[t1, t2, t4].flatMap((t) => ms.map((m) => ({ threadId: t.id, messageId: m.id }))),
          { threadId: t3.id, messageId: z.id },
        ]);
        await s.destinations.setNextPostAt('slack', same[1], at(40));
        await s.inbox.accept('ev-z', 'message', '{}', 'conv-2');

        const view = await s.outbox.shardView(shard, 2);
        const by = (d: string) =>
          view.items.filter((i) => i.thread.destination === d).map((i) => `${i.thread.id}:${i.message.mid}`);
        expect(by(same[0])).toEqual([`${t1.id}:a`, `${t1.id}:b`]);
        expect(by(same[1])).toEqual([`${t2.id}:a`, `${t2.id}:b`]);
        expect(by(other)).toEqual([]);
        expect(view.nextPostAt).toEqual(new Map([[`slack\u0000${same[1]}`, at(40)]]));
        const all = await s.outbox.shardView(shard, 10);
        expect(
          all.items.filter((i) => i.thread.destination === same[1]).map((i) => `${i.thread.id}:${i.message.mid}`),
        ).toEqual([`${t2.id}:a`, `${t2.id}:b`, `${t2.id}:c`, `${t3.id}:z`]);
        expect(all.applying).toEqual(new Map([['conv-2', clock.now()]]));
        expect(
          (await s.outbox.shardView({ index: shardOf('slack', other, 4).index, of: 4 }, 10)).items.map(
            (i) => i.thread.id,
          ),
        ).toContain(t4.id);

        const [i1, i2] = view.items.filter((i) => i.thread.id === t1.id);
        const [j1] = view.items.filter((i) => i.thread.id === t2.id);
        await s.outbox.markAttempts([
          { ids: [i1.id, i2.id], key: 'k1' },
          { ids: [j1.id], key: 'k2' },
        ]);
        await s.outbox.markAttempts([]);
        const keys = (await s.outbox.shardView(shard, 10)).items
          .filter((i) => i.attemptKey)
          .map((i) => [i.id, i.attemptKey]);
        expect(keys.sort()).toEqual(
          [
            [i1.id, 'k1'],
            [i2.id, 'k1'],
            [j1.id, 'k2'],
          ].sort(),
        );
        await s.outbox.markPostedMany(
          [
            { ids: [i1.id, i2.id], postId: 'P1' },
            { ids: [j1.id], postId: 'P2' },
          ],
          [
            { surface: 'slack', destination: same[0], nextPostAt: at(50) },
            { surface: 'slack', destination: same[1], nextPostAt: at(51) },
          ],
        );
        // A retried record keeps the first post id.
        await s.outbox.markPostedMany([{ ids: [j1.id], postId: 'P3' }], []);
        await s.outbox.markPostedMany([], []);
        expect(await s.outbox.postIdOf(t1.id, ms[0].id)).toBe('P1');
        expect(await s.outbox.postIdOf(t1.id, ms[1].id)).toBe('P1');
        expect(await s.outbox.postIdOf(t2.id, ms[0].id)).toBe('P2');
        expect(await s.destinations.nextPostAt('slack', same[0])).toEqual(at(50));
        expect(await s.destinations.nextPostAt('slack', same[1])).toEqual(at(51));
        const left = await s.outbox.shardView(shard, 10);
        expect(left.items.map((i) => `${i.thread.id}:${i.message.mid}`).sort()).toEqual(
          [`${t1.id}:c`, `${t2.id}:b`, `${t2.id}:c`, `${t3.id}:z`].sort(),
        );
        await s.threads.close(t3.id);
        expect((await s.outbox.shardView(shard, 10)).items.map((i) => i.thread.id)).not.toContain(t3.id);
      });

      it('follows a thread that moves to a new destination', async () => {
        const { chat, thread } = await setup();
        const a = (await s.messages.insert(chat.id, msg('a'))).message;
        await s.outbox.enqueue([{ threadId: thread.id, messageId: a.id }]);
        await s.threads.setRoot(thread.id, 'root', 'C1;messageid=root');
        const after = new Date(clock.t.getTime() + 1);
        expect(await s.outbox.pendingFor('slack', 'C1', after, 10)).toEqual([]);
        expect((await s.outbox.pendingFor('slack', 'C1;messageid=root', after, 10)).map((i) => i.message.mid)).toEqual([
          'a',
        ]);
      });
    });

    describe('watches', () => {
      it('adds once per destination and business unit, case-insensitively', async () => {
        const w = { surface: 'slack' as const, destination: 'C1', businessUnit: 'Sales', createdBy: 'U1' };
        const a = await s.watches.add(w);
        expect(a.created).toBe(true);
        expect(a.watch).toEqual({ id: a.watch.id, ...w, createdAt: clock.now() });
        expect(await s.watches.add({ ...w, businessUnit: 'SALES', createdBy: 'U2' })).toEqual({
          watch: a.watch,
          created: false,
        });
        const b = (await s.watches.add({ ...w, destination: 'C2' })).watch;
        const c = (await s.watches.add({ ...w, surface: 'teams', businessUnit: 'Tech Support' })).watch;
        expect((await s.watches.forBusinessUnit('sales')).map((x) => x.id)).toEqual([a.watch.id, b.id]);
        expect((await s.watches.list()).map((x) => x.id)).toEqual([a.watch.id, b.id, c.id]);
        expect((await s.watches.list('slack')).map((x) => x.id)).toEqual([a.watch.id, b.id]);
        expect((await s.watches.list('slack', 'C2')).map((x) => x.id)).toEqual([b.id]);
        expect(await s.watches.remove('slack', 'C1', 'sales')).toBe(true);
        expect(await s.watches.remove('slack', 'C1', 'sales')).toBe(false);
        expect((await s.watches.forBusinessUnit('Sales')).map((x) => x.id)).toEqual([b.id]);
      });
    });

    describe('agents', () => {
      it('replaces the list, upserts one, finds by email case-insensitively', async () => {
        expect(await s.agents.refreshedAt()).toBeNull();
        await s.agents.replaceAll([
          agent('zed@acme.test', {
            name: 'Zed',
            businessUnits: ['Sales', 'Tech Support'],
            permissions: ['Supervise', 'All Chats'],
            selfStatus: 'Lunch',
          }),
          agent('amy@acme.test', { name: 'Amy' }),
        ]);
        expect(await s.agents.refreshedAt()).toEqual(clock.now());
        expect(await s.agents.byEmail('ZED@acme.test')).toEqual(
          agent('zed@acme.test', {
            name: 'Zed',
            businessUnits: ['Sales', 'Tech Support'],
            permissions: ['Supervise', 'All Chats'],
            selfStatus: 'Lunch',
          }),
        );
        expect((await s.agents.all()).map((a) => a.name)).toEqual(['Amy', 'Zed']);
        await s.agents.upsert(agent('amy@acme.test', { name: 'Amy', status: 'Busy', openChats: 3 }));
        await s.agents.upsert(agent('bea@acme.test', { name: 'bea' }));
        expect(await s.agents.byEmail('amy@acme.test')).toMatchObject({ status: 'Busy', openChats: 3 });
        expect((await s.agents.all()).map((a) => a.name)).toEqual(['Amy', 'bea', 'Zed']);
        clock.advance(60_000);
        await s.agents.replaceAll([agent('amy@acme.test', { name: 'Amy' })]);
        expect((await s.agents.all()).map((a) => a.email)).toEqual(['amy@acme.test']);
        expect(await s.agents.byEmail('zed@acme.test')).toBeNull();
        expect(await s.agents.refreshedAt()).toEqual(clock.now());
      });
    });

    describe('identities', () => {
      it('caches an email (or its absence) per surface user', async () => {
        expect(await s.identities.get('slack', 'U1')).toBeNull();
        await s.identities.put('slack', 'U1', 'ann@acme.test');
        await s.identities.put('teams', 'U1', null);
        expect(await s.identities.get('slack', 'U1')).toEqual({ email: 'ann@acme.test', cachedAt: clock.now() });
        expect(await s.identities.get('teams', 'U1')).toEqual({ email: null, cachedAt: clock.now() });
        clock.advance(1000);
        await s.identities.put('slack', 'U1', 'ann2@acme.test');
        expect(await s.identities.get('slack', 'U1')).toEqual({ email: 'ann2@acme.test', cachedAt: clock.now() });
      });
    });

    describe('inbox by conversation', () => {
      it('names the conversations that still have an accepted event waiting to be applied', async () => {
        const a = await s.inbox.accept('ev-c1', 'message', '{}', 'conv-a');
        await s.inbox.accept('ev-c2', 'message', '{}', 'conv-b');
        await s.inbox.accept('ev-c3', 'agent.status', '{}', null);
        clock.advance(5);
        await s.inbox.accept('ev-c4', 'message', '{}', 'conv-a');
        const t0 = new Date(clock.now().getTime() - 5);
        expect(await s.inbox.oldestUnapplied(['conv-a', 'conv-b', 'conv-c'])).toEqual(
          new Map([
            ['conv-a', t0],
            ['conv-b', t0],
          ]),
        );
        await s.inbox.markDone(a.id);
        expect(await s.inbox.oldestUnapplied(['conv-a', 'conv-b'])).toEqual(
          new Map([
            ['conv-a', clock.now()],
            ['conv-b', t0],
          ]),
        );
        expect(await s.inbox.oldestUnapplied([])).toEqual(new Map());
      });
    });

    describe('first responses', () => {
      it('finds the first customer message and the first agent answer after it, per chat', async () => {
        const a = await newChat('fr-a');
        const b = await newChat('fr-b');
        await s.messages.insert(a.id, msg('a0', { role: 'agent', at: at(1) }));
        await s.messages.insert(a.id, msg('a1', { role: 'customer', at: at(2) }));
        await s.messages.insert(a.id, msg('a2', { role: 'customer', at: at(3) }));
        await s.messages.insert(a.id, msg('a3', { role: 'agent', at: at(5) }));
        await s.messages.insert(b.id, msg('b1', { role: 'customer', at: at(4) }));
        const r = await s.messages.firstResponses([a.id, b.id]);
        expect(r.get(a.id)).toEqual({ customerAt: at(2), agentAt: at(5) });
        expect(r.get(b.id)).toEqual({ customerAt: at(4), agentAt: null });
        expect((await s.messages.firstResponses([])).size).toBe(0);
      });
    });

    describe('alerts', () => {
      it('creates alerts, finds the latest per chat and kind, and lets exactly one claimer win', async () => {
        const chat = await newChat();
        expect(await s.alerts.latest(chat.id, 'negative')).toBeNull();
        const a = await s.alerts.create({
          chatId: chat.id,
          kind: 'negative',
          text: 'I want a refund NOW',
          score: -0.6,
        });
        expect(a).toMatchObject({
          chatId: chat.id,
          kind: 'negative',
          score: -0.6,
          raisedAt: clock.now(),
          claimedBy: null,
        });
        clock.advance(1000);
        const b = await s.alerts.create({ chatId: chat.id, kind: 'negative', text: 'again', score: -0.7 });
        await s.alerts.create({ chatId: chat.id, kind: 'inactive', text: 'quiet', score: null });
        expect((await s.alerts.latest(chat.id, 'negative'))!.id).toBe(b.id);
        const claims = await Promise.all(
          ['ann@acme.test', 'bob@acme.test', 'cy@acme.test'].map((by) => s.alerts.claim(b.id, by)),
        );
        expect(claims.filter(Boolean)).toHaveLength(1);
        expect((await s.alerts.get(b.id))!.claimedBy).toBe(claims.find(Boolean)!.claimedBy);
        await s.alerts.addPost(b.id, 'slack', 'C1', '111.1');
        await s.alerts.addPost(b.id, 'slack', 'C1', '111.1');
        await s.alerts.addPost(b.id, 'teams', '19:x', 'a1');
        expect(await s.alerts.posts(b.id)).toEqual([
          { surface: 'slack', destination: 'C1', postId: '111.1' },
          { surface: 'teams', destination: '19:x', postId: 'a1' },
        ]);
      });
    });

    describe('surface state', () => {
      it('keeps a value per surface and key, replaces it, and treats expired values as missing', async () => {
        expect(await s.surfaceState.get('teams', 'ref:user:1')).toBeNull();
        await s.surfaceState.put('teams', 'ref:user:1', '{"a":1}');
        await s.surfaceState.put('slack', 'ref:user:1', 'other surface');
        await s.surfaceState.put('teams', 'ref:user:1', '{"a":2}');
        expect(await s.surfaceState.get('teams', 'ref:user:1')).toBe('{"a":2}');
        expect(await s.surfaceState.get('slack', 'ref:user:1')).toBe('other surface');
        await s.surfaceState.put('teams', 'token:x', 'csv', new Date(clock.now().getTime() + 60_000));
        expect(await s.surfaceState.get('teams', 'token:x')).toBe('csv');
        clock.advance(60_001);
        expect(await s.surfaceState.get('teams', 'token:x')).toBeNull();
        await s.surfaceState.remove('teams', 'ref:user:1');
        expect(await s.surfaceState.get('teams', 'ref:user:1')).toBeNull();
      });

      it('hands a one-time value to exactly one of several concurrent takers', async () => {
        await s.surfaceState.put('teams', 'token:once', 'payload', new Date(clock.now().getTime() + 60_000));
        const got = await Promise.all([1, 2, 3, 4].map(() => s.surfaceState.take('teams', 'token:once')));
        expect(got.filter((v) => v === 'payload')).toHaveLength(1);
        expect(await s.surfaceState.take('teams', 'token:once')).toBeNull();
        await s.surfaceState.put('teams', 'token:late', 'payload', new Date(clock.now().getTime() + 1000));
        clock.advance(1001);
        expect(await s.surfaceState.take('teams', 'token:late')).toBeNull();
      });
    });

    describe('whispers', () => {
      it('records a whisper once per source key and completes it', async () => {
        const chat = await newChat();
        const w = {
          sourceKey: 'C1:111.2',
          chatId: chat.id,
          supervisorEmail: 'sue@acme.test',
          text: 'ask for the order id',
          surface: 'slack' as const,
        };
        const a = await s.whispers.begin(w);
        expect(a.fresh).toBe(true);
        expect(a.whisper).toEqual({
          id: a.whisper.id,
          sourceKey: w.sourceKey,
          chatId: chat.id,
          supervisorEmail: w.supervisorEmail,
          text: w.text,
          status: 'pending',
          convrsMid: null,
          error: null,
          createdAt: clock.now(),
        });
        expect(await s.whispers.begin({ ...w, text: 'other' })).toEqual({ whisper: a.whisper, fresh: false });
        await s.whispers.complete(a.whisper.id, { status: 'sent', convrsMid: 'mid-9' });
        expect(await s.whispers.bySourceKey(w.sourceKey)).toMatchObject({
          status: 'sent',
          convrsMid: 'mid-9',
          error: null,
        });
        expect((await s.whispers.byConvrsMid('mid-9'))?.id).toBe(a.whisper.id);
        expect(await s.whispers.byConvrsMid('nope')).toBeNull();
        const b = (await s.whispers.begin({ ...w, sourceKey: 'k2' })).whisper;
        await s.whispers.complete(b.id, { status: 'failed', error: 'agent offline' });
        expect(await s.whispers.bySourceKey('k2')).toMatchObject({
          status: 'failed',
          error: 'agent offline',
          convrsMid: null,
        });
        expect(await s.whispers.bySourceKey('k3')).toBeNull();
      });
    });

    describe('audit and destinations', () => {
      it('records audit entries, newest first', async () => {
        await s.audit.record({ actor: 'sue@acme.test', action: 'whisper', chatId: null, detail: 'one' });
        clock.advance(1000);
        await s.audit.record({ actor: 'sue@acme.test', action: 'finish', chatId: null, detail: 'two' });
        const recent = await s.audit.recent(10);
        expect(recent.map((e) => e.detail)).toEqual(['two', 'one']);
        expect(recent[0]).toEqual({
          id: recent[0].id,
          actor: 'sue@acme.test',
          action: 'finish',
          chatId: null,
          detail: 'two',
          at: clock.now(),
        });
        expect(await s.audit.recent(1)).toHaveLength(1);
      });

      it('keeps the next post time per destination', async () => {
        expect(await s.destinations.nextPostAt('slack', 'C1')).toBeNull();
        await s.destinations.setNextPostAt('slack', 'C1', at(1));
        await s.destinations.setNextPostAt('slack', 'C1', at(2));
        await s.destinations.setNextPostAt('teams', 'C1', at(3));
        expect(await s.destinations.nextPostAt('slack', 'C1')).toEqual(at(2));
        expect(await s.destinations.nextPostAt('teams', 'C1')).toEqual(at(3));
      });
    });

    describe('transactions', () => {
      it('rolls back everything when fn throws', async () => {
        await expect(
          s.transaction(async (tx) => {
            const { chat } = await tx.chats.upsert(snap('conv-tx'));
            await tx.messages.insert(chat.id, msg('m1'));
            await tx.inbox.accept('evt-tx', 't', 'p');
            await tx.transaction(async (inner) =>
              inner.audit.record({ actor: 'a', action: 'b', chatId: chat.id, detail: '' }),
            );
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        expect(await s.chats.byConversationId('conv-tx')).toBeNull();
        expect((await s.inbox.accept('evt-tx', 't', 'p')).fresh).toBe(true);
        expect(await s.audit.recent(10)).toEqual([]);
      });

      it('commits, and sees its own writes from nested and outer store calls', async () => {
        const result = await s.transaction(async (tx) => {
          const { chat } = await tx.chats.upsert(snap('conv-tx'));
          const nested = await tx.transaction(async (inner) => inner.chats.get(chat.id));
          const outer = await s.chats.get(chat.id);
          return { id: chat.id, nested: nested?.id, outer: outer?.id };
        });
        expect(result.nested).toBe(result.id);
        expect(result.outer).toBe(result.id);
        expect((await s.chats.get(result.id))?.conversationId).toBe('conv-tx');
      });

      it('keeps concurrent work out of a transaction that rolls back', async () => {
        let release!: () => void;
        const gate = new Promise<void>((r) => (release = r));
        const failing = s.transaction(async (tx) => {
          await tx.inbox.accept('in-tx', 't', 'p');
          await gate;
          throw new Error('rollback');
        });
        const outside = s.inbox.accept('outside', 't', 'p');
        setTimeout(release, 20);
        await expect(failing).rejects.toThrow('rollback');
        expect((await outside).fresh).toBe(true);
        expect((await s.inbox.accept('outside', 't', 'p')).fresh).toBe(false);
        expect((await s.inbox.accept('in-tx', 't', 'p')).fresh).toBe(true);
      });

      it('answers ping', async () => {
        await expect(s.ping()).resolves.toBeUndefined();
      });
    });
  });
}

describeStoreContract('SQLite', async (clock) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convrs-store-'));
  const ds = await openDatabase(`sqlite:${path.join(dir, 'nested', 'test.sqlite')}`);
  return {
    store: createStore(ds, { clock }),
    ds,
    dispose: async () => {
      await ds.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

describeStoreContract('PostgreSQL', async (clock) => {
  const schema = uniqueSchema();
  const ds = await openDatabase(PG_URL, { schema });
  return {
    store: createStore(ds, { clock }),
    ds,
    dispose: async () => {
      await ds.query(`DROP SCHEMA "${schema}" CASCADE`);
      await ds.destroy();
    },
  };
});
