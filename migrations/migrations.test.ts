// Migrations go up on an empty database, down to nothing, and up again, on SQLite and PostgreSQL.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { openDatabase, runMigrations, undoLastMigration } from '../src/persistence/data-source';
import { createStore } from '../src/persistence/store';

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const INITIAL = [
  'chats',
  'messages',
  'threads',
  'outbox',
  'inbox',
  'watches',
  'agents',
  'identities',
  'whispers',
  'audit_log',
  'destinations',
  'refreshes',
];
const TABLES = [...INITIAL, 'surface_state', 'alerts', 'alert_posts', 'surface_inbox'];
const ALL = [
  'Initial1732400000000',
  'SurfaceState1732500000000',
  'Alerts1732600000000',
  'ScoreTimes1732700000000',
  'InboxConversation1732800000000',
  'AppendMessageFunction1732900000000',
  'OutboxFinal1733000000000',
  'ChatEventTimes1733000000001',
  'DrainShards1733100000000',
  'AppendMessagesFunction1733100000001',
  'AwarenessAlerts1733200000000',
  'SurfaceInbox1733300000000',
  'CsatBlind1733400000000',
];

async function tablesPresent(ds: DataSource): Promise<string[]> {
  const qr = ds.createQueryRunner();
  try {
    const present: string[] = [];
    for (const t of TABLES) if (await qr.hasTable(t)) present.push(t);
    return present;
  } finally {
    await qr.release();
  }
}

async function upDownUp(ds: DataSource) {
  expect(await tablesPresent(ds)).toEqual([]);
  expect(await runMigrations(ds)).toEqual(ALL);
  expect(await tablesPresent(ds)).toEqual(TABLES);
  expect(await runMigrations(ds)).toEqual([]);
  const store = createStore(ds);
  const { chat } = await store.chats.upsert({
    conversationId: 'c1',
    uid: 'u1',
    channel: 'webchat',
    customerName: 'Ann',
    customerCountry: null,
    businessUnit: 'Sales',
    agentEmail: null,
    agentName: null,
    status: 'open',
    startedAt: new Date(),
    lastActivityAt: new Date(),
    closedAt: null,
    thumbs: null,
  });
  expect(
    (
      await store.messages.insert(chat.id, {
        mid: 'm1',
        conversationId: 'c1',
        role: 'customer',
        authorName: 'Ann',
        authorEmail: null,
        text: 'hi',
        attachments: [],
        at: new Date(),
        kind: 'message',
      })
    ).message.seq,
  ).toBe(1);
  // Each migration undoes on its own: the last one first, then the initial schema.
  await undoLastMigration(ds); // csat blind: a column
  await undoLastMigration(ds); // surface inbox: a table
  expect(await tablesPresent(ds)).toEqual(TABLES.filter((t) => t !== 'surface_inbox'));
  await undoLastMigration(ds); // awareness alerts: columns and an index
  await undoLastMigration(ds); // append messages function (PostgreSQL only)
  await undoLastMigration(ds); // drain shards: a column and an index
  await undoLastMigration(ds); // chat event times: columns only
  await undoLastMigration(ds); // outbox final: a column
  await undoLastMigration(ds); // append function (PostgreSQL only)
  await undoLastMigration(ds); // inbox conversation: a column and an index
  await undoLastMigration(ds); // score times: columns only
  expect(await tablesPresent(ds)).toEqual(TABLES.filter((t) => t !== 'surface_inbox'));
  await undoLastMigration(ds);
  expect(await tablesPresent(ds)).toEqual([...INITIAL, 'surface_state']);
  await undoLastMigration(ds);
  expect(await tablesPresent(ds)).toEqual(INITIAL);
  await undoLastMigration(ds);
  expect(await tablesPresent(ds)).toEqual([]);
  expect(await runMigrations(ds)).toEqual(ALL);
  expect(await tablesPresent(ds)).toEqual(TABLES);
  expect(await createStore(ds).chats.get(chat.id)).toBeNull();
}

describe('migrations', () => {
  it('go up, down and up again on SQLite', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convrs-migrate-'));
    const ds = await openDatabase(`sqlite:${path.join(dir, 'm.sqlite')}`, { migrate: false });
    try {
      await upDownUp(ds);
    } finally {
      await ds.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('go up, down and up again on PostgreSQL', async () => {
    const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    const ds = await openDatabase(PG_URL, { migrate: false, schema });
    try {
      await upDownUp(ds);
    } finally {
      await ds.query(`DROP SCHEMA "${schema}" CASCADE`);
      await ds.destroy();
    }
  });
});

describe('openDatabase', () => {
  it('migrates by default, including an in-memory SQLite database', async () => {
    const ds = await openDatabase('sqlite::memory:');
    const store = createStore(ds);
    expect(await tablesPresent(ds)).toEqual(TABLES);
    await store.ping();
    await store.close();
    expect(ds.isInitialized).toBe(false);
  });

  it('refuses unsupported URLs and schema names with one line naming DATABASE_URL', async () => {
    for (const url of ['mysql://x@y/z', 'sqlite:', 'redis://127.0.0.1', '']) {
      await expect(openDatabase(url)).rejects.toThrow(
        /^DATABASE_URL is not supported .*expected sqlite:<path>.*postgres:\/\//,
      );
    }
    await expect(openDatabase(PG_URL, { schema: 'x; drop' })).rejects.toThrow(/schema name/);
  });
});
