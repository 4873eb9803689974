// The Slack slice of the configuration: what the Slack adapter needs, nothing else.
import type { Config } from '../../src/config';

export interface SlackConfig {
  token: string;
  signingSecret: string;
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
    apiUrl: c.SLACK_API_URL.endsWith('/') ? c.SLACK_API_URL : `${c.SLACK_API_URL}/`,
    alertsChannel: c.SLACK_ALERTS_CHANNEL,
    retries: c.SLACK_API_RETRIES,
  };
}
