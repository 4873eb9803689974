// `npm run demo`: the whole product on one machine with no accounts — simulator, bot, workers, terminal surface.
import 'dotenv/config';
import { rmSync, mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { startSimulator } from '../adapters/convrs/simulator';
import { TerminalSurface } from '../adapters/terminal/surface';
import { startApp } from './app';
import { loadConfig } from './config';
import { ensureRedis } from './demo-redis';
import type { Requester } from './core/ports';

const { values: args } = parseArgs({
  options: {
    as: { type: 'string', default: 'sam.boss@acme.test' },
    chats: { type: 'string', default: '4' },
    rate: { type: 'string', default: '0.5' },
    watch: { type: 'string', default: 'Sales' },
    'no-color': { type: 'boolean', default: false },
  },
});

async function main(): Promise<void> {
  const out = process.stdout;
  const redis = await ensureRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  mkdirSync('./data', { recursive: true });
  rmSync('./data/demo.sqlite', { force: true });
  rmSync('./data/demo.sqlite-wal', { force: true });
  rmSync('./data/demo.sqlite-shm', { force: true });
  const token = 'demo-token';
  const secret = 'demo-secret';
  const sim = await startSimulator({ port: 0, token, seed: 7, traffic: false });
  const config = loadConfig({
    ...process.env,
    PORT: process.env.DEMO_PORT ?? '0',
    DATABASE_URL: 'sqlite:./data/demo.sqlite',
    REDIS_URL: redis.url,
    QUEUE_PREFIX: `{demo-${process.pid}}`,
    CONVRS_API_URL: sim.apiUrl,
    CONVRS_API_TOKEN: token,
    CONVRS_EVENTS: 'webhook',
    CONVRS_WEBHOOK_SECRET: secret,
    REORDER_WINDOW_MS: '100',
  });
  const log = pino({ level: process.env.LOG_LEVEL ?? 'info' }, pino.destination({ dest: './data/demo.log', sync: false }));
  const userId = 'you';
  const surface = new TerminalSurface({ out, users: { [userId]: args.as! }, exportDir: './exports', color: !args['no-color'] && out.isTTY });
  const app = await startApp(config, { surfaces: [surface], log });
  sim.control.setWebhook(`${app.url}/convrs/webhook`, secret);
  sim.traffic.start({ chats: Number(args.chats), messagesPerSecond: Number(args.rate) });

  out.write(
    [
      '',
      `Convrs Supervisor Bot — demo. Bot at ${app.url}, Convrs simulator at ${sim.apiUrl}. Logs: ./data/demo.log`,
      `You are ${args.as}. Type \`help\` for commands. Reply in a thread with \`> text\` (the last chat you supervised) or \`>C-1001 text\`.`,
      args.watch ? `Watching ${args.watch} here, so its chats stream in. \`unwatch bu:${args.watch}\` to stop.` : '',
      '',
    ].join('\n') + '\n',
  );

  let seq = 0;
  let current: string | null = null;
  const who = (): Requester => ({ surface: 'terminal', userId, destination: 'tty' });
  const command = (text: string) => app.jobs.command({ kind: 'command', who: who(), text, requestId: `tty-${process.pid}-${++seq}` });
  if (args.watch) await command(`watch bu:"${args.watch}"`);

  const rl = createInterface({ input: process.stdin, terminal: false });
  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    out.write('\nStopping…\n');
    rl.close();
    sim.traffic.stop();
    await app.stop().catch(() => undefined);
    await sim.stop().catch(() => undefined);
    redis.child?.kill();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  // Lines run one after another, so a piped script (with `wait N`) plays in order.
  let chain = Promise.resolve();
  rl.on('line', (raw) => {
    chain = chain.then(() => handle(raw));
  });
  async function handle(raw: string): Promise<void> {
    const line = raw.trim();
    if (!line) return;
    if (line === 'quit' || line === 'exit') return stop();
    const pause = line.match(/^wait\s+(\d+(?:\.\d+)?)$/i);
    if (pause) return void (await new Promise((r) => setTimeout(r, Number(pause[1]) * 1000)));
    try {
      const reply = line.match(/^>\s*(C-\d+)?\s*(.*)$/i);
      if (reply) {
        const ref = reply[1] ?? current;
        if (!ref || !reply[2]) return void out.write('Reply with `> text` after supervising a chat, or `>C-1001 text`.\n');
        const chat = await app.store.chats.find(ref);
        const thread = chat && (await app.store.threads.personalOf('terminal', userId)).find((t) => t.chatId === chat.id && t.active);
        if (!thread?.rootPostId) return void out.write(`You are not supervising ${ref}; type \`supervise ${ref}\` first.\n`);
        await app.jobs.command({ kind: 'thread-reply', who: { ...who(), destination: thread.destination }, reply: { rootPostId: thread.rootPostId, replyId: `tty-${process.pid}-${++seq}`, text: reply[2] } });
        return;
      }
      const sup = line.match(/^supervise\s+(\S+)/i);
      if (sup) current = sup[1].toUpperCase().startsWith('C-') ? sup[1].toUpperCase() : current;
      await command(line);
    } catch (e) {
      out.write(`⚠️ ${(e as Error).message}\n`);
    }
  }
  // A piped script may end without `quit`: the demo keeps streaming until Ctrl-C (or `wait N` then `quit`).
}

main().catch((e) => {
  console.error(`demo failed: ${(e as Error).message}`);
  process.exit(1);
});
