// `npm run simulator`: a standalone fake Convrs with live traffic, e.g. for manual runs against a local bot.
import { parseArgs } from 'node:util';
import pino from 'pino';
import type { MoodMix } from './script';
import { startSimulator } from './server';

const { values: v } = parseArgs({
  options: {
    port: { type: 'string', default: '4010' },
    host: { type: 'string', default: '127.0.0.1' },
    webhook: { type: 'string' },
    secret: { type: 'string' },
    token: { type: 'string' },
    chats: { type: 'string', default: '8' },
    rate: { type: 'string', default: '2' },
    duplicates: { type: 'string', default: '0' },
    shuffle: { type: 'string', default: '0' },
    seed: { type: 'string', default: '1' },
    moods: { type: 'string', default: '50/35/15' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (v.help) {
  console.log(`Usage: npm run simulator -- [--port 4010] [--webhook URL] [--secret S] [--token T]
       [--chats N] [--rate MSG_PER_SEC] [--duplicates 0..1] [--shuffle MS] [--seed N]
       [--moods HAPPY/NEUTRAL/ANGRY]   shares of happy, neutral and angry chats (50/35/15)
Defaults for --token and --secret come from CONVRS_API_TOKEN and CONVRS_WEBHOOK_SECRET.`);
  process.exit(0);
}

function num(name: string, raw: string | undefined, min: number, max: number): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) {
    console.error(`--${name}: expected a number from ${min} to ${max}, got "${raw}"`);
    process.exit(2);
  }
  return n;
}

function moods(raw: string | undefined): MoodMix {
  const parts = (raw ?? '').split('/').map(Number);
  const [happy, neutral, angry] = parts;
  if (parts.length !== 3 || parts.some((n) => !Number.isFinite(n) || n < 0) || happy! + neutral! + angry! <= 0) {
    console.error(`--moods: expected three shares like 50/35/15 (happy/neutral/angry), got "${raw}"`);
    process.exit(2);
  }
  return { happy: happy!, neutral: neutral!, angry: angry! };
}

async function main(): Promise<void> {
  const token = v.token ?? process.env.CONVRS_API_TOKEN ?? 'sim-token';
  const webhookSecret = v.secret ?? process.env.CONVRS_WEBHOOK_SECRET;
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });
  const sim = await startSimulator({
    port: num('port', v.port, 0, 65535),
    host: v.host,
    token,
    webhookUrl: v.webhook,
    webhookSecret,
    seed: num('seed', v.seed, 0, 2 ** 32 - 1),
    duplicateRate: num('duplicates', v.duplicates, 0, 1),
    shuffleWindowMs: num('shuffle', v.shuffle, 0, 60_000),
    traffic: {
      chats: num('chats', v.chats, 0, 10_000),
      messagesPerSecond: num('rate', v.rate, 0, 100_000),
      moods: moods(v.moods),
    },
    logger,
  });
  console.log(`Convrs simulator
  API (POST):  ${sim.apiUrl}
  websocket:   ${sim.wsUrl}
  webhook:     ${v.webhook ? `${v.webhook} (secret ${webhookSecret ? 'set' : 'not set'})` : 'none (websocket only)'}
  token:       ${v.token || process.env.CONVRS_API_TOKEN ? '(as given)' : token}`);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, stats: sim.stats }, 'Convrs simulator stopping');
    sim.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(`Convrs simulator failed to start: ${(err as Error).message}`);
  process.exit(1);
});
