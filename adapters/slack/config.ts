// The Slack slice of the configuration: what the Slack adapter needs, nothing else.
import type { Config } from '../../src/config';

export interface SlackConfig {
  token: string;
  /** Signs requests to POST /slack/events; unused in Socket Mode. */
  signingSecret: string;
  /** App-level token (`xapp-…`): when set, Slack is reached over Socket Mode instead of POST /slack/events. */
  appToken?: string;
  /** Web API base, with a trailing slash (tests point it at a fake). */
  apiUrl: string;
  alertsChannel?: string;
  /** Retries of one Web API call on 5xx/network errors; 429s always go back to our queue. */
  retries: number;
}

export function slackConfig(c: Config): SlackConfig {
  return {
    token: c.SLACK_BOT_TOKEN ?? '',
    signingSecret: c.SLACK_SIGNING_SECRET ?? '',
    appToken: c.SLACK_APP_TOKEN,
    apiUrl: c.SLACK_API_URL.endsWith('/') ? c.SLACK_API_URL : `${c.SLACK_API_URL}/`,
    alertsChannel: c.SLACK_ALERTS_CHANNEL,
    retries: c.SLACK_API_RETRIES,
  };
}

/** Slack is on with a bot token and either way in: a signing secret (HTTP) or an app-level token (Socket Mode). */
export const slackIsOn = (c: Pick<Config, 'SLACK_BOT_TOKEN' | 'SLACK_SIGNING_SECRET' | 'SLACK_APP_TOKEN'>): boolean =>
  Boolean(c.SLACK_BOT_TOKEN && (c.SLACK_SIGNING_SECRET || c.SLACK_APP_TOKEN));

/** The Slack variables' problems, checked on the raw environment so they are listed with every other problem. */
export function slackEnvProblems(env: Record<string, string | undefined>): string[] {
  const value = (k: string) => env[k]?.trim() ?? '';
  const [bot, secret, app] = [value('SLACK_BOT_TOKEN'), value('SLACK_SIGNING_SECRET'), value('SLACK_APP_TOKEN')];
  const out: string[] = [];
  if (app && !app.startsWith('xapp-')) {
    const which = app.startsWith('xoxb-') ? ' (this is a bot token: it goes in SLACK_BOT_TOKEN)' : '';
    out.push(
      `SLACK_APP_TOKEN: expected an app-level token starting with xapp-${which}; create one with the connections:write scope under Basic Information → App-Level Tokens`,
    );
  }
  if (bot && !secret && !app)
    out.push(
      'SLACK_SIGNING_SECRET: Slack needs SLACK_SIGNING_SECRET with SLACK_BOT_TOKEN (or SLACK_APP_TOKEN for Socket Mode, without a public URL)',
    );
  if (!bot && (secret || app))
    out.push(`SLACK_BOT_TOKEN: Slack needs SLACK_BOT_TOKEN with ${app ? 'SLACK_APP_TOKEN' : 'SLACK_SIGNING_SECRET'}`);
  return out;
}
