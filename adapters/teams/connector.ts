// The Bot Framework side: CloudAdapter from the standard variables, and a connector client for proactive calls.
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import type { Logger } from 'pino';
import { isIntakeRefused } from '../../src/core/intake';
import type { TeamsConfig } from './config';

export function createAdapter(c: TeamsConfig, log: Logger): CloudAdapter {
  // Without an app id there are no credentials at all; the SDK insists on a tenant only for a SingleTenant app.
  const settings = {
    MicrosoftAppId: c.appId,
    MicrosoftAppPassword: c.appPassword,
    MicrosoftAppType: c.appId ? c.appType : 'MultiTenant',
    MicrosoftAppTenantId: c.tenantId,
  };
  if (!c.appId)
    log.warn(
      'Teams runs WITHOUT authentication (MicrosoftAppId is empty): for the Bot Framework Emulator and tests only',
    );
  const credentials = new ConfigurationServiceClientCredentialFactory(settings);
  // The connector's own retry policy would sleep inside a job on 429/5xx: retries go through our queue instead.
  // These options do not reach the connector's HTTP pipeline, though: `withoutRetries` below does that part.
  const auth = new ConfigurationBotFrameworkAuthentication(settings, credentials, undefined, undefined, {
    retryOptions: { maxRetries: 0 },
  } as never);
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (_ctx, error) => {
    log.error({ err: error.message }, 'Teams turn failed');
    // Not stored, so not acknowledged: the activity gets a 5xx and the Bot Framework Service may send it again.
    if (isIntakeRefused(error)) throw error;
  };
  return adapter;
}

/** Runs `fn` with a connector client for a conversation (proactive: no incoming activity needed). */
export async function withConnector<T>(
  adapter: CloudAdapter,
  appId: string,
  ref: Partial<ConversationReference>,
  fn: (client: ConnectorClient, ctx: TurnContext) => Promise<T>,
): Promise<T> {
  let out: T | undefined;
  let failed: unknown;
  await adapter.continueConversationAsync(appId, ref, async (ctx) => {
    try {
      out = await fn(withoutRetries(ctx.turnState.get(ctx.adapter.ConnectorClientKey) as ConnectorClient), ctx);
    } catch (e) {
      failed = e;
    }
  });
  if (failed !== undefined) throw failed;
  return out as T;
}

/**
 * The connector client's HTTP pipeline retries 429s and 5xx itself (three times, sleeping for Retry-After),
 * whatever retry options the adapter was given: it builds its pipeline without them. Its retry phase is taken
 * out, so a 429 reaches our queue at once and a job never sleeps inside a request.
 */
function withoutRetries(client: ConnectorClient): ConnectorClient {
  const pipeline = (client as unknown as { client?: { pipeline?: { removePolicy(o: { phase: 'Retry' }): unknown } } })
    .client?.pipeline;
  pipeline?.removePolicy({ phase: 'Retry' });
  return client;
}
