// The Convrs command and event names this integration uses, in one table (CONVRS.md "Our profile").
// Names marked assumed are not in Convrs's public docs; CONVRS_PROFILE (a JSON file) overrides any of them.
import { readFileSync } from 'node:fs';

export const defaultProfile = {
  commands: {
    authenticate: 'Authenticate', // assumed (websocket)
    getOpenConversations: 'GetOpenConversations', // seen in public client code
    getConversation: 'GetConversation', // assumed
    getConversations: 'GetConversations', // assumed
    getAgents: 'GetAgents', // assumed
    getBusinessUnits: 'GetBusinessUnits', // assumed
    sendWhisper: 'SendWhisper', // assumed
    transferConversation: 'TransferConversation', // assumed
    finishConversation: 'FinishConversation', // assumed
    getUser: 'GetUser', // documented
  },
  events: {
    conversationStart: 'onConversationStart', // assumed
    message: 'onMessage', // assumed
    conversationAssign: 'onConversationAssign', // assumed
    conversationFinished: 'onUserConversation', // documented
    feedback: 'onFeedback', // assumed
    agentStatus: 'onAgentStatus', // assumed
  },
};

export type ConvrsProfile = typeof defaultProfile;

/** The default profile with the overrides of a JSON file ({ "commands": {...}, "events": {...} }) merged in. */
export function loadProfile(path?: string): ConvrsProfile {
  if (!path) return defaultProfile;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`CONVRS_PROFILE: cannot read ${path} as JSON (${(e as Error).message})`);
  }
  const o = (parsed ?? {}) as Partial<Record<'commands' | 'events', Record<string, unknown>>>;
  const merge = <T extends Record<string, string>>(
    base: T,
    over: Record<string, unknown> | undefined,
    section: string,
  ): T => {
    const out = { ...base };
    for (const [k, v] of Object.entries(over ?? {})) {
      if (!(k in base))
        throw new Error(`CONVRS_PROFILE: unknown ${section} name "${k}" (known: ${Object.keys(base).join(', ')})`);
      if (typeof v !== 'string' || !v) throw new Error(`CONVRS_PROFILE: ${section}.${k} must be a non-empty string`);
      (out as Record<string, string>)[k] = v;
    }
    return out;
  };
  return {
    commands: merge(defaultProfile.commands, o.commands, 'commands'),
    events: merge(defaultProfile.events, o.events, 'events'),
  };
}
