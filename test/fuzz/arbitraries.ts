// fast-check arbitraries for the inbound endpoints: real payload shapes (Convrs events, Slack events and
// interactions, Bot Framework activities), mutated field by field, plus plain garbage.
import fc, { type Arbitrary } from 'fast-check';
import { gzipSync, deflateSync } from 'node:zlib';
import { formatTs } from '../../adapters/convrs/simulator';

// ---------------------------------------------------------------------------------------------- building blocks

/** A field left out of the object it belongs to. */
export const DROP = Symbol('drop');
type Maybe<T> = T | typeof DROP;

/** Printable ASCII only: what an HTTP header value can carry. */
export const headerText = (maxLength = 40): Arbitrary<string> =>
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength });

/** Long strings without generating every character: a short piece repeated. */
export const longString = (min: number, max: number): Arbitrary<string> =>
  fc
    .tuple(fc.string({ minLength: 1, maxLength: 6, unit: 'binary' }), fc.integer({ min, max }))
    .map(([s, n]) => s.repeat(Math.ceil(n / s.length)).slice(0, n));

/** Text a person might type, including markup, control characters, emoji and long runs. */
export const anyText: Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 80 }) },
  { weight: 3, arbitrary: fc.string({ maxLength: 60, unit: 'binary' }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 30, unit: 'grapheme' }) },
  { weight: 1, arbitrary: longString(1_000, 40_000) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\n\t ', '\u0000', '\u202e', '💥'.repeat(50), 'a\r\nb') },
);

/** Any JSON value of modest size. */
export const anyJson: Arbitrary<unknown> = fc.jsonValue({ maxDepth: 3, depthSize: 'small' });

/** A value of the wrong kind for whatever field it replaces. */
export const junk: Arbitrary<unknown> = fc.oneof(
  anyJson,
  fc.constant(null),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.string({ maxLength: 20, unit: 'binary' }),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.constant({}),
  longString(10_000, 60_000),
);

/** Mostly the valid value, sometimes missing, sometimes junk. */
export function field<T>(
  valid: Arbitrary<T>,
  odds: { drop?: number; junk?: number } = {},
): Arbitrary<Maybe<T> | unknown> {
  return fc.oneof(
    { weight: 20, arbitrary: valid as Arbitrary<unknown> },
    { weight: odds.drop ?? 1, arbitrary: fc.constant(DROP) },
    { weight: odds.junk ?? 1, arbitrary: junk },
  );
}

const keyArb = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'),
);

/** An object from per-field arbitraries (DROP leaves the field out) plus, sometimes, unknown extra fields. */
export function objectOf(
  fields: Record<string, Arbitrary<unknown>>,
  extras = true,
): Arbitrary<Record<string, unknown>> {
  const extra = extras ? fc.option(fc.dictionary(keyArb, junk, { maxKeys: 3 }), { freq: 3 }) : fc.constant(null);
  return fc.tuple(fc.record(fields), extra).map(([rec, more]) => {
    const out: Record<string, unknown> = {};
    // Known fields win over extras with the same name; defineProperty keeps a "__proto__" key an own key.
    for (const [k, v] of Object.entries(more ?? {}))
      if (!(k in fields))
        Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    for (const [k, v] of Object.entries(rec))
      if (v !== DROP) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    return out;
  });
}

// ---------------------------------------------------------------------------------------------- Convrs webhook

export const EVENT_NAMES = [
  'onConversationStart',
  'onMessage',
  'onConversationAssign',
  'onUserConversation',
  'onFeedback',
  'onAgentStatus',
] as const;

/** Convrs datetimes (UTC, no offset, optional milliseconds) and strings that almost are. */
export const convrsTime: Arbitrary<string> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }).map((ms) => formatTs(ms)),
  },
  {
    weight: 3,
    arbitrary: fc
      .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) })
      .map((ms) => formatTs(ms).slice(0, 19)),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '2026-11-24T10:15:24Z',
      '2026-11-24T10:15:24+02:00',
      '2026-13-45T99:99:99',
      '2026-11-24',
      '10:15:24',
      '',
      'yesterday',
      '2026-02-30T10:00:00',
      '0000-00-00T00:00:00',
      '9999-12-31T23:59:59.999',
      '2026-11-24T10:15:24.1234567',
      ' 2026-11-24T10:15:24',
    ),
  },
);

export interface WebhookIds {
  conversationIds: string[];
  emails: string[];
  businessUnits: string[];
}

export function convrsEnvelope(ids: WebhookIds): Arbitrary<Record<string, unknown>> {
  const conversationId = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...ids.conversationIds) },
    { weight: 2, arbitrary: fc.nat({ max: 1e6 }).map((n) => `cv_fuzz_${n}`) },
    { weight: 1, arbitrary: fc.nat() },
  );
  const email = fc.oneof(fc.constantFrom(...ids.emails), fc.emailAddress(), fc.string({ maxLength: 20 }));
  const bu = fc.oneof(fc.constantFrom(...ids.businessUnits), fc.string({ maxLength: 20 }));
  const person = objectOf({ email: field(email), name: field(fc.string({ maxLength: 30 })) });
  const eventId = fc.oneof(
    { weight: 6, arbitrary: fc.uuid().map((u) => `ev_fuzz_${u}`) },
    { weight: 1, arbitrary: fc.constantFrom('', 'ev_fuzz_fixed') },
  );
  const message = objectOf({
    eventId: field(eventId, { drop: 2 }),
    mid: field(
      fc.oneof(
        fc.uuid().map((u) => `m_${u}`),
        fc.nat(),
      ),
    ),
    conversationId: field(conversationId),
    uid: field(fc.string({ maxLength: 12 }), { drop: 3 }),
    sender: field(fc.constantFrom('customer', 'agent', 'bot', 'whisper', 'system'), { junk: 2 }),
    author: field(person),
    text: field(anyText),
    attachments: field(
      fc.array(
        objectOf({
          name: field(fc.string({ maxLength: 20 })),
          url: field(fc.webUrl()),
          mime: field(fc.constantFrom('image/png', 'application/pdf')),
        }),
        { maxLength: 3 },
      ),
    ),
    timestamp: field(convrsTime),
  });
  const conversation = objectOf({
    eventId: field(eventId, { drop: 2 }),
    conversationId: field(conversationId),
    uid: field(fc.string({ maxLength: 12 })),
    botID: field(fc.nat(), { drop: 4 }),
    channel: field(fc.constantFrom('sms', 'whatsapp', 'webchat', 'facebook')),
    customer: field(
      objectOf({ name: field(fc.string({ maxLength: 30 })), country: field(fc.string({ maxLength: 20 })) }),
    ),
    businessUnit: field(bu),
    agent: field(person),
    direction: field(fc.constantFrom('inbound', 'outbound', 'transfer')),
    status: field(fc.constantFrom('open', 'closed')),
    startedAt: field(convrsTime),
    lastActivityAt: field(convrsTime, { drop: 3 }),
    closedAt: field(convrsTime, { drop: 6 }),
    thumbs: field(fc.constantFrom('up', 'down'), { drop: 6 }),
  });
  const assign = objectOf({
    eventId: field(eventId, { drop: 2 }),
    conversationId: field(conversationId),
    agent: field(person),
    businessUnit: field(bu),
    reason: field(fc.constantFrom('assign', 'transfer')),
    timestamp: field(convrsTime),
  });
  const finished = objectOf({
    eventId: field(eventId, { drop: 2 }),
    conversationId: field(conversationId),
    closedAt: field(convrsTime),
    messages: field(fc.array(message, { maxLength: 3 })),
  });
  const feedback = objectOf({
    eventId: field(eventId, { drop: 2 }),
    conversationId: field(conversationId),
    thumbs: field(fc.constantFrom('up', 'down')),
    comment: field(anyText),
    timestamp: field(convrsTime),
  });
  const agent = objectOf({
    eventId: field(eventId, { drop: 2 }),
    email: field(email),
    name: field(fc.string({ maxLength: 30 })),
    businessUnits: field(fc.array(bu, { maxLength: 3 })),
    permissions: field(
      fc.array(fc.constantFrom('Supervise', 'Supervise Open Chats', 'All Chats', 'Admin'), { maxLength: 3 }),
    ),
    status: field(fc.constantFrom('Online', 'Offline', 'Busy', 'Disabled')),
    selfStatus: field(fc.string({ maxLength: 20 })),
    openChats: field(fc.nat({ max: 50 })),
    maxChats: field(fc.nat({ max: 50 })),
    timestamp: field(convrsTime),
  });
  const dataFor: Record<string, Arbitrary<unknown>> = {
    onConversationStart: conversation,
    onMessage: message,
    onConversationAssign: assign,
    onUserConversation: finished,
    onFeedback: feedback,
    onAgentStatus: agent,
  };
  const known = fc.constantFrom(...EVENT_NAMES).chain((cmd) =>
    objectOf({
      cmd: field(fc.constant(cmd), { drop: 1, junk: 1 }),
      ok: field(
        fc.oneof(
          { weight: 8, arbitrary: fc.constant(1) },
          { weight: 1, arbitrary: fc.constantFrom(0, true, false, '0', '1', 'yes') },
        ),
      ),
      uid: field(fc.oneof(fc.string({ maxLength: 12 }), fc.nat()), { drop: 3 }),
      data: field(dataFor[cmd]!),
      error: field(fc.string({ maxLength: 40 }), { drop: 8 }),
    }),
  );
  const other = objectOf({
    cmd: fc.oneof(
      fc.string({ maxLength: 20 }).map((s) => `on${s}`),
      fc.string({ maxLength: 20 }),
      fc.constantFrom('GetAgents', 'SendWhisper', 'FinishConversation', 'TransferConversation', 'onUserCreate'),
    ),
    ok: field(fc.constant(1)),
    data: field(anyJson),
  });
  return fc.oneof({ weight: 5, arbitrary: known }, { weight: 1, arbitrary: other });
}

export interface WebhookBody {
  kind: string;
  body: string | Uint8Array;
}

/** Bodies: real-shaped envelopes and batches, then JSON of any kind, text, bytes, deep nesting, huge and cut-off documents. */
export function webhookBody(ids: WebhookIds): Arbitrary<WebhookBody> {
  const env = convrsEnvelope(ids);
  return fc.oneof(
    { weight: 10, arbitrary: env.map((e) => ({ kind: 'envelope', body: JSON.stringify(e) })) },
    { weight: 3, arbitrary: fc.array(env, { maxLength: 4 }).map((a) => ({ kind: 'batch', body: JSON.stringify(a) })) },
    { weight: 2, arbitrary: fc.json({ maxDepth: 4 }).map((j) => ({ kind: 'json', body: j })) },
    { weight: 2, arbitrary: fc.string({ maxLength: 200, unit: 'binary' }).map((s) => ({ kind: 'text', body: s })) },
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 600 }).map((b) => ({ kind: 'bytes', body: b })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(env, fc.integer({ min: 50, max: 100_000 }), fc.constantFrom('[', '{"a":'))
        .map(([e, depth, open]) => {
          // A valid envelope with one extra field nested `depth` levels deep (built as text: no recursion here).
          const close = open === '[' ? ']' : '}';
          const json = JSON.stringify(e);
          const nested = `${open.repeat(depth)}1${close.repeat(depth)}`;
          return {
            kind: `deep-${depth}`,
            body: json === '{}' ? `{"x":${nested}}` : `${json.slice(0, -1)},"x":${nested}}`,
          };
        }),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(env, fc.integer({ min: 100_000, max: 700_000 }))
        .map(([e, n]) => ({ kind: `huge-${n}`, body: JSON.stringify({ ...e, padding: 'p'.repeat(n) }) })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(env, fc.nat()).map(([e, cut]) => {
        const s = JSON.stringify(e);
        return { kind: 'truncated', body: s.slice(0, cut % Math.max(1, s.length)) };
      }),
    },
  );
}

/** How the secret is presented: `?secret=` values (0, 1 or repeated) and the X-Convrs-Secret header. */
export interface SecretChoice {
  query: string[];
  header: string | null;
}

export function secretChoice(secret: string): Arbitrary<SecretChoice> {
  const value = fc.oneof(
    { weight: 10, arbitrary: fc.constant(secret) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        secret.slice(0, -1),
        `${secret}x`,
        secret.toUpperCase(),
        ` ${secret}`,
        `${secret} `,
        `${secret}\u0000`,
        'nope',
      ),
    },
    { weight: 2, arbitrary: headerText(40) },
  );
  return fc.record({
    query: fc.oneof(
      { weight: 4, arbitrary: fc.constant([] as string[]) },
      { weight: 4, arbitrary: value.map((v) => [v]) },
      { weight: 1, arbitrary: fc.array(value, { minLength: 2, maxLength: 3 }) },
    ),
    header: fc.option(
      value.filter((v) => !v.includes('\u0000')),
      { freq: 2 },
    ),
  });
}

/** Whether the webhook should take a request presented this way (a single `?secret=` wins over the header). */
export function webhookAuthorised(c: SecretChoice, secret: string): boolean {
  const q = c.query.length === 1 ? c.query[0] : undefined;
  // fetch trims header values (HTTP whitespace), and an empty header is no header.
  const h = c.header?.replace(/^[ \t]+|[ \t]+$/g, '');
  const given = q !== undefined ? q : h;
  return !!given && given === secret;
}

export interface WireChoice {
  contentType: string | null;
  encoding: string | null;
  compress: boolean;
}

export const wireChoice: Arbitrary<WireChoice> = fc.record({
  contentType: fc.oneof(
    { weight: 6, arbitrary: fc.constant('application/json') },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        'application/json; charset=utf-8',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=zz',
        'application/json; charset=latin1',
        'application/json; charset=utf-16',
        'application/json; charset=nope',
        'application/octet-stream',
        '',
        '*/*',
        'application/xml',
      ),
    },
    { weight: 1, arbitrary: headerText(30) },
    { weight: 1, arbitrary: fc.constant(null) },
  ),
  encoding: fc.oneof(
    { weight: 10, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: fc.constantFrom('gzip', 'deflate', 'identity', 'br', 'zstd', 'gzip, gzip', 'x-gzip') },
    { weight: 1, arbitrary: headerText(12) },
  ),
  compress: fc.boolean(),
});

/** The bytes on the wire for a body and an encoding (really compressed when `compress`, otherwise mislabelled). */
export function encodeBody(body: string | Uint8Array, w: WireChoice): Uint8Array | string {
  if (!w.compress || !w.encoding) return body;
  const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body);
  if (w.encoding === 'gzip' || w.encoding === 'x-gzip') return gzipSync(bytes);
  if (w.encoding === 'deflate') return deflateSync(bytes);
  return body;
}

// ---------------------------------------------------------------------------------------------- commands typed by people

const VERBS = [
  'finish',
  'transfer',
  'supervise',
  'unsupervise',
  'stop',
  'whisper',
  'watch',
  'unwatch',
  'open',
  'chats',
  'agents',
  'score',
  'claim',
  'report',
  'help',
] as const;

/** Command-like text for `refs` (e.g. a real chat, to show a thread reply naming it is still only a whisper). */
export function commandText(refs: string[]): Arbitrary<string> {
  const ref = fc.oneof(fc.constantFrom(...refs), fc.string({ maxLength: 8 }));
  const tail = fc.constantFrom(
    '',
    ' confirm',
    ' to bu:Sales',
    ' to bu:"Tech Support"',
    ' to sue.sales@acme.test',
    ' to nobody@elsewhere.test',
    ' hello there',
    ' negative',
    ' page:2',
    ' export',
  );
  return fc.oneof(
    fc
      .tuple(
        fc.constantFrom('', '/convrs ', '  ', '>', 'please '),
        fc.constantFrom(...VERBS),
        fc.constantFrom(' ', '  ', '\t'),
        ref,
        tail,
      )
      .map((p) => p.join('')),
    fc.constantFrom(
      'open',
      'help',
      'agents',
      'chats export',
      'report export',
      'watch bu:Nowhere',
      'unwatch bu:Nowhere',
      'open page:999999999999',
      'chats from:2026-13-99 csat:<>9',
    ),
  );
}

/** Slack message markup around text: mentions, links, entities. */
export const slackMarkup: Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(
      '<@UBOT0001> ',
      '<!channel> ',
      '<#C1|sales> ',
      '<https://acme.test/x|link> ',
      '&lt;b&gt; ',
      '&amp;',
      '<mailto:a@b.c|a> ',
      '<>',
      '<<<',
      '',
    ),
    fc.string({ maxLength: 40 }),
  )
  .map(([a, b]) => `${a}${b}`);

/** Teams message markup: mentions of the bot, HTML, entities. */
export const teamsMarkup: Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(
      '<at>Convrs Supervisor</at> ',
      '<p>',
      '<div><b>',
      '&nbsp;',
      '&lt;at&gt;',
      '<br/>',
      '<at></at>',
      '<at>Sam Boss</at> ',
      '',
    ),
    fc.string({ maxLength: 40 }),
    fc.constantFrom('', '</p>', '</b></div>', '<at>Convrs Supervisor</at>'),
  )
  .map((p) => p.join(''));

// ---------------------------------------------------------------------------------------------- Slack

export const slackTs: Arbitrary<string> = fc
  .tuple(fc.integer({ min: 1_600_000_000, max: 1_900_000_000 }), fc.nat({ max: 999_999 }))
  .map(([s, u]) => `${s}.${String(u).padStart(6, '0')}`);

export interface SlackIds {
  users: string[];
  channels: string[];
  threadTs: string[];
  refs: string[];
  responseUrl: (n: number) => string;
  actions: string[];
  callbacks: string[];
}

const asFormValue = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));

/** Any Events API delivery: message events (DM, channel, thread), other event types, wrong shapes. */
export function slackEventBody(ids: SlackIds): Arbitrary<Record<string, unknown>> {
  const user = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...ids.users) },
    { weight: 1, arbitrary: fc.string({ maxLength: 11 }) },
  );
  const text = fc.oneof(commandText(ids.refs), anyText, slackMarkup);
  const event = objectOf({
    type: field(
      fc.oneof(
        { weight: 6, arbitrary: fc.constant('message') },
        {
          weight: 2,
          arbitrary: fc.constantFrom(
            'app_mention',
            'app_home_opened',
            'reaction_added',
            'member_joined_channel',
            'app_uninstalled',
            'tokens_revoked',
          ),
        },
        { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
      ),
    ),
    user: field(user),
    text: field(text),
    ts: field(slackTs),
    thread_ts: field(fc.oneof(fc.constantFrom(...ids.threadTs), slackTs), { drop: 4 }),
    channel: field(fc.oneof(fc.constantFrom(...ids.channels), fc.string({ maxLength: 11 }))),
    channel_type: field(fc.constantFrom('im', 'channel', 'group', 'mpim', 'app_home')),
    subtype: field(
      fc.constantFrom('message_changed', 'message_deleted', 'bot_message', 'thread_broadcast', 'file_share'),
      { drop: 12 },
    ),
    bot_id: field(fc.constantFrom('BBOT0001', 'BOTHER01'), { drop: 12 }),
    tab: field(fc.constantFrom('home', 'messages'), { drop: 6 }),
    event_ts: field(slackTs),
    team: field(fc.constant('T0001')),
  });
  return objectOf({
    token: field(fc.constant('legacy')),
    team_id: field(fc.constantFrom('T0001', 'T0002')),
    api_app_id: field(fc.constant('A0001')),
    type: field(
      fc.oneof(
        { weight: 8, arbitrary: fc.constant('event_callback') },
        { weight: 1, arbitrary: fc.constantFrom('url_verification', 'app_rate_limited', 'ssl_check') },
      ),
      { drop: 1, junk: 1 },
    ),
    event_id: field(fc.uuid().map((u) => `Ev${u}`)),
    event_time: field(fc.nat()),
    event: field(event),
    challenge: field(fc.string({ maxLength: 20 }), { drop: 10 }),
  });
}

/** A /convrs (or other) slash command, as form fields. */
export function slackCommandForm(ids: SlackIds): Arbitrary<string> {
  return objectOf({
    token: field(fc.constant('legacy')),
    team_id: field(fc.constant('T0001')),
    channel_id: field(fc.oneof(fc.constantFrom(...ids.channels), fc.string({ maxLength: 11 }))),
    user_id: field(
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...ids.users) },
        { weight: 1, arbitrary: fc.string({ maxLength: 11 }) },
      ),
    ),
    command: field(
      fc.oneof(
        { weight: 6, arbitrary: fc.constant('/convrs') },
        { weight: 1, arbitrary: fc.constantFrom('/other', '/Convrs', '') },
      ),
    ),
    text: field(fc.oneof(commandText(ids.refs), anyText)),
    response_url: field(
      fc.oneof(
        { weight: 6, arbitrary: fc.nat().map(ids.responseUrl) },
        { weight: 1, arbitrary: fc.constantFrom('not a url', 'http://127.0.0.1:1/x', '') },
      ),
    ),
    trigger_id: field(fc.uuid()),
  }).map((o) =>
    new URLSearchParams(Object.entries(o).map(([k, v]) => [k, asFormValue(v)] as [string, string])).toString(),
  );
}

/** An interactivity payload: button clicks (ours and unknown), modal submissions, shortcuts, other types. */
export function slackInteraction(ids: SlackIds): Arbitrary<Record<string, unknown>> {
  const userObj = objectOf({
    id: field(
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...ids.users) },
        { weight: 1, arbitrary: fc.string({ maxLength: 11 }) },
      ),
    ),
    username: field(fc.string({ maxLength: 10 })),
    team_id: field(fc.constant('T0001')),
  });
  const team = objectOf({ id: field(fc.constant('T0001')), domain: field(fc.constant('acme')) });
  const channel = objectOf({
    id: field(fc.oneof(fc.constantFrom(...ids.channels), fc.string({ maxLength: 11 }))),
    name: field(fc.constant('x')),
  });
  const action = objectOf({
    type: field(fc.constantFrom('button', 'static_select', 'overflow')),
    action_id: field(
      fc.oneof(
        fc.constantFrom(...ids.actions),
        fc.constantFrom(...ids.actions).map((a) => `${a}_7`),
        fc.string({ maxLength: 12 }),
      ),
    ),
    block_id: field(fc.string({ maxLength: 6 })),
    value: field(fc.oneof(commandText(ids.refs), fc.constantFrom('C-9999|negative', 'nope'), anyText)),
    action_ts: field(slackTs),
  });
  const container = objectOf({
    type: field(fc.constantFrom('message', 'view', 'message_attachment')),
    message_ts: field(slackTs),
    channel_id: field(fc.constantFrom(...ids.channels)),
    is_ephemeral: field(fc.boolean()),
    thread_ts: field(fc.constantFrom(...ids.threadTs), { drop: 4 }),
    view_id: field(fc.string({ maxLength: 6 }), { drop: 4 }),
  });
  const values = fc.oneof(
    fc.constant({}),
    fc.constant({
      transfer_agent: { agent: { type: 'static_select', selected_option: { value: 'sue.sales@acme.test' } } },
    }),
    fc.constant({ transfer_bu: { bu: { type: 'static_select', selected_option: { value: 'Sales' } } } }),
    fc.dictionary(fc.string({ maxLength: 6 }), fc.dictionary(fc.string({ maxLength: 6 }), junk, { maxKeys: 2 }), {
      maxKeys: 2,
    }),
  );
  const view = objectOf({
    id: field(fc.string({ maxLength: 8 })),
    type: field(fc.constantFrom('modal', 'home')),
    callback_id: field(fc.oneof(fc.constantFrom(...ids.callbacks), fc.string({ maxLength: 10 }))),
    private_metadata: field(
      fc.oneof(
        fc
          .constantFrom(...ids.refs)
          .map((ref) => JSON.stringify({ ref: `${ref}9`, destination: 'CGENERAL01', threadRootId: null })),
        fc.constantFrom('', '{', 'null', '[]', '"x"', '{"ref":5}'),
        fc.string({ maxLength: 30 }),
      ),
    ),
    state: field(objectOf({ values: field(values) })),
    team_id: field(fc.constant('T0001')),
    hash: field(fc.string({ maxLength: 6 })),
  });
  const message = objectOf({
    type: field(fc.constant('message')),
    ts: field(slackTs),
    thread_ts: field(fc.constantFrom(...ids.threadTs), { drop: 3 }),
    text: field(anyText),
    user: field(fc.string({ maxLength: 10 })),
  });
  return fc
    .constantFrom(
      'block_actions',
      'view_submission',
      'message_action',
      'shortcut',
      'view_closed',
      'block_suggestion',
      'interactive_message',
      'dialog_submission',
      '',
    )
    .chain((type) =>
      objectOf({
        type: field(fc.constant(type)),
        user: field(userObj),
        team: field(team),
        api_app_id: field(fc.constant('A0001')),
        token: field(fc.constant('legacy')),
        trigger_id: field(fc.uuid()),
        response_url: field(fc.nat().map(ids.responseUrl)),
        channel: field(channel),
        container: field(container, { drop: type === 'block_actions' ? 1 : 8 }),
        actions: field(fc.array(action, { maxLength: 3 }), { drop: type === 'block_actions' ? 1 : 8 }),
        view: field(view, { drop: type === 'view_submission' || type === 'view_closed' ? 1 : 8 }),
        callback_id: field(fc.oneof(fc.constantFrom(...ids.callbacks), fc.string({ maxLength: 10 })), {
          drop: type === 'message_action' || type === 'shortcut' ? 1 : 8,
        }),
        message: field(message, { drop: type === 'message_action' || type === 'block_actions' ? 2 : 8 }),
        action_ts: field(slackTs),
      }),
    );
}

export interface SlackBody {
  kind: string;
  body: string;
  contentType: string;
}

/** Everything /slack/events may be sent. */
export function slackBody(ids: SlackIds): Arbitrary<SlackBody> {
  const form = 'application/x-www-form-urlencoded';
  return fc.oneof(
    {
      weight: 6,
      arbitrary: slackEventBody(ids).map((e) => ({
        kind: 'event',
        body: JSON.stringify(e),
        contentType: 'application/json',
      })),
    },
    { weight: 3, arbitrary: slackCommandForm(ids).map((b) => ({ kind: 'command', body: b, contentType: form })) },
    {
      weight: 4,
      arbitrary: slackInteraction(ids).map((p) => ({
        kind: `interaction:${String(p.type)}`,
        body: new URLSearchParams({ payload: JSON.stringify(p) }).toString(),
        contentType: form,
      })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.json({ maxDepth: 3 }), fc.constantFrom('application/json', form)).map(([j, ct]) => ({
        kind: 'json',
        body: ct === form ? `payload=${encodeURIComponent(j)}` : j,
        contentType: ct,
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.string({ maxLength: 200, unit: 'binary' }),
          fc.constantFrom(
            'application/json',
            form,
            'text/plain',
            'application/json; charset=utf-8',
            `${form}; charset=utf-8`,
            '',
          ),
        )
        .map(([s, ct]) => ({ kind: 'text', body: s, contentType: ct })),
    },
  );
}

/** Ways of getting the signature wrong (the real secret is never used for a valid signature here). */
export type BadSignature =
  | { kind: 'none' }
  | { kind: 'only-timestamp' }
  | { kind: 'only-signature' }
  | { kind: 'wrong-secret'; secret: string }
  | { kind: 'other-body'; other: string }
  | { kind: 'stale'; ageSeconds: number }
  | { kind: 'timestamp-mismatch'; delta: number }
  | { kind: 'garbage'; signature: string; timestamp: string }
  | { kind: 'uppercase' }
  | { kind: 'tampered'; at: number; with: string }
  | { kind: 'no-version' };

export const badSignature: Arbitrary<BadSignature> = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  fc.constant({ kind: 'only-timestamp' as const }),
  fc.constant({ kind: 'only-signature' as const }),
  fc.string({ maxLength: 40 }).map((secret) => ({ kind: 'wrong-secret' as const, secret })),
  fc.string({ maxLength: 40 }).map((other) => ({ kind: 'other-body' as const, other })),
  fc
    .oneof(fc.integer({ min: 302, max: 3_600 }), fc.integer({ min: 3_600, max: 1_000_000_000 }))
    .map((ageSeconds) => ({ kind: 'stale' as const, ageSeconds })),
  fc
    .integer({ min: -200, max: 200 })
    .filter((d) => d !== 0)
    .map((delta) => ({ kind: 'timestamp-mismatch' as const, delta })),
  fc.record({ signature: headerText(70), timestamp: headerText(12) }).map((g) => ({ kind: 'garbage' as const, ...g })),
  fc.constant({ kind: 'uppercase' as const }),
  fc
    .record({ at: fc.nat(), with: fc.constantFrom(' ', 'x', '\n', '%00') })
    .map((t) => ({ kind: 'tampered' as const, ...t })),
  fc.constant({ kind: 'no-version' as const }),
);

// ---------------------------------------------------------------------------------------------- Teams

export interface TeamsIds {
  serviceUrl: string;
  users: { id: string; aadObjectId: string; name: string }[];
  conversations: string[];
  bot: { id: string; name: string };
  team: string;
  badRefs: string[];
}

/** Card submits: ours (with chat refs that do not exist) and near misses. */
export function cardValue(ids: TeamsIds): Arbitrary<unknown> {
  const ref = fc.oneof(fc.constantFrom(...ids.badRefs), fc.string({ maxLength: 8 }));
  return fc.oneof(
    objectOf({
      convrs: field(fc.constantFrom(1, '1', true, 2)),
      action: field(
        fc.constantFrom(
          'supervise',
          'unsupervise',
          'transfer',
          'finish',
          'page',
          'whisper',
          'transfer-to',
          'cancel',
          'claim',
          'nope',
        ),
      ),
      chat: field(ref),
      command: field(fc.oneof(commandText(ids.badRefs), anyText)),
      whisper: field(anyText),
      agent: field(fc.oneof(fc.constantFrom('sue.sales@acme.test', 'not an email', ''), fc.string({ maxLength: 20 }))),
      bu: field(fc.oneof(fc.constantFrom('Sales', 'Tech "Support"', '“x”', ''), fc.string({ maxLength: 20 }))),
      kind: field(fc.constantFrom('negative', 'inactive', 'x')),
    }),
    anyJson,
  );
}

/** Any activity: real types and made-up ones, fields missing or of the wrong type, huge text, card submits. */
export function teamsActivity(ids: TeamsIds): Arbitrary<Record<string, unknown>> {
  const user = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...ids.users) },
    {
      weight: 1,
      arbitrary: fc.record({
        id: fc.string({ maxLength: 12 }),
        aadObjectId: fc.string({ maxLength: 12 }),
        name: fc.string({ maxLength: 12 }),
      }),
    },
  );
  const from = user.chain((u) =>
    objectOf({
      id: field(fc.constant(u.id)),
      name: field(fc.constant(u.name)),
      aadObjectId: field(fc.constant(u.aadObjectId), { drop: 3 }),
      role: field(fc.constantFrom('user', 'bot'), { drop: 10 }),
    }),
  );
  // A known conversation always comes with the real serviceUrl: without authentication (tests only) a bogus one would
  // overwrite its stored reference and send the bot's later answers there (with authentication the token pins it).
  const place = fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({ id: fc.constantFrom(...ids.conversations), serviceUrl: fc.constant(ids.serviceUrl) }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        id: fc.oneof(
          fc.tuple(fc.string({ maxLength: 10 }), fc.nat()).map(([c, n]) => `19:${c}@thread.tacv2;messageid=${n}`),
          fc.string({ maxLength: 20 }).map((c) => `a:fuzz-${c}`),
        ),
        serviceUrl: fc.oneof(
          { weight: 6, arbitrary: fc.constant(ids.serviceUrl) },
          { weight: 1, arbitrary: fc.constantFrom('not a url', 'ftp://x', `${ids.serviceUrl}/deeper/`) },
        ),
      }),
    },
  );
  return place.chain((p) =>
    objectOf({
      type: field(
        fc.oneof(
          { weight: 8, arbitrary: fc.constant('message') },
          {
            weight: 4,
            arbitrary: fc.constantFrom(
              'conversationUpdate',
              'installationUpdate',
              'invoke',
              'messageReaction',
              'event',
              'typing',
              'endOfConversation',
              'messageUpdate',
              'messageDelete',
            ),
          },
          { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
        ),
      ),
      id: field(fc.uuid()),
      channelId: field(fc.constantFrom('msteams', 'emulator', 'directline')),
      serviceUrl:
        p.serviceUrl === ids.serviceUrl
          ? fc.oneof({ weight: 20, arbitrary: fc.constant(p.serviceUrl) }, { weight: 1, arbitrary: fc.constant(DROP) })
          : field(fc.constant(p.serviceUrl)),
      timestamp: field(fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
      from: field(from),
      recipient: field(fc.oneof(fc.constant(ids.bot), objectOf({ id: field(fc.string({ maxLength: 10 })) }))),
      conversation: field(
        objectOf({
          id: field(fc.constant(p.id)),
          conversationType: field(fc.constantFrom('personal', 'channel', 'groupChat')),
          tenantId: field(fc.constant('tenant-1')),
          isGroup: field(fc.boolean()),
        }),
      ),
      channelData: field(
        objectOf({
          tenant: field(fc.constant({ id: 'tenant-1' })),
          team: field(objectOf({ id: field(fc.oneof(fc.constant(ids.team), fc.string({ maxLength: 10 }))) })),
          channel: field(objectOf({ id: field(fc.string({ maxLength: 12 }).map((c) => `19:${c}@thread.tacv2`)) })),
          eventType: field(fc.constantFrom('teamMemberAdded', 'channelCreated', 'teamRenamed'), { drop: 4 }),
        }),
      ),
      text: field(
        fc.oneof(
          commandText(ids.badRefs),
          anyText,
          teamsMarkup,
          commandText(ids.badRefs).map((t) => `<at>${ids.bot.name}</at> ${t}`),
        ),
      ),
      textFormat: field(fc.constantFrom('plain', 'markdown', 'xml')),
      locale: field(fc.constantFrom('en-US', 'de-DE', '')),
      entities: field(
        fc.array(
          objectOf({
            type: field(fc.constantFrom('mention', 'clientInfo')),
            mentioned: field(objectOf({ id: field(fc.oneof(fc.constant(ids.bot.id), fc.string({ maxLength: 8 }))) })),
            text: field(fc.string({ maxLength: 20 })),
          }),
          { maxLength: 3 },
        ),
      ),
      value: field(cardValue(ids), { drop: 10 }),
      membersAdded: field(
        fc.array(objectOf({ id: field(fc.oneof(fc.constant(ids.bot.id), fc.string({ maxLength: 8 }))) }), {
          maxLength: 2,
        }),
        { drop: 6 },
      ),
      membersRemoved: field(fc.array(objectOf({ id: field(fc.string({ maxLength: 8 })) }), { maxLength: 2 }), {
        drop: 10,
      }),
      action: field(fc.constantFrom('add', 'remove'), { drop: 6 }),
      name: field(
        fc.constantFrom(
          'adaptiveCard/action',
          'task/fetch',
          'composeExtension/query',
          'signin/verifyState',
          'application/search',
        ),
        { drop: 6 },
      ),
      replyToId: field(fc.string({ maxLength: 10 }), { drop: 4 }),
      attachments: field(
        fc.array(
          objectOf({
            contentType: field(fc.constantFrom('application/vnd.microsoft.card.adaptive', 'text/html', 'image/png')),
            content: field(anyJson),
            contentUrl: field(fc.constant('http://127.0.0.1:1/a.png')),
          }),
          { maxLength: 2 },
        ),
        { drop: 6 },
      ),
    }),
  );
}
