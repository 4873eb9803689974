// The benchmark's command line: one place that names every parameter, its default and what it means.
import { parseArgs } from 'node:util';

export type Destination = 'dm' | 'channel';
export type Mood = 'neutral' | 'angry';

export interface BenchParams {
  chats: number;
  /** Customer/agent messages per second over all chats (round-robin over the chats). */
  rate: number;
  durationS: number;
  /** Threads per chat: DMs of that many distinct supervisors, or that many channels watching the BU. */
  supervisors: number;
  dest: Destination;
  web: number;
  workers: number;
  baseline: boolean;
  /** Run only the naive design (handy when comparing designs one at a time). */
  baselineOnly: boolean;
  db: 'postgres' | 'sqlite';
  /** "private" starts a redis-server of our own (clean redis_ops, no noise from other users); else a redis:// URL. */
  redis: string;
  drainTimeoutS: number;
  duplicateRate: number;
  shuffleMs: number;
  mood: Mood;
  seed: number;
  jsonOut?: string;
  /** Writes every call the fake Slack received (method, channel, thread, time, status) as JSON lines, for analysis. */
  dumpCalls?: string;
  /** chat.update per minute the fake Slack allows for the whole workspace (0: unlimited), as real Slack's Tier 3. */
  updateBudget: number;
  /** Writes a V8 CPU profile of each of our bot's processes into this folder (`node --cpu-prof`). */
  cpuProf?: string;
}

export const USAGE = `npm run bench -- [options]
  --chats N            concurrent chats (100)
  --rate R             messages per second over all chats (20)
  --duration S         seconds of traffic (30)
  --supervisors K      threads per chat (1): K supervisors' DMs, or K channels watching the chats' unit
  --dest dm|channel    where threads live (dm): each supervisor's DM with the bot, or watched channels
  --web N --workers M  bot processes (1 and 1); with --db sqlite one APP_ROLE=all process runs instead;
                       --workers 0 measures intake alone (nothing is supervised or posted)
  --baseline           also run the naive design (post from the webhook handler) on the same traffic
  --baseline-only      run only the naive design
  --db postgres|sqlite fresh database for the run (postgres)
  --redis private|URL  a private redis-server (default) or an existing Redis
  --drain-timeout S    how long to wait after the traffic for every line to be posted (duration + 30)
  --duplicate-rate P   probability the simulator delivers an event twice (0)
  --shuffle-ms MS      the simulator buffers events this long and delivers them shuffled (0)
  --mood neutral|angry the customers' lines (neutral); angry lines also trigger negative-sentiment alerts
  --seed N             simulator seed (7)
  --json-out FILE      also write the JSON there
  --dump-calls PREFIX  write the fake Slack's calls to PREFIX-<ours|baseline>.jsonl (method, channel, thread, at, status)
  --update-budget N    the fake Slack allows N chat.update per minute for the workspace, burst 10, then 429 (0: no limit; Slack ~50)
  --cpu-prof DIR       write CPU profiles of each of our processes to DIR/<web-1|worker-1…>/ (open in Chrome DevTools)`;

export class UsageError extends Error {}

function number(raw: string | undefined, name: string, def: number, o: { min: number; integer?: boolean }): number {
  if (raw === undefined) return def;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < o.min || (o.integer && !Number.isInteger(v))) {
    throw new UsageError(`--${name}: expected ${o.integer ? 'a whole number' : 'a number'} ≥ ${o.min}, got "${raw}"`);
  }
  return v;
}

function oneOf<T extends string>(raw: string | undefined, name: string, allowed: readonly T[], def: T): T {
  if (raw === undefined) return def;
  if (!(allowed as readonly string[]).includes(raw))
    throw new UsageError(`--${name}: expected ${allowed.join(' or ')}, got "${raw}"`);
  return raw as T;
}

export function parseBenchArgs(argv: string[]): BenchParams | 'help' {
  const { values: v } = parseArgs({
    args: argv,
    strict: true,
    options: {
      chats: { type: 'string' },
      rate: { type: 'string' },
      duration: { type: 'string' },
      supervisors: { type: 'string' },
      dest: { type: 'string' },
      web: { type: 'string' },
      workers: { type: 'string' },
      baseline: { type: 'boolean' },
      'baseline-only': { type: 'boolean' },
      db: { type: 'string' },
      redis: { type: 'string' },
      'drain-timeout': { type: 'string' },
      'duplicate-rate': { type: 'string' },
      'shuffle-ms': { type: 'string' },
      mood: { type: 'string' },
      seed: { type: 'string' },
      'json-out': { type: 'string' },
      'dump-calls': { type: 'string' },
      'cpu-prof': { type: 'string' },
      'update-budget': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (v.help) return 'help';
  const durationS = number(v.duration, 'duration', 30, { min: 1 });
  const redis = v.redis ?? 'private';
  if (redis !== 'private' && !/^rediss?:\/\//.test(redis))
    throw new UsageError(`--redis: expected private or redis://host:port, got "${redis}"`);
  if (v.workers === '0' && v.db === 'sqlite')
    throw new UsageError('--workers 0 needs --db postgres (with SQLite one process does everything)');
  const duplicateRate = number(v['duplicate-rate'], 'duplicate-rate', 0, { min: 0 });
  if (duplicateRate > 1) throw new UsageError('--duplicate-rate: expected a probability between 0 and 1');
  return {
    chats: number(v.chats, 'chats', 100, { min: 1, integer: true }),
    rate: number(v.rate, 'rate', 20, { min: 0.01 }),
    durationS,
    supervisors: number(v.supervisors, 'supervisors', 1, { min: 1, integer: true }),
    dest: oneOf(v.dest, 'dest', ['dm', 'channel'] as const, 'dm'),
    web: number(v.web, 'web', 1, { min: 1, integer: true }),
    workers: number(v.workers, 'workers', 1, { min: 0, integer: true }),
    baseline: Boolean(v.baseline || v['baseline-only']),
    baselineOnly: Boolean(v['baseline-only']),
    db: oneOf(v.db, 'db', ['postgres', 'sqlite'] as const, 'postgres'),
    redis,
    drainTimeoutS: number(v['drain-timeout'], 'drain-timeout', durationS + 30, { min: 1 }),
    duplicateRate,
    shuffleMs: number(v['shuffle-ms'], 'shuffle-ms', 0, { min: 0, integer: true }),
    mood: oneOf(v.mood, 'mood', ['neutral', 'angry'] as const, 'neutral'),
    seed: number(v.seed, 'seed', 7, { min: 0, integer: true }),
    jsonOut: v['json-out'],
    dumpCalls: v['dump-calls'],
    cpuProf: v['cpu-prof'],
    updateBudget: number(v['update-budget'], 'update-budget', 0, { min: 0 }),
  };
}
