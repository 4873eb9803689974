// Teams test harness: the real app with Teams on (real express + CloudAdapter, no app id = no auth), a fake connector.
import { randomBytes } from 'node:crypto';
import { FakeConnector } from './fakes/teams-connector';
import { startHarness, waitFor, type Harness } from './harness';

export const BOT = { id: '28:bot-app-id', name: 'Convrs Supervisor' };
export const TEAM = '19:team-general@thread.tacv2';
export const WALL = '19:wall-channel@thread.tacv2';
export const TEAMS_USERS = {
  sam: { id: '29:sam-id', aadObjectId: 'aad-sam', name: 'Sam Boss', email: 'sam.boss@acme.test' },
  sue: { id: '29:sue-id', aadObjectId: 'aad-sue', name: 'Sue Sales', email: 'sue.sales@acme.test' },
  stranger: { id: '29:str-id', aadObjectId: 'aad-str', name: 'No Body', email: 'nobody@elsewhere.test' },
} as const;
export interface TeamsUser {
  id: string;
  aadObjectId: string;
  name: string;
  email: string;
}

export interface TeamsHarness extends Harness {
  connector: FakeConnector;
  stopAll(): Promise<void>;
}

export async function startTeamsHarness(opts: Parameters<typeof startHarness>[0] = {}): Promise<TeamsHarness> {
  const connector = await new FakeConnector().start();
  for (const u of Object.values(TEAMS_USERS))
    connector.members[u.id] = {
      id: u.id,
      name: u.name,
      aadObjectId: u.aadObjectId,
      email: u.email,
      userPrincipalName: u.email,
    };
  const h = await startHarness({ ...opts, env: { TEAMS_ENABLED: 'true', ...opts.env } });
  return {
    ...h,
    connector,
    stopAll: async () => {
      await h.stop();
      await connector.stop();
    },
  };
}

/** An activity as the Bot Framework Service posts it (loosely typed: tests also send broken ones). */
export type TestActivity = Record<string, any>;

const nextId = () => `${Date.now()}${randomBytes(3).toString('hex')}`;
export const personalConversation = (u: TeamsUser) => `a:personal-${u.aadObjectId}`;

/** POSTs an activity to /api/messages like the Bot Framework Service does. */
export async function postActivity(
  h: TeamsHarness,
  activity: TestActivity,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${h.app.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(activity),
  });
}

function base(
  h: TeamsHarness,
  u: TeamsUser,
  conversation: Record<string, unknown>,
  channelData: Record<string, unknown>,
): TestActivity {
  return {
    id: nextId(),
    channelId: 'msteams',
    serviceUrl: h.connector.url,
    timestamp: new Date().toISOString(),
    from: { id: u.id, name: u.name, aadObjectId: u.aadObjectId },
    recipient: BOT,
    conversation: { tenantId: 'tenant-1', ...conversation },
    channelData: { tenant: { id: 'tenant-1' }, ...channelData },
    locale: 'en-US',
  };
}

/** The app installed in a personal scope (conversationUpdate with the bot added). */
export function installPersonal(h: TeamsHarness, u: TeamsUser): TestActivity {
  return {
    ...base(h, u, { id: personalConversation(u), conversationType: 'personal' }, {}),
    type: 'conversationUpdate',
    membersAdded: [{ id: BOT.id }],
  };
}

/** The app added to a team (conversationUpdate in the team's General channel). */
export function installTeam(h: TeamsHarness, u: TeamsUser): TestActivity {
  return {
    ...base(
      h,
      u,
      { id: TEAM, conversationType: 'channel', isGroup: true },
      { team: { id: TEAM }, channel: { id: TEAM }, eventType: 'teamMemberAdded' },
    ),
    type: 'conversationUpdate',
    membersAdded: [{ id: BOT.id }],
  };
}

export function personalMessage(h: TeamsHarness, u: TeamsUser, text: string, value?: unknown): TestActivity {
  return {
    ...base(h, u, { id: personalConversation(u), conversationType: 'personal' }, {}),
    type: 'message',
    text,
    textFormat: 'plain',
    ...(value === undefined ? {} : { value }),
  };
}

/** A new post in a channel that @mentions the bot (its conversation id carries its own message id). */
export function channelMention(h: TeamsHarness, u: TeamsUser, channel: string, text: string): TestActivity {
  const a = base(
    h,
    u,
    { id: '', conversationType: 'channel', isGroup: true },
    { team: { id: TEAM }, channel: { id: channel } },
  );
  (a.conversation as Record<string, unknown>).id = `${channel};messageid=${a.id}`;
  return {
    ...a,
    type: 'message',
    text: `<at>${BOT.name}</at> ${text}`,
    textFormat: 'plain',
    entities: [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT }],
  };
}

/** A reply in a channel thread (no mention needed: RSC). */
export function threadReply(
  h: TeamsHarness,
  u: TeamsUser,
  channel: string,
  rootId: string,
  text: string,
  extra: Record<string, unknown> = {},
): TestActivity {
  return {
    ...base(
      h,
      u,
      { id: `${channel};messageid=${rootId}`, conversationType: 'channel', isGroup: true },
      { team: { id: TEAM }, channel: { id: channel } },
    ),
    type: 'message',
    text,
    textFormat: 'plain',
    replyToId: rootId,
    ...extra,
  };
}

/** An Adaptive Card Action.Submit arriving as a message with `value`. */
export function cardSubmit(
  h: TeamsHarness,
  u: TeamsUser,
  conversationId: string,
  value: unknown,
  channel?: string,
): TestActivity {
  const channelData = channel ? { team: { id: TEAM }, channel: { id: channel } } : {};
  return {
    ...base(h, u, { id: conversationId, conversationType: channel ? 'channel' : 'personal' }, channelData),
    type: 'message',
    value,
    replyToId: 'card',
  };
}

/** Texts of everything the bot posted into a conversation (text and card TextBlocks), latest versions. */
export function textsIn(h: TeamsHarness, conversationId: string): string[] {
  return h.connector.postsIn(conversationId).map((p) => textOfActivity(h.connector.latest(p)));
}

export function textOfActivity(a: any): string {
  const parts: string[] = [a?.text ?? ''];
  const walk = (x: any): void => {
    if (!x || typeof x !== 'object') return;
    if (typeof x.text === 'string') parts.push(x.text);
    if (typeof x.title === 'string') parts.push(x.title);
    if (typeof x.value === 'string') parts.push(x.value);
    for (const v of Object.values(x)) if (typeof v === 'object') walk(v);
  };
  walk(a?.attachments);
  return parts.join('\n');
}

/** Waits for a bot post in a conversation whose text matches. */
export function waitForPost(h: TeamsHarness, conversationId: string, match: RegExp | string, timeoutMs = 10_000) {
  return waitFor(
    `a post matching ${match} in ${conversationId}`,
    () =>
      h.connector.postsIn(conversationId).find((p) => {
        const t = textOfActivity(h.connector.latest(p));
        return typeof match === 'string' ? t.includes(match) : match.test(t);
      }),
    timeoutMs,
  );
}
