// presenceOf: who supervises a chat (agent names, emails of non-agents), its walls, its last whisper; ended threads
// count for nothing; a fixed number of reads however many threads (on a real SQLite store).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../persistence/data-source';
import { createStore } from '../persistence/store';
import type { Deps } from './deps';
import type { Agent, Chat, IncomingMessage, SurfaceName, ThreadKind } from './model';
import type { Store } from './ports';
import { presenceOf } from './presence';

const at = (min: number) => new Date(Date.parse('2026-11-24T14:00:00Z') + min * 60_000);
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
const whisper = (mid: string, by: string, email: string | null, min: number): IncomingMessage => ({
  mid,
  conversationId: 'cv',
  role: 'whisper',
  authorName: by,
  authorEmail: email,
  text: 'psst',
  attachments: [],
  at: at(min),
  kind: 'message',
});

let dir: string;
let ds: DataSource;
let store: Store;
let chat: Chat;
/** Store calls presenceOf made, by "store.method". */
let calls: string[];
const deps = () => ({ store: counted(store) }) as unknown as Deps;

function counted(s: Store): Store {
  const wrap = <T extends object>(name: string, sub: T): T =>
    new Proxy(sub, {
      get: (o, k) => {
        const v = (o as Record<string | symbol, unknown>)[k];
        return typeof v === 'function'
          ? (...args: unknown[]) => {
              calls.push(`${name}.${String(k)}`);
              return (v as (...a: unknown[]) => unknown).apply(o, args);
            }
          : v;
      },
    });
  return {
    ...s,
    messages: wrap('messages', s.messages),
    identities: wrap('identities', s.identities),
    agents: wrap('agents', s.agents),
    threads: wrap('threads', s.threads),
    watches: wrap('watches', s.watches),
  };
}

const open = (surface: SurfaceName, destination: string, kind: ThreadKind, ownerUserId: string | null) =>
  store.threads.open({ chatId: chat.id, surface, destination, kind, ownerUserId, fromSeq: 0 }).then((r) => r.thread);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convrs-presence-core-'));
  ds = await openDatabase(`sqlite:${path.join(dir, 'p.sqlite')}`);
  store = createStore(ds);
});
afterAll(async () => {
  await ds?.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  for (const t of ['outbox', 'threads', 'messages', 'chats', 'agents', 'identities'])
    await ds.query(`DELETE FROM ${t}`);
  calls = [];
  ({ chat } = await store.chats.upsert({
    conversationId: 'cv',
    uid: 'u',
    channel: 'webchat',
    customerName: 'Jane',
    customerCountry: null,
    businessUnit: 'Sales',
    agentEmail: 'ann.lee@acme.test',
    agentName: 'Ann Lee',
    status: 'open',
    startedAt: at(0),
    lastActivityAt: at(0),
    closedAt: null,
    thumbs: null,
  }));
  await store.agents.replaceAll([agent('sam.boss@acme.test', 'Sam Boss'), agent('sue.sales@acme.test', 'Sue Sales')]);
});

describe('presenceOf', () => {
  it('nobody: no supervisor, no wall, no whisper', async () => {
    expect(await presenceOf(deps(), chat, await store.threads.forChat(chat.id))).toEqual({
      supervisors: [],
      walls: [],
      lastWhisper: null,
    });
    // Nothing to name: only the whisper is read.
    expect(calls).toEqual(['messages.lastWhispers']);
  });

  it('names supervisors by their agent name, a non-agent (an admin) by email; ended threads and other chats count for nothing', async () => {
    await store.identities.put('slack', 'USAM', 'sam.boss@acme.test');
    await store.identities.put('terminal', 'root', 'admin@acme.test');
    await store.identities.put('teams', '29:sue', 'sue.sales@acme.test');
    await open('slack', 'DUSAM', 'personal', 'USAM');
    await open('terminal', 'dm:root', 'personal', 'root');
    const sue = await open('teams', 'a:sue', 'personal', '29:sue');
    await store.threads.close(sue.id);
    const other = (await store.chats.upsert({ ...chat, conversationId: 'cv2', uid: 'u2' })).chat;
    await store.identities.put('slack', 'UTOM', 'tom.tech@acme.test');
    await store.threads.open({
      chatId: other.id,
      surface: 'slack',
      destination: 'DUTOM',
      kind: 'personal',
      ownerUserId: 'UTOM',
      fromSeq: 0,
    });
    const p = await presenceOf(deps(), chat, [
      ...(await store.threads.forChat(chat.id)),
      ...(await store.threads.forChat(other.id)),
    ]);
    expect(p.supervisors).toEqual([
      { name: 'Sam Boss', surface: 'slack' },
      { name: 'admin@acme.test', surface: 'terminal' },
    ]);
  });

  it('one person supervising on two surfaces is named once', async () => {
    await store.identities.put('slack', 'USAM', 'sam.boss@acme.test');
    await store.identities.put('teams', '29:sam', 'Sam.Boss@acme.test');
    await open('slack', 'DUSAM', 'personal', 'USAM');
    await open('teams', 'a:sam', 'personal', '29:sam');
    expect((await presenceOf(deps(), chat, await store.threads.forChat(chat.id))).supervisors).toEqual([
      { name: 'Sam Boss', surface: 'slack' },
    ]);
  });

  it('lists the walls mirroring it with the unit they watch for it; a closed wall is gone', async () => {
    await open('slack', 'CWALL', 'team', null);
    await open('teams', '19:wall@thread.tacv2', 'team', null);
    const gone = await open('terminal', 'tty', 'team', null);
    await store.threads.close(gone.id);
    expect((await presenceOf(deps(), chat, await store.threads.forChat(chat.id))).walls).toEqual([
      { surface: 'slack', destination: 'CWALL', unit: 'Sales', name: null },
      { surface: 'teams', destination: '19:wall@thread.tacv2', unit: 'Sales', name: null },
    ]);
  });

  it('the last whisper: ours by its author, one typed in the Convrs app by the name Convrs gives (no email needed)', async () => {
    await store.messages.insert(chat.id, whisper('w1', 'Sam Boss', 'sam.boss@acme.test', 2));
    expect((await presenceOf(deps(), chat, [])).lastWhisper).toEqual({ by: 'Sam Boss', at: at(2) });
    await store.messages.insert(chat.id, whisper('w2', 'Tom Tech', null, 5));
    expect((await presenceOf(deps(), chat, [])).lastWhisper).toEqual({ by: 'Tom Tech', at: at(5) });
    await store.messages.insert(chat.id, whisper('w3', '', 'ghost@acme.test', 6));
    expect((await presenceOf(deps(), chat, [])).lastWhisper).toEqual({ by: 'ghost@acme.test', at: at(6) });
  });

  it('costs three reads however many threads: whisper, identities, agents', async () => {
    for (let i = 0; i < 12; i++) {
      await store.identities.put('slack', `U${i}`, i % 2 ? 'sam.boss@acme.test' : `boss${i}@acme.test`);
      await open('slack', `DU${i}`, 'personal', `U${i}`);
      await open('teams', `19:w${i}@thread.tacv2`, 'team', null);
    }
    const p = await presenceOf(deps(), chat, await store.threads.forChat(chat.id));
    expect(p.supervisors).toHaveLength(7);
    expect(p.walls).toHaveLength(12);
    expect(calls.filter((c) => !c.startsWith('threads.')).sort()).toEqual([
      'agents.byEmails',
      'identities.getMany',
      'messages.lastWhispers',
    ]);
  });
});
