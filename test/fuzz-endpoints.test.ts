// Fuzzing every inbound endpoint (issue #6, item 4) with fast-check: generated bodies and headers, thousands of cases.
// Properties: never a 5xx without a logged reason, never a crash (the server keeps answering /healthz), never an
// unauthenticated request processed, never a thread reply turned into anything but a whisper.
// Replay a failure with FUZZ_SEED=<seed> FUZZ_PATH=<path> (both printed by fast-check); FUZZ_SCALE=<factor> runs more or fewer cases.
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { ACTION, CALLBACK } from '../adapters/slack/render';
import { slackToPlain } from '../adapters/slack/text';
import { teamsToPlain } from '../adapters/teams/text';
import type { CommandLogEntry } from '../adapters/convrs/simulator';
import type { Chat } from '../src/core/model';
import type { SurfaceWork as CommandJob } from '../src/core/intake';
import { FakeConnector } from './fakes/teams-connector';
import { BOT_USER_ID } from './fakes/slack-methods';
import { countRows, MUTATING, openSideDb } from './flow-helpers';
import { SECRET, startHarness, waitFor, type Harness } from './harness';
import {
  ask,
  dmOf,
  sign,
  SIGNING_SECRET,
  SLACK_USERS,
  startSlackHarness,
  threadRoot,
  type SlackHarness,
} from './slack-harness';
import {
  BOT,
  TEAM,
  TEAMS_USERS,
  WALL,
  cardSubmit,
  channelMention,
  installPersonal,
  installTeam,
  personalConversation,
  personalMessage,
  postActivity,
  startTeamsHarness,
  threadReply as teamsThreadReply,
  type TeamsHarness,
  type TestActivity,
} from './teams-harness';
import {
  anyText,
  badSignature,
  commandText,
  encodeBody,
  headerText,
  junk,
  secretChoice,
  slackBody,
  slackMarkup,
  slackTs,
  teamsActivity,
  teamsMarkup,
  webhookAuthorised,
  webhookBody,
  wireChoice,
  type BadSignature,
  type SecretChoice,
  type SlackBody,
  type WebhookBody,
  type WireChoice,
} from './fuzz/arbitraries';
import {
  alive,
  captureLogs,
  expectNo5xxWithoutReason,
  quiesce,
  recordCommandJobs,
  request,
  runs,
  settle,
  type Answer,
  type LogCapture,
} from './fuzz/support';

jest.setTimeout(120_000);

/** Case counts per property (multiplied by FUZZ_SCALE). */
const N = {
  webhook: 2000,
  slackUnsigned: 600,
  slackThreadReplies: 250,
  slackSigned: 400,
  teamsThreadReplies: 200,
  teamsActivities: 800,
  teamsUnauthenticated: 400,
};

// Anything thrown outside a request (a crash in waiting) fails the file at the end.
const escaped: string[] = [];
const onEscape = (e: unknown) => {
  escaped.push(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
};
beforeAll(() => {
  process.on('unhandledRejection', onEscape);
  process.on('uncaughtException', onEscape);
});
afterAll(() => {
  process.off('unhandledRejection', onEscape);
  process.off('uncaughtException', onEscape);
});

const counts: Record<string, number> = {};
const count = (name: string) => {
  counts[name] = (counts[name] ?? 0) + 1;
};
afterAll(() => {
  // eslint-disable-next-line no-console
  console.log(`fuzz cases run: ${JSON.stringify(counts)} (total ${Object.values(counts).reduce((a, b) => a + b, 0)})`);
});

// ================================================================================================ /convrs/webhook

describe('fuzz POST /convrs/webhook', () => {
  let h: Harness;
  let side: DataSource;
  let logs: LogCapture;
  const statuses: Record<number, number> = {};
  const eventJobs: number[] = [];

  beforeAll(async () => {
    h = await startHarness();
    logs = captureLogs(h.app.log);
    // The intake wakes the appliers of each batch with jobs.events at call time: record what it queues.
    const events = h.app.jobs.events.bind(h.app.jobs);
    h.app.jobs.events = async (ids: number[]) => {
      eventJobs.push(...ids);
      await events(ids);
    };
    side = await openSideDb(h);
    // Two real chats, so that real-shaped events about them are applied (not only refused).
    for (const bu of ['Sales', 'Customer Support']) {
      const conv = h.sim.control.startChat({ businessUnit: bu, messages: 1 });
      await waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
    }
    // The simulator's own deliveries must be over before rows are counted.
    await h.sim.flush();
    await quiesce(h.app, async () => [await countRows(side, 'inbox'), h.sim.commandLog.length]);
    // From here on every delivery comes from the fuzzer (the simulator stops posting its own).
    h.sim.control.setWebhook(undefined);
  });
  afterAll(async () => {
    await side?.destroy();
    await h?.stop();
  });

  async function send(b: WebhookBody, s: SecretChoice, w: WireChoice) {
    const qs = new URLSearchParams(s.query.map((v) => ['secret', v] as [string, string])).toString();
    const headers: Record<string, string> = {};
    if (w.contentType !== null) headers['content-type'] = w.contentType;
    if (w.encoding !== null) headers['content-encoding'] = w.encoding;
    if (s.header !== null) headers['x-convrs-secret'] = s.header;
    return request(`${h.app.url}/convrs/webhook${qs ? `?${qs}` : ''}`, {
      method: 'POST',
      headers,
      body: encodeBody(b.body, w) as RequestInit['body'],
    });
  }

  it('any body, headers and secret: no 5xx without a reason, no crash, nothing stored without the secret, nothing sent to Convrs', async () => {
    const ids = {
      conversationIds: (await h.app.store.chats.query({}, { page: 1, pageSize: 10 })).items.map(
        (c) => c.conversationId,
      ),
      emails: ['sam.boss@acme.test', 'sue.sales@acme.test', 'nobody@elsewhere.test'],
      businessUnits: ['Sales', 'Customer Support', 'Tech Support'],
    };
    const commandsAtStart = h.sim.commandLog.length;
    await fc.assert(
      fc.asyncProperty(webhookBody(ids), secretChoice(SECRET), wireChoice, async (b, s, w) => {
        count('webhook');
        const authorised = webhookAuthorised(s, SECRET);
        const inboxBefore = await countRows(side, 'inbox');
        const jobsBefore = eventJobs.length;
        const mark = logs.mark();
        const a = await send(b, s, w);
        statuses[a.status] = (statuses[a.status] ?? 0) + 1;
        expectNo5xxWithoutReason(`webhook ${b.kind}`, a, logs, mark);
        // Stricter than "a logged reason": with the database and Redis up, nothing a client sends is a server error
        // (a 5xx makes Convrs redeliver a delivery that can never succeed).
        if (a.status >= 500)
          throw new Error(
            `HTTP ${a.status} for a client's mistake (${logs.reasonSince(mark)?.msg}: ${JSON.stringify(logs.reasonSince(mark)?.error ?? logs.reasonSince(mark)?.err)})`,
          );
        if (!authorised) {
          if (a.status !== 401) throw new Error(`unauthorised request answered ${a.status}, not 401`);
          if ((await countRows(side, 'inbox')) !== inboxBefore)
            throw new Error('unauthorised request stored an inbox row');
          if (eventJobs.length !== jobsBefore) throw new Error('unauthorised request queued an event job');
        } else if (a.status >= 400 && a.status < 500 && (await countRows(side, 'inbox')) !== inboxBefore) {
          throw new Error(`refused (${a.status}) request stored an inbox row`);
        }
        if (!(await alive(h.app.url!))) throw new Error('/healthz stopped answering');
      }),
      runs(N.webhook),
    );
    // Whatever arrived, the bot never asked Convrs to change anything (reads for unknown chats are fine).
    await new Promise((r) => setTimeout(r, 500));
    const sent = h.sim.commandLog.slice(commandsAtStart).map((c) => c.cmd);
    expect(sent.filter((c) => (MUTATING as readonly string[]).includes(c))).toEqual([]);
    // eslint-disable-next-line no-console
    console.log(
      `webhook statuses: ${JSON.stringify(statuses)}; Convrs commands caused: ${JSON.stringify(countBy(sent))}`,
    );
  });
});

// ================================================================================================ /slack/events + /api/messages

describe('fuzz POST /slack/events and POST /api/messages (one app with Slack and Teams on)', () => {
  let h: SlackHarness;
  let connector: FakeConnector;
  let th: TeamsHarness;
  let logs: LogCapture;
  let jobs: CommandJob[];
  let chatA: Chat; // supervised by Sam in Slack (his DM with the bot)
  let chatB: Chat; // in a Teams channel thread (WALL watches Customer Support)
  let samDm: string;
  let rootA: string;
  let rootB: string;
  let responseSeq = 0;
  const slackStatuses: Record<string, number> = {};
  const teamsStatuses: Record<string, number> = {};
  /** Slack requests still unanswered after a short wait (Bolt answers unhandled requests after 3 s). */
  const pending: { what: string; mark: number; answer: Promise<Answer> }[] = [];

  const convrsSince = (mark: number): CommandLogEntry[] => h.sim.commandLog.slice(mark);
  const changing = (entries: CommandLogEntry[]) => entries.filter((e) => !/^Get/.test(e.cmd));

  beforeAll(async () => {
    h = await startSlackHarness({ env: { TEAMS_ENABLED: 'true', SCORE_DEBOUNCE_SECONDS: '3600' } });
    logs = captureLogs(h.app.log);
    jobs = recordCommandJobs(h.app);
    connector = await new FakeConnector().start();
    for (const u of Object.values(TEAMS_USERS))
      connector.members[u.id] = {
        id: u.id,
        name: u.name,
        aadObjectId: u.aadObjectId,
        email: u.email,
        userPrincipalName: u.email,
      };
    th = { ...h, connector, stopAll: async () => undefined };

    // Slack: Sam supervises chat A, so his DM has a mirrored thread (root = the chat card).
    const convA = h.sim.control.startChat({ businessUnit: 'Sales', messages: 1 });
    chatA = await waitFor('chat A stored', () => h.app.store.chats.byConversationId(convA.conversationId));
    await ask(h, SLACK_USERS.sam, `supervise ${chatA.ref}`);
    samDm = dmOf(SLACK_USERS.sam);
    rootA = (await threadRoot(h, samDm, chatA.ref)).ts;

    // Teams: the app in a team, WALL watches Customer Support, chat B gets a thread there.
    for (const u of Object.values(TEAMS_USERS))
      expect((await postActivity(th, installPersonal(th, u))).status).toBeLessThan(300);
    expect((await postActivity(th, installTeam(th, TEAMS_USERS.sam))).status).toBeLessThan(300);
    expect(
      (await postActivity(th, channelMention(th, TEAMS_USERS.sam, WALL, 'watch bu:"Customer Support"'))).status,
    ).toBeLessThan(300);
    await waitFor('WALL watches Customer Support', async () =>
      (await h.app.store.watches.forBusinessUnit('Customer Support')).some(
        (w) => w.surface === 'teams' && w.destination === WALL,
      ),
    );
    const convB = h.sim.control.startChat({ businessUnit: 'Customer Support', messages: 1 });
    chatB = await waitFor('chat B stored', () => h.app.store.chats.byConversationId(convB.conversationId));
    rootB = (await waitFor('chat B thread in WALL', async () =>
      (await h.app.store.threads.forChat(chatB.id)).find(
        (t) => t.surface === 'teams' && t.destination === WALL && t.rootPostId,
      ),
    ))!.rootPostId!;

    await h.sim.flush();
    await quiesce(h.app, () => [h.slack.calls.length, connector.calls.length, h.sim.commandLog.length, jobs.length]);
  }, 60_000);
  afterAll(async () => {
    await Promise.allSettled(pending.map((p) => p.answer));
    await connector?.stop();
    await h?.stopAll();
    // eslint-disable-next-line no-console
    console.log(`slack statuses: ${JSON.stringify(slackStatuses)}; teams statuses: ${JSON.stringify(teamsStatuses)}`);
    // eslint-disable-next-line no-console
    console.log(
      `5xx reasons logged:\n${[
        ...new Set(
          logs.lines
            .filter((l) => /could not be processed|not handled/.test(String(l.msg)))
            .map(
              (l) =>
                `  ${l.msg}: ${String(l.err ?? l.name ?? l.type)
                  .replace(/ in .*$/, ' in …')
                  .slice(0, 120)}`,
            ),
        ),
      ].join('\n')}`,
    );
  });

  const slackIds = () => ({
    users: [SLACK_USERS.sam, SLACK_USERS.sue, SLACK_USERS.stranger, BOT_USER_ID, 'UNKNOWN001'],
    channels: [samDm, dmOf(SLACK_USERS.sue), 'CGENERAL01', WALL],
    threadTs: [rootA, '1732456789.000001'],
    // Bogus refs only: arbitrary commands must not finish or transfer the chats the other properties use.
    refs: ['C-9999', '999999', 'cv_nope'],
    responseUrl: (n: number) => `${h.slack.url}/response/fuzz-${n}-${++responseSeq}`,
    actions: Object.values(ACTION),
    callbacks: Object.values(CALLBACK),
  });

  function slackPost(body: string, contentType: string, headers: Record<string, string>): Promise<Answer> {
    const hs: Record<string, string> = { ...headers };
    if (contentType) hs['content-type'] = contentType;
    return request(`${h.app.url}/slack/events`, { method: 'POST', headers: hs, body }, 8_000);
  }

  function badHeaders(body: string, bad: BadSignature): Record<string, string> {
    const now = Math.floor(Date.now() / 1000);
    const hmac = (secret: string, ts: number | string, b: string) =>
      createHmac('sha256', secret).update(`v0:${ts}:${b}`).digest('hex');
    switch (bad.kind) {
      case 'none':
        return {};
      case 'only-timestamp':
        return { 'x-slack-request-timestamp': String(now) };
      case 'only-signature':
        return { 'x-slack-signature': `v0=${hmac(SIGNING_SECRET, now, body)}` };
      case 'wrong-secret':
        return sign(body, now, bad.secret === SIGNING_SECRET ? `${bad.secret}!` : bad.secret);
      case 'other-body':
        return bad.other === body ? sign(`${body} `, now) : sign(bad.other, now);
      case 'stale':
        return sign(body, now - bad.ageSeconds);
      case 'timestamp-mismatch':
        return {
          'x-slack-request-timestamp': String(now + bad.delta),
          'x-slack-signature': `v0=${hmac(SIGNING_SECRET, now, body)}`,
        };
      case 'garbage':
        return { 'x-slack-request-timestamp': bad.timestamp, 'x-slack-signature': bad.signature };
      case 'uppercase':
        return {
          'x-slack-request-timestamp': String(now),
          'x-slack-signature': `v0=${hmac(SIGNING_SECRET, now, body).toUpperCase()}`,
        };
      case 'tampered':
        return sign(body, now); // the body is changed after signing (see below)
      case 'no-version':
        return { 'x-slack-request-timestamp': String(now), 'x-slack-signature': hmac(SIGNING_SECRET, now, body) };
    }
  }

  it('/slack/events without a valid signature: 401, and nothing queued, nothing sent to Slack or Convrs', async () => {
    // Real chats here: an unsigned "finish C-1001 confirm" must not run either.
    const ids = { ...slackIds(), refs: [chatA.ref, chatB.ref, chatA.conversationId] };
    await fc.assert(
      fc.asyncProperty(slackBody(ids), badSignature, async (b: SlackBody, bad) => {
        count('slack-unsigned');
        const headers = badHeaders(b.body, bad);
        let body = b.body;
        if (bad.kind === 'tampered') {
          const at = bad.at % (body.length + 1);
          body = `${body.slice(0, at)}${bad.with}${body.slice(at)}`;
        }
        const [jobsBefore, slackBefore, convrsBefore, connectorBefore] = [
          jobs.length,
          h.slack.calls.length,
          h.sim.commandLog.length,
          connector.calls.length,
        ];
        const mark = logs.mark();
        const a = await slackPost(body, b.contentType, headers);
        slackStatuses[`unsigned ${a.status}`] = (slackStatuses[`unsigned ${a.status}`] ?? 0) + 1;
        expectNo5xxWithoutReason(`slack unsigned ${bad.kind} ${b.kind}`, a, logs, mark);
        if (a.status !== 401)
          throw new Error(`a request with a bad signature (${bad.kind}) answered ${a.status}, not 401`);
        if (jobs.length !== jobsBefore)
          throw new Error(`a request with a bad signature queued ${JSON.stringify(jobs.slice(jobsBefore))}`);
        if (h.slack.calls.length !== slackBefore)
          throw new Error(
            `a request with a bad signature made Slack calls: ${h.slack.calls
              .slice(slackBefore)
              .map((c) => c.method)
              .join(', ')}`,
          );
        if (h.sim.commandLog.length !== convrsBefore || connector.calls.length !== connectorBefore)
          throw new Error('a request with a bad signature caused outbound calls');
        if (!(await alive(h.app.url!))) throw new Error('/healthz stopped answering');
      }),
      runs(N.slackUnsigned),
    );
  });

  it('/slack/events, a reply in a mirrored thread (signed, any text, user, subtype, bot id, channel, redelivered): at most one SendWhisper, nothing else', async () => {
    const eligibleUsers: Record<string, string> = {
      [SLACK_USERS.sam]: 'sam.boss@acme.test',
      [SLACK_USERS.sue]: 'sue.sales@acme.test',
    };
    const realCommands = commandText([chatA.ref, chatA.ref.toLowerCase(), chatA.conversationId, chatB.ref]).map((t) => [
      t,
      `<@${BOT_USER_ID}> ${t}`,
      `/convrs ${t}`,
    ]);
    const reserved = new Set([
      'type',
      'user',
      'text',
      'ts',
      'thread_ts',
      'channel',
      'channel_type',
      'subtype',
      'bot_id',
      'event_ts',
    ]);
    let seq = 0;
    let whispersSent = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          user: fc.oneof(
            { weight: 6, arbitrary: fc.constant<string | undefined>(SLACK_USERS.sam) },
            { weight: 2, arbitrary: fc.constant<string | undefined>(SLACK_USERS.sue) },
            {
              weight: 2,
              arbitrary: fc.constantFrom<string | undefined>(
                SLACK_USERS.stranger,
                BOT_USER_ID,
                'UNKNOWN001',
                '',
                undefined,
              ),
            },
          ),
          text: fc.oneof(
            { weight: 4, arbitrary: realCommands.chain((ts) => fc.constantFrom(...ts)) },
            { weight: 3, arbitrary: anyText },
            { weight: 2, arbitrary: slackMarkup },
            { weight: 1, arbitrary: junk },
          ),
          subtype: fc.oneof(
            { weight: 8, arbitrary: fc.constant<string | undefined>(undefined) },
            {
              weight: 2,
              arbitrary: fc.constantFrom<string | undefined>(
                'message_changed',
                'message_deleted',
                'bot_message',
                'thread_broadcast',
                'file_share',
                'me_message',
                'channel_join',
                '',
              ),
            },
          ),
          botId: fc.oneof(
            { weight: 8, arbitrary: fc.constant<string | undefined>(undefined) },
            { weight: 1, arbitrary: fc.constantFrom<string | undefined>('BBOT0001', 'BOTHER01', '') },
          ),
          channelType: fc.constantFrom<string | undefined>('im', 'im', 'channel', 'group', 'mpim', undefined),
          channel: fc.oneof(
            { weight: 8, arbitrary: fc.constant('dm') },
            { weight: 1, arbitrary: fc.constantFrom('CGENERAL01', dmOf(SLACK_USERS.sue), 'D0') },
          ),
          threadTs: fc.oneof({ weight: 9, arbitrary: fc.constant('root') }, { weight: 1, arbitrary: slackTs }),
          extra: fc.option(
            fc.dictionary(
              fc.string({ maxLength: 10 }).filter((k) => !reserved.has(k)),
              junk,
              { maxKeys: 3 },
            ),
            { freq: 3 },
          ),
          deliveries: fc.array(fc.constantFrom('first', 'retry', 'new-event-id'), { minLength: 1, maxLength: 3 }),
        }),
        async (c) => {
          count('slack-thread-reply');
          const channel = c.channel === 'dm' ? samDm : c.channel;
          const threadTs = c.threadTs === 'root' ? rootA : c.threadTs;
          const ts = `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, '0')}`;
          const event: Record<string, unknown> = {
            ...(c.extra ?? {}),
            type: 'message',
            user: c.user,
            text: c.text,
            ts,
            thread_ts: threadTs,
            channel,
            channel_type: c.channelType,
            subtype: c.subtype,
            bot_id: c.botId,
            event_ts: ts,
            team: 'T0001',
          };
          const eventId = `EvReply${seq}`;
          const [convrsMark, jobsMark] = [h.sim.commandLog.length, jobs.length];
          for (const [i, d] of c.deliveries.entries()) {
            const id = d === 'new-event-id' ? `${eventId}-${i}` : eventId;
            const body = JSON.stringify({
              token: 'legacy',
              team_id: 'T0001',
              api_app_id: 'A0001',
              type: 'event_callback',
              event_id: id,
              event_time: Math.floor(Date.now() / 1000),
              event,
            });
            const mark = logs.mark();
            const a = await slackPost(body, 'application/json', {
              ...sign(body),
              ...(d === 'retry' ? { 'x-slack-retry-num': String(i), 'x-slack-retry-reason': 'http_timeout' } : {}),
            });
            slackStatuses[`reply ${a.status}`] = (slackStatuses[`reply ${a.status}`] ?? 0) + 1;
            expectNo5xxWithoutReason('slack thread reply', a, logs, mark);
          }
          await settle(h.app, ['commands']);
          // Only a thread-reply job may come out of a thread reply, never a command.
          const queued = jobs.slice(jobsMark);
          if (queued.some((j) => j.kind !== 'thread-reply'))
            throw new Error(`a thread reply was queued as ${JSON.stringify(queued.map((j) => j.kind))}`);
          const sent = changing(convrsSince(convrsMark));
          if (sent.some((e) => e.cmd !== 'SendWhisper'))
            throw new Error(`a thread reply made the bot send ${sent.map((e) => e.cmd).join(', ')} to Convrs`);
          const plain = typeof c.text === 'string' ? slackToPlain(c.text) : '';
          const expected =
            !c.subtype &&
            !c.botId &&
            !!c.user &&
            !!eligibleUsers[c.user] &&
            plain !== '' &&
            channel === samDm &&
            threadTs === rootA;
          if (sent.length !== (expected ? 1 : 0))
            throw new Error(
              `expected ${expected ? 'one whisper' : 'no whisper'}, Convrs got ${sent.length}: ${JSON.stringify(sent.map((e) => e.params)).slice(0, 300)}`,
            );
          if (expected) {
            expect(sent[0]!.params).toEqual({
              conversationId: chatA.conversationId,
              text: plain,
              by: eligibleUsers[c.user!],
            });
            whispersSent += 1;
          }
        },
      ),
      runs(N.slackThreadReplies),
    );
    // The property would be empty if no case ever whispered.
    expect(whispersSent).toBeGreaterThan(0);
    // eslint-disable-next-line no-console
    console.log(
      `slack thread replies: ${whispersSent} whispers sent, every one expected, nothing else changed in Convrs`,
    );
  });

  it('/slack/events, anything correctly signed (events, slash commands, interactions, garbage): no 5xx without a reason, no crash', async () => {
    const ids = slackIds();
    const convrsMark = h.sim.commandLog.length;
    await fc.assert(
      fc.asyncProperty(slackBody(ids), fc.integer({ min: -240, max: 240 }), async (b: SlackBody, skew) => {
        count('slack-signed');
        const mark = logs.mark();
        const answer = slackPost(b.body, b.contentType, sign(b.body, Math.floor(Date.now() / 1000) + skew));
        const quick = await Promise.race([answer, new Promise<null>((r) => setTimeout(() => r(null), 15))]);
        if (quick === null) {
          pending.push({ what: `slack signed ${b.kind}`, mark, answer });
          return;
        }
        slackStatuses[`signed ${quick.status}`] = (slackStatuses[`signed ${quick.status}`] ?? 0) + 1;
        expectNo5xxWithoutReason(`slack signed ${b.kind}`, quick, logs, mark);
        if (!(await alive(h.app.url!))) throw new Error('/healthz stopped answering');
      }),
      runs(N.slackSigned),
    );
    // Requests nobody acknowledged are answered by Bolt after 3 s (404): never a 5xx without a reason.
    for (const p of pending.splice(0)) {
      const a = await p.answer;
      slackStatuses[`signed ${a.status} (slow)`] = (slackStatuses[`signed ${a.status} (slow)`] ?? 0) + 1;
      expectNo5xxWithoutReason(`${p.what} (answered after ${a.ms} ms)`, a, logs, p.mark);
    }
    expect(await alive(h.app.url!)).toBe(true);
    await settle(h.app, ['commands']);
    // Bogus chats only: nothing customer-visible may have happened (whispers from thread replies are allowed).
    expect(
      changing(convrsSince(convrsMark))
        .filter((e) => e.cmd !== 'SendWhisper')
        .map((e) => e.cmd),
    ).toEqual([]);
  });

  it('/api/messages, a reply in a mirrored channel thread (any text, sender, mention, markup, redelivered): at most one SendWhisper, nothing else', async () => {
    const realCommands = commandText([chatB.ref, chatB.ref.toLowerCase(), chatB.conversationId, chatA.ref]).chain((t) =>
      fc.constantFrom(t, `<at>${BOT.name}</at> ${t}`, `<p>${t}</p>`, `${t}<at>${BOT.name}</at>`),
    );
    const { sam, sue, stranger } = TEAMS_USERS;
    const reserved = new Set([
      'type',
      'id',
      'text',
      'from',
      'conversation',
      'channelData',
      'value',
      'serviceUrl',
      'recipient',
      'replyToId',
      'entities',
      'channelId',
    ]);
    let whispersSent = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          from: fc.oneof(
            {
              weight: 6,
              arbitrary: fc.constant({
                who: 'sam',
                from: { id: sam.id, name: sam.name, aadObjectId: sam.aadObjectId } as Record<string, unknown>,
              }),
            },
            {
              weight: 1,
              arbitrary: fc.constant({
                who: 'sue',
                from: { id: sue.id, name: sue.name, aadObjectId: sue.aadObjectId } as Record<string, unknown>,
              }),
            },
            {
              weight: 1,
              arbitrary: fc.constant({
                who: 'stranger',
                from: { id: stranger.id, name: stranger.name, aadObjectId: stranger.aadObjectId } as Record<
                  string,
                  unknown
                >,
              }),
            },
            {
              weight: 1,
              arbitrary: fc.constant({
                who: 'bot-role',
                from: { id: sam.id, name: sam.name, aadObjectId: sam.aadObjectId, role: 'bot' } as Record<
                  string,
                  unknown
                >,
              }),
            },
            { weight: 1, arbitrary: fc.constant({ who: 'the-bot', from: { ...BOT } as Record<string, unknown> }) },
            {
              weight: 1,
              arbitrary: fc.string({ maxLength: 8 }).map((x) => ({
                who: 'unknown',
                from: { id: `29:${x}`, name: x, aadObjectId: `aad-x-${x}` } as Record<string, unknown>,
              })),
            },
          ),
          text: fc.oneof(
            { weight: 4, arbitrary: realCommands },
            { weight: 3, arbitrary: anyText },
            { weight: 2, arbitrary: teamsMarkup },
            { weight: 1, arbitrary: junk },
          ),
          mention: fc.boolean(),
          textFormat: fc.constantFrom('plain', 'markdown', 'xml', undefined),
          extra: fc.option(
            fc.dictionary(
              fc.string({ maxLength: 10 }).filter((k) => !reserved.has(k)),
              junk,
              { maxKeys: 3 },
            ),
            { freq: 3 },
          ),
          deliveries: fc.integer({ min: 1, max: 2 }),
        }),
        async (c) => {
          count('teams-thread-reply');
          const activity: TestActivity = teamsThreadReply(th, TEAMS_USERS.sam, WALL, rootB, 'x', {
            ...(c.extra ?? {}),
            textFormat: c.textFormat,
          });
          activity.from = c.from.from;
          activity.text = c.text;
          if (c.mention) activity.entities = [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT }];
          const [convrsMark, jobsMark] = [h.sim.commandLog.length, jobs.length];
          for (let i = 0; i < c.deliveries; i++) {
            const mark = logs.mark();
            const a = await request(`${h.app.url}/api/messages`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(activity),
            });
            teamsStatuses[`reply ${a.status}`] = (teamsStatuses[`reply ${a.status}`] ?? 0) + 1;
            expectNo5xxWithoutReason('teams thread reply', a, logs, mark);
          }
          await settle(h.app, ['commands']);
          const queued = jobs.slice(jobsMark);
          if (queued.some((j) => j.kind !== 'thread-reply'))
            throw new Error(`a thread reply was queued as ${JSON.stringify(queued.map((j) => j.kind))}`);
          const sent = changing(convrsSince(convrsMark));
          if (sent.some((e) => e.cmd !== 'SendWhisper'))
            throw new Error(`a thread reply made the bot send ${sent.map((e) => e.cmd).join(', ')} to Convrs`);
          const plain = typeof c.text === 'string' ? teamsToPlain(c.text) : '';
          const expected = c.from.who === 'sam' && plain !== '';
          if (sent.length !== (expected ? 1 : 0))
            throw new Error(
              `expected ${expected ? 'one whisper' : 'no whisper'}, Convrs got ${sent.length}: ${JSON.stringify(sent.map((e) => e.params)).slice(0, 300)}`,
            );
          if (expected) {
            expect(sent[0]!.params).toEqual({ conversationId: chatB.conversationId, text: plain, by: sam.email });
            whispersSent += 1;
          }
        },
      ),
      runs(N.teamsThreadReplies),
    );
    expect(whispersSent).toBeGreaterThan(0);
    // eslint-disable-next-line no-console
    console.log(
      `teams thread replies: ${whispersSent} whispers sent, every one expected, nothing else changed in Convrs`,
    );
  });

  it('/api/messages, arbitrary activities (types, missing and wrong fields, huge text, card submits): no 5xx without a reason, no crash', async () => {
    const ids = {
      serviceUrl: connector.url,
      users: Object.values(TEAMS_USERS).map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name })),
      // Personal chats and the team's General channel; never WALL, whose threads the property above uses.
      conversations: [
        personalConversation(TEAMS_USERS.sam),
        personalConversation(TEAMS_USERS.stranger),
        TEAM,
        `${TEAM};messageid=1`,
      ],
      bot: BOT,
      team: TEAM,
      badRefs: ['C-9999', '999999', 'cv_nope'],
    };
    const convrsMark = h.sim.commandLog.length;
    await fc.assert(
      fc.asyncProperty(teamsActivity(ids), async (activity) => {
        count('teams-activity');
        const mark = logs.mark();
        const a = await request(`${h.app.url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(activity),
        });
        teamsStatuses[`activity ${a.status}`] = (teamsStatuses[`activity ${a.status}`] ?? 0) + 1;
        expectNo5xxWithoutReason(`teams activity ${String(activity.type)}`, a, logs, mark);
        if (!(await alive(h.app.url!))) throw new Error('/healthz stopped answering');
      }),
      runs(N.teamsActivities),
    );
    await settle(h.app, ['commands']);
    expect(changing(convrsSince(convrsMark)).map((e) => e.cmd)).toEqual([]);
  });
});

// ================================================================================================ /api/messages with authentication on

describe('fuzz POST /api/messages with a Microsoft app id (authentication on)', () => {
  let h: TeamsHarness;
  let side: DataSource;
  let logs: LogCapture;
  let jobs: CommandJob[];
  const statuses: Record<number, number> = {};

  beforeAll(async () => {
    h = await startTeamsHarness({
      env: {
        MicrosoftAppId: 'fuzz-app-id',
        MicrosoftAppPassword: 'fuzz-app-password',
        MicrosoftAppType: 'MultiTenant',
      },
    });
    logs = captureLogs(h.app.log);
    jobs = recordCommandJobs(h.app);
    side = await openSideDb(h);
    await quiesce(h.app, async () => [
      h.connector.calls.length,
      h.sim.commandLog.length,
      jobs.length,
      await countRows(side, 'surface_state'),
    ]);
  }, 60_000);
  afterAll(async () => {
    await side?.destroy();
    await h?.stopAll();
  });

  it('activities without a valid Bot Framework token: 401 (or 400 before that), nothing remembered, queued or sent', async () => {
    const ids = {
      serviceUrl: h.connector.url,
      users: Object.values(TEAMS_USERS).map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name })),
      conversations: [personalConversation(TEAMS_USERS.sam), TEAM, `${WALL};messageid=1`],
      bot: BOT,
      team: TEAM,
      badRefs: ['C-1001', 'C-1002', '1001'],
    };
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    // Never a token with a Microsoft issuer or a `ver` claim: those would make the SDK fetch signing keys from the internet.
    const claims = fc.dictionary(
      fc.string({ maxLength: 8 }).filter((k) => k !== 'iss' && k !== 'ver'),
      fc.oneof(fc.string({ maxLength: 20 }), fc.integer()),
      { maxKeys: 4 },
    );
    const authorization = fc.oneof(
      fc.constant<string | null>(null),
      fc.constantFrom<string | null>(
        '',
        'Bearer',
        'Bearer ',
        'Basic dXNlcjpwYXNz',
        'bearer x.y.z',
        'Bearer  two  spaces',
      ),
      headerText(80).map<string | null>((t) => `Bearer ${t}`),
      headerText(60).map<string | null>((t) => t),
      fc
        .tuple(claims, claims, headerText(40))
        .map<string | null>(
          ([hd, pl, sig]) =>
            `Bearer ${b64({ alg: 'RS256', typ: 'JWT', ...hd })}.${b64({ aud: 'fuzz-app-id', iss: 'https://fuzz.invalid/', ...pl })}.${sig.replace(/[^A-Za-z0-9_-]/g, '')}`,
        ),
    );
    // Well-formed activities too (a supervisor's command, a thread reply, a card submit, an install), so most reach authentication.
    const user = fc.constantFrom(...Object.values(TEAMS_USERS));
    const text = fc.oneof(commandText(['C-1001', 'C-1002']), anyText);
    const realisticActivity = fc.oneof(
      fc.tuple(user, text).map(([u, t]) => personalMessage(h, u, t)),
      fc.tuple(user, text).map(([u, t]) => teamsThreadReply(h, u, WALL, '1', t)),
      fc.tuple(user, text).map(([u, t]) => channelMention(h, u, WALL, t)),
      fc
        .tuple(user, text)
        .map(([u, t]) =>
          cardSubmit(h, u, personalConversation(u), { convrs: 1, action: 'finish', chat: 'C-1001', command: t }),
        ),
      user.map((u) => installPersonal(h, u)),
    ) as fc.Arbitrary<Record<string, unknown>>;
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined); // CloudAdapter prints every refusal
    try {
      await fc.assert(
        fc.asyncProperty(fc.oneof(teamsActivity(ids), realisticActivity), authorization, async (activity, auth) => {
          count('teams-unauthenticated');
          const before = [
            jobs.length,
            h.connector.calls.length,
            h.sim.commandLog.length,
            await countRows(side, 'surface_state'),
          ];
          const mark = logs.mark();
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (auth !== null) headers.authorization = auth;
          const a = await request(`${h.app.url}/api/messages`, {
            method: 'POST',
            headers,
            body: JSON.stringify(activity),
          });
          statuses[a.status] = (statuses[a.status] ?? 0) + 1;
          expectNo5xxWithoutReason('teams unauthenticated', a, logs, mark);
          if (a.status !== 401 && a.status !== 400)
            throw new Error(`an activity without a valid token answered ${a.status}`);
          const after = [
            jobs.length,
            h.connector.calls.length,
            h.sim.commandLog.length,
            await countRows(side, 'surface_state'),
          ];
          if (after.join() !== before.join())
            throw new Error(
              `an activity without a valid token was acted on: [jobs, connector calls, Convrs commands, surface_state rows] ${before} → ${after}`,
            );
        }),
        runs(N.teamsUnauthenticated),
      );
    } finally {
      consoleError.mockRestore();
    }
    expect(await alive(h.app.url!)).toBe(true);
    // Most activities are well formed enough to reach authentication (the rest fail the 400 shape check first).
    expect(statuses[401] ?? 0).toBeGreaterThan(0);
    // eslint-disable-next-line no-console
    console.log(`teams (authentication on) statuses: ${JSON.stringify(statuses)}`);
  });
});

function countBy(xs: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
}

describe('after fuzzing', () => {
  it('no unhandled rejection or uncaught exception happened', () => {
    expect(escaped).toEqual([]);
  });
});
