// `npm run demo`: the whole product on one machine with no accounts — simulator, bot, workers, terminal surface.
import 'dotenv/config';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { DEFAULT_BUSINESS_UNITS, startSimulator, type Simulator } from '../adapters/convrs/simulator';
import { parseReplyLine, threadOnScreen } from '../adapters/terminal/input';
import { TerminalSurface } from '../adapters/terminal/surface';
import { startApp, type App } from './app';
import { loadConfig } from './config';
import { can, resolveSupervisor, scopeOf } from './core/access';
import { normalizeChatRef } from './core/commands/grammar';
import type { Requester } from './core/ports';
import { demoIntro } from './demo-banner';
import { claimDemoDataDir } from './demo-data-dir';
import { draftOf, draftPrompt, onDraftLine, PROMPT, type Draft, type DraftOutcome } from './demo-draft-prompt';
import { ensureRedis, removeKeysWithPrefix, stopPrivateRedis } from './demo-redis';

export interface DemoOptions {
  as: string;
  chats: number;
  rate: number;
  /** `--watch` as typed; absent: Sales, or the first unit the person may watch. */
  watch?: string;
  color: boolean;
  out: Writable;
  /** SQLite file and log go here (fresh each run). */
  dataDir: string;
  exportDir: string;
  redisUrl: string;
  /** Every Redis key of this run starts with it; they are removed at the end. */
  queuePrefix: string;
  /** Puts a line on the prompt for editing (a suggested whisper); absent: it is only printed. */
  prefill?: (line: string) => void;
}

export interface Demo {
  app: App;
  sim: Simulator;
  /** The lines shown first: who you are, what you may do, what is watched. */
  banner: string;
  /** One typed line; resolves when it has been handled. `quit` resolves 'quit'. */
  handle(line: string): Promise<'quit' | void>;
  /** Stops the traffic, the bot and the simulator, and leaves no Redis keys behind. */
  stop(): Promise<void>;
}

const USER_ID = 'you';

export async function startDemo(o: DemoOptions): Promise<Demo> {
  const out = o.out;
  const redis = await ensureRedis(o.redisUrl);
  mkdirSync(o.dataDir, { recursive: true });
  const dbFile = join(o.dataDir, 'demo.sqlite');
  for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) rmSync(f, { force: true });
  const token = 'demo-token';
  const secret = 'demo-secret';
  const sim = await startSimulator({ port: 0, token, seed: 7, traffic: false });
  const config = loadConfig({
    ...process.env,
    PORT: process.env.DEMO_PORT ?? '0',
    DATABASE_URL: `sqlite:${dbFile}`,
    REDIS_URL: redis.url,
    QUEUE_PREFIX: o.queuePrefix,
    CONVRS_API_URL: sim.apiUrl,
    CONVRS_API_TOKEN: token,
    CONVRS_EVENTS: 'webhook',
    CONVRS_WEBHOOK_SECRET: secret,
    REORDER_WINDOW_MS: '100',
    // The simulator's absences last 3–5 minutes: an Away agent's chats show as orphaned within a demo's attention span.
    ORPHAN_AFTER_MINUTES: process.env.ORPHAN_AFTER_MINUTES ?? '2',
  });
  const logFile = join(o.dataDir, 'demo.log');
  const log = pino({ level: process.env.LOG_LEVEL ?? 'info' }, pino.destination({ dest: logFile, sync: false }));
  const surface = new TerminalSurface({
    out,
    users: { [USER_ID]: o.as },
    exportDir: o.exportDir,
    color: o.color,
    prefill: o.prefill,
    log,
  });
  const app = await startApp(config, { surfaces: [surface], log });
  sim.control.setWebhook(`${app.url}/convrs/webhook`, secret);
  sim.traffic.start({ chats: o.chats, messagesPerSecond: o.rate });

  let seq = 0;
  /** The chat of the last `supervise`: where `> text` goes. */
  let current: string | null = null;
  const who = (): Requester => ({ surface: 'terminal', userId: USER_ID, destination: 'tty' });
  const command = (text: string) =>
    app.jobs.command({ kind: 'command', who: who(), text, requestId: `tty-${process.pid}-${++seq}` });

  const me = await resolveSupervisor(app.deps, who()).catch(() => null);
  // Someone who may watch nothing is named a few chats to supervise instead (the first ones take a moment to start).
  const watchesNothing = me && !DEFAULT_BUSINESS_UNITS.some((bu) => can(me, 'Supervise Open Chats', bu));
  const openRefs =
    me && watchesNothing && can(me, 'Supervise') ? await openChatsFor(app, scopeOf(me, 'Supervise')) : [];
  const intro = me
    ? demoIntro(me, { requestedWatch: o.watch, businessUnits: [...DEFAULT_BUSINESS_UNITS], openRefs })
    : { lines: ['The bot could not look you up in the Convrs simulator; see the log.'], watch: undefined };
  const banner = [
    '',
    `Convrs Supervisor Bot — demo. Bot at ${app.url}, Convrs simulator at ${sim.apiUrl}. Logs: ${logFile}`,
    ...intro.lines,
    'Type `help` for commands, `quit` to stop.',
    '',
  ].join('\n');
  out.write(`${banner}\n`);
  if (intro.watch) await command(`watch bu:"${intro.watch}"`);

  async function whisperLine(ref: string | undefined, text: string): Promise<void> {
    const target = ref ?? current;
    if (!target || !text)
      return void out.write('Whisper with `>C-1001 text` (a chat on screen), or `> text` after supervising a chat.\n');
    const chat = await app.store.chats.find(target);
    if (!chat) return void out.write(`There is no chat ${target}.\n`);
    const thread = await threadOnScreen(app.store, USER_ID, chat.id);
    if (!thread?.rootPostId)
      return void out.write(
        `⚠️ ${chat.ref} is not on your screen: \`supervise ${chat.ref}\` first, or \`whisper ${chat.ref} ${text}\`.\n`,
      );
    // As `whisper <chat> <text>`: a terminal shows no reply of its own in the thread, so the whisper line is shown in
    // every thread of the chat, this one included (a Slack or Teams reply is itself the line in its thread).
    await command(`whisper ${chat.ref} ${text}`);
  }

  let stopped: Promise<void> | null = null;
  const demo: Demo = {
    app,
    sim,
    banner,
    async handle(raw) {
      const line = raw.trim();
      if (!line) return;
      if (line === 'quit' || line === 'exit') return 'quit';
      const pause = /^wait\s+(\d+(?:\.\d+)?)$/i.exec(line);
      if (pause) return void (await new Promise((r) => setTimeout(r, Number(pause[1]) * 1000)));
      try {
        const reply = parseReplyLine(line);
        if (reply) return await whisperLine(reply.ref, reply.text);
        const sup = /^supervise\s+(\S+)/i.exec(line);
        if (sup && /^(?:c-?)?\d+$/i.test(sup[1])) current = normalizeChatRef(sup[1]);
        await command(line);
      } catch (e) {
        out.write(`⚠️ ${(e as Error).message}\n`);
      }
    },
    stop() {
      stopped ??= (async () => {
        sim.traffic.stop();
        await commandsAnswered(app);
        await app.stop().catch(() => undefined);
        await sim.stop().catch(() => undefined);
        // A private redis-server goes with everything in it; a shared Redis keeps all but this run's keys.
        if (redis.child) await stopPrivateRedis(redis.child);
        else
          await removeKeysWithPrefix(redis.url, o.queuePrefix).catch((e) =>
            out.write(`⚠️ could not remove the demo's Redis keys: ${(e as Error).message}\n`),
          );
        log.flush();
      })();
      return stopped;
    },
  };
  return demo;
}

/** Waits (a few seconds at most) until no command is waiting or running, so its answer is shown. */
async function commandsAnswered(app: App): Promise<void> {
  for (const until = Date.now() + 5_000; Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
    const c = await app.jobs.queues.commands.getJobCounts('waiting', 'active', 'delayed').catch(() => null);
    if (!c || c.waiting + c.active + c.delayed === 0) return;
  }
}

/** A few open chats the person may supervise, waiting briefly for the simulator's first chats to arrive. */
async function openChatsFor(app: App, units: string[] | undefined): Promise<string[]> {
  for (let i = 0; i < 30; i++) {
    const { items } = await app.store.chats.query({ status: 'open', businessUnits: units }, { page: 1, pageSize: 3 });
    if (items.length) return items.map((c) => c.ref);
    await new Promise((r) => setTimeout(r, 100));
  }
  return [];
}

let prefill: ((line: string) => void) | undefined;

/**
 * At a keyboard, whatever the demo prints (streamed chat lines, answers) goes above the prompt: the line is cleared,
 * the output written, and the prompt redrawn with what was being typed, so an edited draft stays in view.
 */
function aboveThePrompt(out: NodeJS.WriteStream, rl: () => Interface | null): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      const r = rl();
      if (!r) return void out.write(chunk, done);
      out.write('\r\x1b[2K');
      out.write(chunk, () => {
        r.prompt(true);
        done();
      });
    },
  });
}

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      as: { type: 'string', default: 'sam.boss@acme.test' },
      chats: { type: 'string', default: '4' },
      rate: { type: 'string', default: '0.5' },
      watch: { type: 'string' },
      'no-color': { type: 'boolean', default: false },
    },
  });
  const out = process.stdout;
  // The demo's own output; at a keyboard it is written above the prompt (see aboveThePrompt).
  let shownRl: Interface | null = null;
  const shown = aboveThePrompt(out, () => shownRl);
  const data = claimDemoDataDir('./data');
  if (data.shared)
    out.write(
      `Another demo runs in ./data, so this one keeps its database and log in ${data.dir} (removed when it stops).\n`,
    );
  const demo = await startDemo({
    as: args.as!,
    chats: Number(args.chats),
    rate: Number(args.rate),
    watch: args.watch,
    color: !args['no-color'] && !!out.isTTY,
    out: shown,
    dataDir: data.dir,
    exportDir: './exports',
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    queuePrefix: `{demo-${process.pid}}`,
    prefill: (line) => prefill?.(line),
  });
  // At a keyboard the prompt is editable, so a suggested whisper lands on it to edit before Enter; a pipe only reads.
  const tty = !!process.stdin.isTTY;
  const rl = createInterface({
    input: process.stdin,
    ...(tty ? { output: out, terminal: true } : { terminal: false }),
  });
  // A suggested whisper gets a prompt of its own; output arriving meanwhile is written above the line being edited.
  let draft: Draft | null = null;
  const editDraft = (d: Draft, line: string) => {
    draft = d;
    rl.setPrompt(draftPrompt(d));
    rl.prompt();
    rl.write(line);
  };
  prefill = tty
    ? (line) => {
        const d = draftOf(line);
        if (d) editDraft(d, d.text);
      }
    : undefined;
  if (tty) {
    rl.setPrompt(PROMPT);
    shownRl = rl;
    rl.prompt();
  }
  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    // A piped script's last commands answer first (Ctrl-C does not wait for them).
    if (code === 0 && !interrupted) await commandsAnswered(demo.app);
    shownRl = null;
    rl.close();
    out.write('\nStopping…\n');
    await demo.stop();
    data.release();
    out.write('Stopped.\n');
    process.exit(code);
  };
  let interrupted = false;
  process.on('SIGINT', () => void ((interrupted = true), stop()));
  process.on('SIGTERM', () => void ((interrupted = true), stop()));
  // Lines run one after another, so a piped script (with `wait N`) plays in order.
  let chain = Promise.resolve();
  rl.on('line', (raw) => {
    const editing = draft;
    draft = null;
    if (tty) rl.setPrompt(PROMPT);
    const outcome: DraftOutcome = editing ? onDraftLine(editing, raw) : { run: raw };
    chain = chain.then(async () => {
      if ('say' in outcome) {
        shown.write(`${outcome.say}\n`);
        if (outcome.again) editDraft(outcome.again, outcome.again.refused ?? outcome.again.text);
      } else if ((await demo.handle(outcome.run)) === 'quit') await stop();
      if (tty && !draft) rl.prompt();
    });
  });
  // A piped script may end without `quit`: the demo keeps streaming until Ctrl-C (or `wait N` then `quit`).
}

if (require.main === module) {
  main().catch((e) => {
    console.error(`demo failed: ${(e as Error).message}`);
    process.exit(1);
  });
}
