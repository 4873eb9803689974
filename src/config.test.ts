// Config: defaults, derived switches, and every problem listed at once with the variable named.
import { ConfigError, loadConfig, loadDatabaseConfig, loadPurgeConfig } from './config';

const ok = { CONVRS_WEBHOOK_SECRET: 's3cret' };

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig(ok);
    expect(c).toMatchObject({
      PORT: 3000,
      DATABASE_URL: 'sqlite:./data/supervisor.sqlite',
      REDIS_URL: 'redis://127.0.0.1:6379',
      CONVRS_API_URL: 'https://data.conv.rs/api',
      CONVRS_WS_URL: 'wss://data.conv.rs/api',
      CONVRS_EVENTS: 'webhook',
      SLACK_API_URL: 'https://slack.com/api/',
      INACTIVITY_MINUTES: 5,
      NEGATIVE_SENTIMENT_THRESHOLD: -0.3,
      LOG_LEVEL: 'info',
      APP_ROLE: 'all',
      ADMIN_EMAILS: [],
      slackEnabled: false,
      teamsEnabled: false,
    });
  });

  it('turns Slack on with both secrets and Teams on with an app id or TEAMS_ENABLED', () => {
    expect(loadConfig({ ...ok, SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abc' }).slackEnabled).toBe(true);
    expect(loadConfig({ ...ok, TEAMS_ENABLED: 'true' }).teamsEnabled).toBe(true);
    expect(
      loadConfig({ ...ok, MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw', MicrosoftAppTenantId: 't' }).teamsEnabled,
    ).toBe(true);
  });

  it('lowercases and splits ADMIN_EMAILS', () => {
    expect(loadConfig({ ...ok, ADMIN_EMAILS: ' Boss@Acme.test, ,ops@acme.test' }).ADMIN_EMAILS).toEqual([
      'boss@acme.test',
      'ops@acme.test',
    ]);
  });

  it('lists every problem in one message, naming each variable, without echoing secrets', () => {
    let err: ConfigError | undefined;
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        CONVRS_EVENTS: 'carrier-pigeon',
        SLACK_BOT_TOKEN: 'xoxb-secret-value',
        NEGATIVE_SENTIMENT_THRESHOLD: '-4',
        APP_ROLE: 'both',
      });
    } catch (e) {
      err = e as ConfigError;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const names = [
      'PORT',
      'DATABASE_URL',
      'CONVRS_EVENTS',
      'SLACK_SIGNING_SECRET',
      'NEGATIVE_SENTIMENT_THRESHOLD',
      'APP_ROLE',
    ];
    for (const n of names) expect(err!.message).toContain(n);
    expect(err!.problems.length).toBeGreaterThanOrEqual(names.length);
    expect(err!.message).toContain('expected sqlite:<path> or postgres://');
    expect(err!.message).toContain('(got "mysql://x")');
    expect(err!.message).not.toContain('xoxb-secret-value');
  });

  it('requires the webhook secret in webhook mode and the token in websocket mode', () => {
    expect(() => loadConfig({})).toThrow(/CONVRS_WEBHOOK_SECRET: required when CONVRS_EVENTS=webhook/);
    expect(() => loadConfig({ CONVRS_EVENTS: 'websocket' })).toThrow(
      /CONVRS_API_TOKEN: required when CONVRS_EVENTS=websocket/,
    );
    expect(loadConfig({ CONVRS_EVENTS: 'websocket', CONVRS_API_TOKEN: 't' }).CONVRS_EVENTS).toBe('websocket');
  });

  it('REDACT_PII is on with every kind by default; kinds and the phone region are checked', () => {
    const c = loadConfig(ok);
    expect(c.REDACT_PII).toBe(true);
    expect(c.REDACT_PII_KINDS).toEqual(['card', 'iban', 'email', 'phone']);
    expect(c.REDACT_PII_PHONE_REGION).toBe('');
    expect(loadConfig({ ...ok, REDACT_PII: 'false' }).REDACT_PII).toBe(false);
    expect(loadConfig({ ...ok, REDACT_PII_KINDS: ' Card, email ' }).REDACT_PII_KINDS).toEqual(['card', 'email']);
    expect(loadConfig({ ...ok, REDACT_PII_PHONE_REGION: 'gb' }).REDACT_PII_PHONE_REGION).toBe('GB');
    expect(() => loadConfig({ ...ok, REDACT_PII_KINDS: 'card,ssn', REDACT_PII_PHONE_REGION: 'XX' })).toThrow(
      /REDACT_PII_KINDS: expected a comma-separated subset of card,iban,email,phone \(got ssn\)[\s\S]*REDACT_PII_PHONE_REGION/,
    );
  });

  it('keeps messages 90 days by default; RETENTION_DAYS=0 keeps them forever; other values are whole days', () => {
    expect(loadConfig(ok).RETENTION_DAYS).toBe(90);
    expect(loadConfig({ ...ok, RETENTION_DAYS: '0' }).RETENTION_DAYS).toBe(0);
    expect(loadConfig({ ...ok, RETENTION_DAYS: ' 30 ' }).RETENTION_DAYS).toBe(30);
    expect(() => loadConfig({ ...ok, RETENTION_DAYS: '-1' })).toThrow(
      /RETENTION_DAYS: expected at least 0 \(got "-1"\)/,
    );
    expect(() => loadConfig({ ...ok, RETENTION_DAYS: '7.5' })).toThrow(/RETENTION_DAYS: expected a whole number/);
    expect(() => loadConfig({ ...ok, RETENTION_DAYS: 'forever' })).toThrow(/RETENTION_DAYS: expected a whole number/);
  });

  it('asks for the tenant of a SingleTenant Teams app', () => {
    expect(() => loadConfig({ ...ok, MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw' })).toThrow(
      /MicrosoftAppTenantId/,
    );
  });
});

describe('loadDatabaseConfig', () => {
  it('needs nothing but the database URL', () => {
    expect(loadDatabaseConfig({}).DATABASE_URL).toBe('sqlite:./data/supervisor.sqlite');
    expect(() => loadDatabaseConfig({ DATABASE_URL: 'oracle://x' })).toThrow(ConfigError);
  });
});

describe('loadPurgeConfig', () => {
  it('needs only the database URL, with the retention and log level defaults', () => {
    expect(loadPurgeConfig({})).toEqual({
      DATABASE_URL: 'sqlite:./data/supervisor.sqlite',
      RETENTION_DAYS: 90,
      LOG_LEVEL: 'info',
    });
    expect(loadPurgeConfig({ RETENTION_DAYS: '0' }).RETENTION_DAYS).toBe(0);
    expect(() => loadPurgeConfig({ RETENTION_DAYS: 'soon' })).toThrow(/RETENTION_DAYS/);
  });
});
