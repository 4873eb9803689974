// One small factory per supervisor surface for the surface contract: the real surface class over its outside-world fake,
// and a read-back of what that outside world now holds.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { WebClient } from '@slack/web-api';
import type { Activity } from 'botbuilder';
import pino from 'pino';
import { webClientOptions } from '../adapters/slack/client';
import { SlackSurface } from '../adapters/slack/surface';
import { createAdapter } from '../adapters/teams/connector';
import { threadConversation } from '../adapters/teams/refs';
import { TeamsSurface } from '../adapters/teams/surface';
import { TerminalSurface } from '../adapters/terminal/surface';
import type { ThreadKind } from '../src/core/model';
import type { Requester, SupervisorSurface, SurfaceStateStore, ThreadTarget } from '../src/core/ports';
import { openDatabase } from '../src/persistence/data-source';
import { createStore } from '../src/persistence/store';
import { FakeSlack } from './fakes/slack-api';
import { FakeConnector, type PostedActivity } from './fakes/teams-connector';
import { dmOf, textOf } from './slack-harness';
import { BOT, TEAM, TEAMS_USERS, textOfActivity } from './teams-harness';

/** A post as the people in the destination see it. */
export interface SeenPost {
  id: string;
  text: string;
}

export interface SurfaceKit {
  surface: SupervisorSurface;
  /** The kind of thread this kit's destinations hold. */
  threadKind: ThreadKind;
  /**
   * Where posted lines show: as replies in the thread, or on the root card itself (a Teams personal chat has no
   * threads: one live transcript card per chat, README "What a supervisor sees in Teams").
   */
  linesGoInto: 'replies' | 'the root card';
  /** A destination the bot was added to, new for each call (so tests cannot disturb one another). */
  newDestination(): Promise<string>;
  /** The supervisor who wrote a whisper as a reply in this thread, as the receiver hands them to the core. */
  whisperAuthor(target: ThreadTarget): Requester;
  /** The thread as the platform holds it: its root post (latest version) and the replies, in order. */
  thread(target: ThreadTarget): { roots: SeenPost[]; replies: SeenPost[] };
  /** Everything shown to this person alone (ephemeral answers, reactions on their message). */
  privatelyTo(who: Requester): string[];
  /** Where a delivered file landed (the platform's copy) and its bytes. */
  fileFrom(answer: string, to: Requester): Promise<{ where: string; content: string } | null>;
  /** A new instance of the surface over the same outside world: what a restarted process gets. */
  restarted(): Promise<SupervisorSurface>;
  /** Outside-world failures this platform has; a missing one is explained in `cannot`. */
  fail: {
    /** Ways a destination goes away for the bot on this platform (archived, deleted, bot removed…). */
    destinationGone: Record<string, (destination: string) => void | Promise<void>>;
    /** The next post into the destination answers 429 with this Retry-After. */
    rateLimitNextPost?(destination: string, retryAfterSeconds: number): void;
    /** The next post answers a 5xx. */
    outageOnNextPost?(destination: string): void;
    /** The platform stops accepting our credentials. */
    revokeCredentials?(): void;
  };
  /** Why a failure above cannot happen on this surface (documented behaviour the suite asserts instead). */
  cannot: Partial<Record<keyof SurfaceKit['fail'], string>>;
  /** false where a thread cannot be searched for our posts (Teams channel threads, README "Install in Teams"). */
  findsPostsAfterCrash: boolean;
  /** false where an answer to a thread reply is seen by everyone in the thread (Teams channels have no ephemerals). */
  answersPrivately: boolean;
  /** The platform's own limits for one destination (PLATFORMS.md). */
  platformLimit: { perSecond: number; burst: number };
  dispose(): Promise<void>;
}

const silent = pino({ level: 'silent' });
let seq = 0;
const next = () => `${Date.now().toString(36)}${++seq}`;

// ---------- Slack: the Web API fake ----------

export async function slackKit(): Promise<SurfaceKit> {
  const slack = await new FakeSlack('xoxb-contract').start();
  const make = () =>
    new SlackSurface({
      client: new WebClient(
        'xoxb-contract',
        webClientOptions({ token: 'xoxb-contract', signingSecret: 's', apiUrl: slack.apiUrl, retries: 0 }, silent),
      ),
      log: silent,
    });
  const supervisor = 'USAM0001';
  return {
    surface: make(),
    threadKind: 'team',
    linesGoInto: 'replies',
    newDestination: async () => `C${next().toUpperCase()}`,
    whisperAuthor: (t) => ({
      surface: 'slack',
      userId: supervisor,
      destination: t.destination,
      threadRootId: t.rootPostId,
      context: { ts: slack.nextTs() },
    }),
    thread: (t) => ({
      roots: slack
        .posts(t.destination)
        .filter((m) => !m.thread_ts)
        .map((m) => ({ id: m.ts, text: textOf(m) })),
      replies: slack.posts(t.destination, t.rootPostId ?? '').map((m) => ({ id: m.ts, text: textOf(m) })),
    }),
    privatelyTo: (who) => [
      ...slack.ephemerals.filter((e) => e.user === who.userId).map((e) => textOf(e)),
      ...slack
        .callsOf('reactions.add', true)
        .filter((c) => c.body.timestamp === who.context?.ts)
        .map((c) => `:${c.body.name}: on your message`),
    ],
    // files.uploadV2: the bytes went to the upload URL and the upload was completed (the fake refuses to complete
    // an upload whose bytes never arrived), shared only into the requester's DM with the bot.
    fileFrom: async (_answer, to) => {
      const done = slack.callsOf('files.completeUploadExternal', true).at(-1);
      const upload = slack.uploads.get(done?.body.files?.[0]?.id);
      const where = String(done?.body.channel_id);
      return upload && where === dmOf(to.userId) ? { where, content: upload.bytes.toString('utf8') } : null;
    },
    restarted: async () => make(),
    fail: {
      destinationGone: {
        'channel archived': (channel) => slack.failChannel(channel, 'is_archived'),
        'channel deleted': (channel) => slack.failChannel(channel, 'channel_not_found'),
        'bot removed from the channel': (channel) => slack.failChannel(channel, 'not_in_channel'),
      },
      rateLimitNextPost: (_channel, seconds) => slack.failNext('chat.postMessage', 1, 429, seconds),
      outageOnNextPost: () => slack.failNext('chat.postMessage', 1, 503),
      revokeCredentials: () => slack.failNext('chat.postMessage', 1, 'token_revoked'),
    },
    cannot: {},
    findsPostsAfterCrash: true,
    answersPrivately: true,
    platformLimit: { perSecond: 1, burst: 3 },
    dispose: () => slack.stop(),
  };
}

// ---------- Teams: the Bot Framework connector fake ----------

/** The conversationUpdate Teams sends when the app is added: to a team (for one of its channels) or to a personal chat. */
function appAdded(serviceUrl: string, kind: ThreadKind, conversationId: string): Partial<Activity> {
  const sam = TEAMS_USERS.sam;
  const where =
    kind === 'personal'
      ? {
          conversation: {
            id: conversationId,
            conversationType: 'personal',
            isGroup: false,
            tenantId: 'tenant-1',
            name: '',
          },
          channelData: { tenant: { id: 'tenant-1' } },
        }
      : {
          conversation: {
            id: conversationId,
            conversationType: 'channel',
            isGroup: true,
            tenantId: 'tenant-1',
            name: '',
          },
          channelData: { tenant: { id: 'tenant-1' }, team: { id: TEAM }, channel: { id: conversationId } },
        };
  return {
    type: 'conversationUpdate',
    channelId: 'msteams',
    serviceUrl,
    id: next(),
    from: { id: sam.id, name: sam.name, aadObjectId: sam.aadObjectId },
    recipient: BOT,
    ...where,
  };
}

/**
 * Teams in a team channel (card = first post of a new thread, lines = replies) or in a personal chat (one live
 * transcript card per chat, updated with the latest lines).
 */
export async function teamsKit(kind: ThreadKind): Promise<SurfaceKit> {
  const connector = await new FakeConnector().start();
  const dir = mkdtempSync(join(tmpdir(), 'convrs-surface-'));
  const ds = await openDatabase(`sqlite:${join(dir, 'bot.sqlite')}`);
  const state: SurfaceStateStore = createStore(ds).surfaceState;
  const adapter = createAdapter({ appId: '', appPassword: '', appType: 'MultiTenant', tenantId: '' }, silent);
  const make = () =>
    new TeamsSurface({ adapter, appId: '', state, baseUrl: () => 'https://bot.acme.test', log: silent });
  const surface = make();
  const personal = kind === 'personal';
  /** The conversation a thread's posts go to (a channel thread: `<channel>;messageid=<root>`). */
  const conversationOf = (t: ThreadTarget) =>
    personal ? t.destination : threadConversation(t.destination, t.rootPostId ?? '');
  const seen = (p: PostedActivity) => ({ id: p.id, text: textOfActivity(connector.latest(p)) });
  const isCard = (p: PostedActivity) => Boolean(p.activity.attachments?.length);
  /** A post goes as a new activity (send) in a channel thread; in a personal chat it updates the live card. */
  const postOp = personal ? 'update' : 'send';
  return {
    surface,
    threadKind: kind,
    linesGoInto: personal ? 'the root card' : 'replies',
    newDestination: async () => {
      const id = personal ? `a:personal-${next()}` : `19:${next()}@thread.tacv2`;
      await surface.refs.remember(
        appAdded(connector.url, kind, id),
        personal ? TEAMS_USERS.sam.aadObjectId : undefined,
      );
      return id;
    },
    whisperAuthor: (t) => ({
      surface: 'teams',
      userId: TEAMS_USERS.sam.aadObjectId,
      destination: t.destination,
      threadRootId: personal ? null : t.rootPostId,
      context: {
        conversationId: conversationOf(t),
        memberId: TEAMS_USERS.sam.id,
        ...(personal ? {} : { teamId: TEAM }),
        activityId: next(),
      },
    }),
    thread: (t) =>
      personal
        ? { roots: connector.postsIn(t.destination).filter(isCard).map(seen), replies: [] }
        : {
            roots: connector.activities
              .filter((a) => a.conversationId === threadConversation(t.destination, a.id))
              .map(seen),
            replies: connector
              .postsIn(conversationOf(t))
              .filter((a) => a.id !== t.rootPostId)
              .map(seen),
          },
    // A personal chat is the supervisor's alone; a channel has no ephemeral messages, so nothing there is private.
    privatelyTo: (who) =>
      personal
        ? connector
            .postsIn(who.destination)
            .filter((a) => !isCard(a))
            .map((a) => seen(a).text)
        : [],
    fileFrom: async (answer) => {
      const token = /\/exports\/([0-9a-f]+)/.exec(answer)?.[1];
      const stored = token ? await state.take('teams', `export:${token}`) : null;
      return stored
        ? { where: `one-time link ${token}`, content: (JSON.parse(stored) as { content: string }).content }
        : null;
    },
    restarted: async () => make(),
    fail: {
      destinationGone: {
        [personal ? 'app uninstalled by the user' : 'app removed from the team']: (id) => connector.removeBotFrom(id),
        'never added (no conversation reference)': (id) => state.remove('teams', `ref:conv:${id}`),
      },
      rateLimitNextPost: (_id, seconds) => connector.failNext(postOp, 1, 429, String(seconds)),
      outageOnNextPost: () => connector.failNext(postOp, 1, 502),
      revokeCredentials: () => connector.failNext(postOp, 1, 401),
    },
    cannot: {},
    // The live card records the keys it showed; a channel thread cannot be searched (README "Install in Teams").
    findsPostsAfterCrash: personal,
    answersPrivately: personal,
    platformLimit: { perSecond: 2, burst: 7 },
    dispose: async () => {
      await connector.stop();
      await ds.destroy();
    },
  };
}

// ---------- Terminal: a stream ----------

export async function terminalKit(): Promise<SurfaceKit> {
  const dir = mkdtempSync(join(tmpdir(), 'convrs-surface-'));
  const out = new PassThrough();
  let shown = '';
  out.on('data', (b: Buffer) => (shown += b.toString('utf8')));
  const make = () =>
    new TerminalSurface({
      out,
      users: { you: 'sam.boss@acme.test' },
      exportDir: join(dir, 'exports'),
      record: true,
      journal: join(dir, 'journal.jsonl'),
    });
  const surface = make();
  const records = () => surface.records;
  return {
    surface,
    threadKind: 'team',
    linesGoInto: 'replies',
    newDestination: async () => `tty-${next()}`,
    whisperAuthor: (t) => ({
      surface: 'terminal',
      userId: 'you',
      destination: t.destination,
      threadRootId: t.rootPostId,
    }),
    thread: (t) => {
      const mine = records().filter((r) => r.threadId === t.threadId && shown.includes(r.text));
      const cards = mine.filter((r) => r.kind === 'thread' || r.kind === 'card');
      // A terminal cannot edit what it printed: a card edit prints the card again under the same root.
      const roots = mine.filter((r) => r.kind === 'thread').map((r) => ({ id: r.postId!, text: cards.at(-1)!.text }));
      return { roots, replies: mine.filter((r) => r.kind === 'lines').map((r) => ({ id: r.postId!, text: r.text })) };
    },
    privatelyTo: (who) =>
      records()
        .filter((r) => r.kind === 'ack' && r.destination === who.destination)
        .map((r) => r.text),
    fileFrom: async (answer) => ({ where: answer, content: readFileSync(answer, 'utf8') }),
    restarted: async () => make(),
    fail: {
      destinationGone: { 'terminal closed': () => void out.destroy() },
    },
    cannot: {
      rateLimitNextPost: 'a terminal has no rate limit',
      outageOnNextPost: 'a terminal has no server to be down',
      revokeCredentials: 'a terminal has no credentials',
    },
    findsPostsAfterCrash: true,
    answersPrivately: true,
    platformLimit: { perSecond: 1000, burst: 1000 },
    dispose: async () => void out.destroy(),
  };
}
