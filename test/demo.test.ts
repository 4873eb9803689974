// `npm run demo` end to end (real Redis, SQLite, simulator, terminal surface): a banner true to the person's
// permissions, `>C-… text` whispering in any chat on screen (wall threads too), and no Redis keys left after `quit`.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import IORedis from 'ioredis';
import { startDemo, type Demo } from '../src/demo';
import { REDIS_URL, waitFor } from './harness';

interface Run {
  demo: Demo;
  shown: () => string;
  prefix: string;
  exportDir: string;
}

async function run(as: string, extra: { watch?: string } = {}): Promise<Run> {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString('utf8')));
  const dir = mkdtempSync(join(tmpdir(), 'convrs-demo-'));
  const prefix = `{demo-t${randomBytes(4).toString('hex')}}`;
  const exportDir = join(dir, 'exports');
  const demo = await startDemo({
    as,
    chats: 3,
    rate: 2,
    color: false,
    out,
    dataDir: join(dir, 'data'),
    exportDir,
    redisUrl: REDIS_URL,
    queuePrefix: prefix,
    ...extra,
  });
  return { demo, shown: () => text, prefix, exportDir };
}

async function keysOf(prefix: string): Promise<string[]> {
  const r = new IORedis(REDIS_URL);
  try {
    return await r.keys(`${prefix}*`);
  } finally {
    r.disconnect();
  }
}

describe('the demo', () => {
  const runs: Run[] = [];
  afterAll(async () => {
    for (const r of runs) await r.demo.stop();
  });

  it('as sue.sales: the banner names her units and permissions, and says why nothing is watched', async () => {
    const r = await run('sue.sales@acme.test');
    runs.push(r);
    const banner = r.demo.banner;
    expect(banner).toContain('You are Sue Sales (sue.sales@acme.test): Supervise in Sales.');
    expect(banner).toContain(
      'You may use: supervise, unsupervise, whisper, suggest, summary, transfer, transfer-all, finish, score, claim, agents, home, help.',
    );
    expect(banner).toContain('watch, unwatch, open, coverage (they need "Supervise Open Chats")');
    expect(banner).toContain('chats, report, calibration (they need "All Chats")');
    expect(banner).toContain('Nothing streams in by itself');
    expect(banner).not.toContain('Watching');
    expect(banner).not.toMatch(/sam\.boss/);
    // She is named a chat of her own unit to start with.
    const ref = /Try `supervise (C-\d+)`/.exec(banner)?.[1];
    expect(ref).toBeDefined();
    expect((await r.demo.app.store.chats.find(ref!))?.businessUnit).toBe('Sales');
    expect(await r.demo.app.store.watches.list('terminal')).toEqual([]);
  }, 30_000);

  it('as tom.tech asking for Sales: watches his own unit instead, and says so', async () => {
    const r = await run('tom.tech@acme.test', { watch: 'Sales' });
    runs.push(r);
    expect(r.demo.banner).toContain(
      'You may not watch Sales, so the demo watches Tech Support instead. Watching Tech Support here',
    );
    await waitFor('Tech Support watched', async () => (await r.demo.app.store.watches.list('terminal')).length === 1);
  }, 30_000);

  it('as sam.boss: >C-… whispers in a wall thread; > text goes to the chat supervised last; quit leaves no Redis keys', async () => {
    const r = await run('sam.boss@acme.test');
    const { demo } = r;
    expect(demo.banner).toContain('Watching Sales here');
    // A Sales chat on the wall (watched, not supervised) that an agent has taken (whispers go to its agent).
    const wall = await waitFor(
      'a Sales chat on the wall',
      async () => {
        const open = (
          await demo.app.store.chats.query({ status: 'open', businessUnit: 'Sales' }, { page: 1, pageSize: 20 })
        ).items;
        for (const c of open.filter((x) => x.agentEmail)) {
          const threads = await demo.app.store.threads.forChat(c.id);
          if (threads.some((t) => t.kind === 'team' && t.rootPostId) && !threads.some((t) => t.kind === 'personal'))
            return c;
        }
        return undefined;
      },
      20_000,
    );
    const sent = (conversationId: string, text: string) =>
      demo.sim.commandLog.some(
        (e) =>
          e.cmd === 'SendWhisper' &&
          e.params.conversationId === conversationId &&
          JSON.stringify(e.params).includes(text),
      );
    await demo.handle(`>${wall.ref.toLowerCase()} check the order number`);
    await waitFor('whisper from the wall thread', () => sent(wall.conversationId, 'check the order number'));
    await waitFor(
      'acknowledged',
      () => r.shown().includes(`Whispered to`) && r.shown().includes(`on ${wall.ref}. The customer does not see it.`),
    );
    // The whisper shows in the thread it was typed in too (a terminal has no reply of its own there).
    await waitFor(
      'the whisper line on the wall',
      () => r.shown().includes('🤫') && r.shown().includes('check the order number'),
    );

    // `> text` before any supervise says how; after `supervise`, it goes to that chat.
    await demo.handle('> hello');
    expect(r.shown()).toContain('Whisper with `>C-1001 text`');
    const other = await waitFor('another open chat', async () =>
      (await demo.app.store.chats.query({ status: 'open' }, { page: 1, pageSize: 20 })).items.find(
        (c) => c.id !== wall.id && c.agentEmail,
      ),
    );
    await demo.handle(`supervise ${other.ref}`);
    await waitFor('supervised', async () =>
      (await demo.app.store.threads.personalOf('terminal', 'you')).some((t) => t.chatId === other.id && t.rootPostId),
    );
    expect(r.shown()).toContain(`Supervising ${other.ref}. To whisper to the agent, type \`>${other.ref} text\`.`);
    await demo.handle('> please offer the refund');
    await waitFor('whisper to the supervised chat', () => sent(other.conversationId, 'please offer the refund'));

    // A chat on no thread here is named, with what to do.
    const { chat: hidden } = await demo.app.store.chats.upsert({
      conversationId: 'not-on-screen',
      uid: 'u-x',
      channel: 'webchat',
      customerName: 'Zoë Müller',
      customerCountry: 'DE',
      businessUnit: 'Tech Support',
      agentEmail: null,
      agentName: null,
      status: 'open',
      startedAt: new Date(),
      lastActivityAt: new Date(),
      closedAt: null,
      thumbs: null,
    });
    await demo.handle(`>${hidden.ref} hi`);
    expect(r.shown()).toContain(`⚠️ ${hidden.ref} is not on your screen: \`supervise ${hidden.ref}\` first`);

    // The chats export is a UTF-8 CSV with a BOM: accents survive in Excel.
    const before = r.shown().length;
    await demo.handle('chats export');
    // The file is in the directory before its bytes are; the reply comes once it is written.
    const file = await waitFor(
      'export written',
      () => r.shown().slice(before).includes('Exported') && readdirSync(r.exportDir).find((f) => f.endsWith('.csv')),
    );
    const bytes = readFileSync(join(r.exportDir, file));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('Zoë Müller');

    expect(await demo.handle('quit')).toBe('quit');
    expect((await keysOf(r.prefix)).length).toBeGreaterThan(0);
    await demo.stop();
    expect(await keysOf(r.prefix)).toEqual([]);
  }, 60_000);
});
