// One configuration schema, parsed once at start; every problem is listed in one message.
import { isSupportedCountry } from 'libphonenumber-js';
import { z } from 'zod';
import { slackEnvProblems, slackIsOn } from '../adapters/slack/config';
import { PII_KINDS, type PiiKind } from './core/redact';

const bool = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ['true', 'false', '1', '0', 'yes', 'no', ''].includes(v), 'expected true or false')
  .transform((v) => ['true', '1', 'yes'].includes(v));

const optionalString = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

const int = (def: number, min: number, max: number) =>
  z.coerce
    .number({ error: 'expected a whole number' })
    .int('expected a whole number')
    .min(min, `expected at least ${min}`)
    .max(max, `expected at most ${max}`)
    .default(def);

const base = z.object({
  PORT: int(3000, 0, 65535),
  PUBLIC_BASE_URL: optionalString.pipe(
    z.url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://bot.example.com' }).optional(),
  ),
  DATABASE_URL: z
    .string()
    .trim()
    .default('sqlite:./data/supervisor.sqlite')
    .refine((v) => /^(sqlite:|postgres(ql)?:\/\/)/.test(v), 'expected sqlite:<path> or postgres://user@host:port/db'),
  DB_MIGRATE: bool.default(true),
  REDIS_URL: z
    .string()
    .trim()
    .default('redis://127.0.0.1:6379')
    .refine((v) => /^rediss?:\/\//.test(v), 'expected redis://host:port'),
  QUEUE_PREFIX: z.string().trim().default('{convrs}'),
  APP_ROLE: z.enum(['web', 'worker', 'all'], { error: 'expected web, worker or all' }).default('all'),
  CONVRS_API_URL: z
    .url({ error: 'expected a URL such as https://data.conv.rs/api' })
    .default('https://data.conv.rs/api'),
  CONVRS_WS_URL: z.url({ error: 'expected a URL such as wss://data.conv.rs/api' }).default('wss://data.conv.rs/api'),
  CONVRS_API_TOKEN: optionalString,
  CONVRS_EVENTS: z.enum(['webhook', 'websocket'], { error: 'expected webhook or websocket' }).default('webhook'),
  CONVRS_WEBHOOK_SECRET: optionalString,
  CONVRS_PROFILE: optionalString,
  SLACK_BOT_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  /** App-level token (xapp-…): Slack over Socket Mode, no public URL (checked in slackEnvProblems). */
  SLACK_APP_TOKEN: optionalString,
  SLACK_API_URL: z.url().default('https://slack.com/api/'),
  SLACK_ALERTS_CHANNEL: optionalString,
  /** Retries of one Slack Web API call on 5xx/network errors (429s always go back to the queue). */
  SLACK_API_RETRIES: int(2, 0, 10),
  MicrosoftAppId: optionalString,
  MicrosoftAppPassword: optionalString,
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('SingleTenant'),
  MicrosoftAppTenantId: optionalString,
  TEAMS_ENABLED: bool.default(false),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString.pipe(z.url().optional()),
  OPENAI_MODEL: z.string().trim().default('gpt-4o-mini'),
  INACTIVITY_MINUTES: z.coerce.number().positive('expected a positive number of minutes').default(5),
  /** An agent Away (their self status) this long while holding open chats raises an orphaned-chats alert. */
  ORPHAN_AFTER_MINUTES: z.coerce
    .number()
    .positive('expected a positive number of minutes')
    .max(1440, 'expected at most 1440 minutes')
    .default(10),
  /** Sentiment is scored at most once per chat per this many seconds (the debounce window). */
  SCORE_DEBOUNCE_SECONDS: int(10, 1, 3600),
  /**
   * Sentiment runs per second, all chats and worker processes together (BullMQ's limiter is per queue; 0: no limit). Scoring is background work: past
   * this rate chats are scored less often (their waiting runs fold together), never the mirroring slowed.
   */
  SCORE_RATE_PER_SECOND: int(20, 0, 10_000),
  /** Rated chats (predicted CSAT and thumbs) a unit, else all units, needs before a calibrated CSAT is shown. */
  CALIBRATION_MIN_CHATS: int(30, 1, 100_000),
  /** The same alert kind is not repeated for a chat within this many minutes. */
  ALERT_COOLDOWN_MINUTES: int(30, 0, 1440),
  NEGATIVE_SENTIMENT_THRESHOLD: z.coerce
    .number()
    .min(-1, 'expected a number in [-1, 1]')
    .max(1, 'expected a number in [-1, 1]')
    .default(-0.3),
  ADMIN_EMAILS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    ),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** How long the drain waits for late, earlier-stamped events before posting (out-of-order deliveries). */
  REORDER_WINDOW_MS: int(150, 0, 10000),
  /** Recent messages a thread starts with when supervision begins on a running chat. */
  HISTORY_LINES: int(20, 0, 200),
  EXPORT_DIR: z.string().default('./exports'),
  /** Message text of chats finished longer ago than this many days is purged (0 keeps everything). */
  RETENTION_DAYS: int(90, 0, 36500),
  /** Mask personal data in everything sent to a surface, and card numbers before storage (SPEC §3.11). */
  REDACT_PII: bool.default(true),
  /** Which kinds REDACT_PII masks: a comma-separated subset of card,iban,email,phone. */
  REDACT_PII_KINDS: z
    .string()
    .default('card,iban,email,phone')
    .transform((s, ctx) => {
      const kinds = s
        .split(',')
        .map((k) => k.trim().toLowerCase())
        .filter(Boolean);
      const bad = kinds.filter((k) => !(PII_KINDS as readonly string[]).includes(k));
      if (bad.length)
        ctx.addIssue({
          code: 'custom',
          message: `expected a comma-separated subset of ${PII_KINDS.join(',')} (got ${bad.join(', ')})`,
        });
      return [...new Set(kinds)] as PiiKind[];
    }),
  /** Phone numbers in this region's national format are masked too (ISO 3166 code, e.g. US, GB); "+…" numbers always. */
  REDACT_PII_PHONE_REGION: z
    .string()
    .trim()
    .toUpperCase()
    .refine((v) => v === '' || isSupportedCountry(v), 'expected a two-letter country code such as US or GB')
    .default(''),
});

/** Rules across variables, checked on the raw environment so they are listed even when other values are invalid. */
function crossChecks(env: Record<string, string | undefined>): string[] {
  const set = (k: string) => Boolean(env[k]?.trim());
  const events = env.CONVRS_EVENTS?.trim() || 'webhook';
  const out: string[] = [];
  if (events === 'webhook' && !set('CONVRS_WEBHOOK_SECRET'))
    out.push('CONVRS_WEBHOOK_SECRET: required when CONVRS_EVENTS=webhook (the secret Convrs sends in ?secret=)');
  if (events === 'websocket' && !set('CONVRS_API_TOKEN'))
    out.push('CONVRS_API_TOKEN: required when CONVRS_EVENTS=websocket');
  out.push(...slackEnvProblems(env));
  const appType = env.MicrosoftAppType?.trim() || 'SingleTenant';
  if (set('MicrosoftAppId') && !set('MicrosoftAppPassword') && appType !== 'UserAssignedMSI')
    out.push('MicrosoftAppPassword: required when MicrosoftAppId is set');
  if (set('MicrosoftAppId') && appType === 'SingleTenant' && !set('MicrosoftAppTenantId'))
    out.push('MicrosoftAppTenantId: required for a SingleTenant app');
  return out;
}

export type Config = z.infer<typeof base> & {
  slackEnabled: boolean;
  teamsEnabled: boolean;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/** Only the database settings (for `npm run migrate`, which needs nothing else). */
export function loadDatabaseConfig(env: Record<string, string | undefined> = process.env): { DATABASE_URL: string } {
  const parsed = base.pick({ DATABASE_URL: true }).safeParse(env);
  if (!parsed.success)
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}${describeReceived(env, i.path)}`),
    );
  return parsed.data;
}

/** Only what `npm run purge` needs. */
export function loadPurgeConfig(
  env: Record<string, string | undefined> = process.env,
): Pick<Config, 'DATABASE_URL' | 'RETENTION_DAYS' | 'LOG_LEVEL'> {
  const parsed = base.pick({ DATABASE_URL: true, RETENTION_DAYS: true, LOG_LEVEL: true }).safeParse(env);
  if (!parsed.success)
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}${describeReceived(env, i.path)}`),
    );
  return parsed.data;
}

/** Parses the environment (or any record) into a Config, or throws a ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = base.safeParse(env);
  const problems = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}${describeReceived(env, i.path)}`)),
    ...crossChecks(env),
  ];
  if (!parsed.success || problems.length) throw new ConfigError(problems);
  const c = parsed.data;
  return { ...c, slackEnabled: slackIsOn(c), teamsEnabled: c.TEAMS_ENABLED || Boolean(c.MicrosoftAppId) };
}

const SECRET = /TOKEN|SECRET|PASSWORD|KEY/;
function describeReceived(env: Record<string, string | undefined>, path: PropertyKey[]): string {
  const name = String(path[0] ?? '');
  const v = env[name];
  if (v === undefined || v === '' || SECRET.test(name)) return '';
  return ` (got "${v.length > 60 ? v.slice(0, 57) + '…' : v}")`;
}
