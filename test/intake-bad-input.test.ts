// POST /convrs/webhook against the running app with bad input: the right 4xx with a one-line reason,
// nothing stored half-way, no stack traces, and the next valid event still mirrored. Plus /healthz, /readyz, /metrics.
import type { DataSource } from 'typeorm';
import type { Conversation } from '../adapters/convrs/simulator';
import { ask, countRows, customerMessage, looksLikeStackTrace, openSideDb, sleep } from './flow-helpers';
import { mirrored, SECRET, startHarness, waitFor, type Harness } from './harness';

let h: Harness;
let side: DataSource;
let conv: Conversation;
let threadId: number;
let seq = 0;

const hookUrl = (query = `?secret=${SECRET}`) => `${h.app.url}/convrs/webhook${query}`;

/** A valid onMessage envelope for the watched chat, shaped like the simulator's (fresh ids each time). */
function message(text: string, patch: Record<string, unknown> = {}, drop: string[] = []) {
  return customerMessage(conv, `intake_${++seq}`, text, Date.now(), patch, drop);
}

async function post(
  body: string | Buffer | ReadableStream<Uint8Array>,
  opts: { url?: string; headers?: Record<string, string> } = {},
) {
  const init: RequestInit & { duplex?: 'half' } = {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...opts.headers },
    body,
  };
  if (body instanceof ReadableStream) init.duplex = 'half';
  const res = await fetch(opts.url ?? hookUrl(), init);
  const text = await res.text();
  let json: { ok?: unknown; error?: unknown } | undefined;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json };
}

async function snapshot() {
  return {
    inbox: await countRows(side, 'inbox'),
    unprocessed: (await h.app.store.inbox.unprocessed(new Date(8.64e15), 1000)).length,
    chats: (await h.app.store.chats.query({}, { page: 1, pageSize: 1000 })).total,
    messages: await countRows(side, 'messages'),
    outbox: await countRows(side, 'outbox'),
  };
}

/** A following valid event (sent by the simulator through the same endpoint) is processed and mirrored. */
async function stillServes(label: string): Promise<void> {
  const text = `still serving after ${label}`;
  h.sim.control.say(conv.conversationId, 'customer', text);
  await h.sim.flush();
  await waitFor(`"${text}" mirrored`, () => mirrored(h, threadId).includes(text));
  expect(mirrored(h, threadId).filter((t) => t === text)).toHaveLength(1);
}

beforeAll(async () => {
  h = await startHarness();
  side = await openSideDb(h);
  conv = h.sim.control.startChat({ businessUnit: 'Sales', messages: 0 });
  const chat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
  const r = await ask(h, 'sam', 'watch bu:Sales');
  expect(r.text).toContain('Watching Sales');
  const thread = await waitFor('team thread', async () =>
    (await h.app.store.threads.forChat(chat.id)).find((t) => t.kind === 'team'),
  );
  threadId = thread.id;
  await stillServes('start-up');
});
afterAll(async () => {
  await side?.destroy();
  await h?.stop();
});

const big = () => JSON.stringify(message('x'.repeat(600 * 1024)));

interface BadCase {
  name: string;
  status: number | '4xx';
  /** Words the one-line reason must contain. */
  reason?: RegExp;
  send: () => ReturnType<typeof post>;
}

const cases: BadCase[] = [
  {
    name: 'no secret at all',
    status: 401,
    send: () => post(JSON.stringify(message('no secret')), { url: hookUrl('') }),
  },
  {
    name: 'wrong secret in the query',
    status: 401,
    send: () => post(JSON.stringify(message('wrong query secret')), { url: hookUrl('?secret=nope') }),
  },
  {
    name: 'wrong secret in the header',
    status: 401,
    send: () =>
      post(JSON.stringify(message('wrong header secret')), {
        url: hookUrl(''),
        headers: { 'x-convrs-secret': 'nope' },
      }),
  },
  {
    name: 'an empty secret',
    status: 401,
    send: () => post(JSON.stringify(message('empty secret')), { url: hookUrl('?secret=') }),
  },
  {
    name: 'the secret as a prefix of the real one',
    status: 401,
    send: () => post(JSON.stringify(message('prefix secret')), { url: hookUrl(`?secret=${SECRET.slice(0, -1)}`) }),
  },
  { name: 'malformed JSON', status: 400, reason: /json/i, send: () => post('{"cmd": "onMessage", "ok": 1, "data": {') },
  { name: 'a bare JSON string', status: '4xx', send: () => post('"hello"') },
  { name: 'an empty body', status: '4xx', send: () => post('') },
  {
    name: 'a command that is not an event',
    status: '4xx',
    reason: /GetAgents/,
    send: () => post(JSON.stringify({ cmd: 'GetAgents', ok: 1, data: {} })),
  },
  {
    name: 'an envelope without cmd',
    status: '4xx',
    reason: /cmd/,
    send: () => post(JSON.stringify({ ok: 1, data: message('no cmd').data })),
  },
  {
    name: 'onMessage without timestamp',
    status: 422,
    reason: /timestamp/,
    send: () => post(JSON.stringify(message('no timestamp', {}, ['timestamp']))),
  },
  {
    name: 'onMessage without conversationId',
    status: 422,
    reason: /conversationId/,
    send: () => post(JSON.stringify(message('no conversation', {}, ['conversationId']))),
  },
  {
    name: 'onMessage with a timestamp that is not a Convrs datetime',
    status: 422,
    reason: /timestamp/,
    send: () => post(JSON.stringify(message('bad time', { timestamp: 'yesterday' }))),
  },
  {
    name: 'onMessage with an unknown sender',
    status: 422,
    reason: /sender/,
    send: () => post(JSON.stringify(message('bad sender', { sender: 'martian' }))),
  },
  {
    name: 'onConversationStart without startedAt',
    status: 422,
    reason: /startedAt/,
    send: () =>
      post(
        JSON.stringify({
          cmd: 'onConversationStart',
          ok: 1,
          data: { eventId: 'ev_intake_start', conversationId: 'cv_intake_x', businessUnit: 'Sales' },
        }),
      ),
  },
  {
    name: 'an event with ok: 0',
    status: 422,
    reason: /ok/,
    send: () => post(JSON.stringify({ ...message('ok zero'), ok: 0, error: 'boom' })),
  },
  { name: 'a body over 512 KiB (content-length)', status: 413, send: () => post(Buffer.from(big())) },
  {
    name: 'a body over 512 KiB (chunked, no content-length)',
    status: 413,
    send: () => {
      const bytes = new TextEncoder().encode(big());
      let at = 0;
      return post(
        new ReadableStream<Uint8Array>({
          pull(ctrl) {
            if (at >= bytes.length) return ctrl.close();
            ctrl.enqueue(bytes.slice(at, at + 64 * 1024));
            at += 64 * 1024;
          },
        }),
      );
    },
  },
  {
    name: 'an unsupported content-encoding',
    status: '4xx',
    send: () => post(JSON.stringify(message('zstd')), { headers: { 'content-encoding': 'zstd' } }),
  },
  {
    name: 'a batch with one bad item',
    status: 422,
    reason: /\[1\].*timestamp/,
    send: () =>
      post(
        JSON.stringify([
          message('batch item that must not be stored'),
          message('batch item without time', {}, ['timestamp']),
          message('batch item 3'),
        ]),
      ),
  },
];

describe('POST /convrs/webhook with bad input', () => {
  it.each(cases)('$name → $status, nothing stored, no stack trace, still serving', async (c) => {
    await h.sim.flush();
    const before = await snapshot();
    const res = await c.send();
    if (c.status === '4xx') {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    } else {
      expect(res.status).toBe(c.status);
    }
    // A one-line reason, as JSON, without internals.
    expect(res.json).toMatchObject({ ok: 0, error: expect.any(String) });
    const error = String(res.json!.error);
    expect(error.length).toBeGreaterThan(0);
    expect(error).not.toMatch(/\n/);
    expect(error.length).toBeLessThan(300);
    if (c.reason) expect(error).toMatch(c.reason);
    expect(looksLikeStackTrace(res.text)).toBe(false);
    // Nothing stored half-way, and nothing shows up later either.
    await sleep(150);
    expect(await snapshot()).toEqual(before);
    await stillServes(c.name);
  });

  it('never mirrors any part of a rejected batch', async () => {
    await sleep(300);
    const all = mirrored(h, threadId);
    expect(all.filter((t) => t.startsWith('batch item'))).toEqual([]);
    const rejected = [
      'no secret',
      'wrong query secret',
      'wrong header secret',
      'empty secret',
      'prefix secret',
      'no cmd',
      'bad sender',
      'ok zero',
      'zstd',
    ];
    expect(all.filter((t) => rejected.includes(t))).toEqual([]);
  });
});

describe('POST /convrs/webhook with good input', () => {
  it('accepts the secret in the X-Convrs-Secret header and a batch, mirroring each event once, in order', async () => {
    const batch = [message('header batch 1'), message('header batch 2')];
    const res = await post(JSON.stringify(batch), { url: hookUrl(''), headers: { 'x-convrs-secret': SECRET } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ ok: 1 });
    await waitFor('batch mirrored', () => mirrored(h, threadId).includes('header batch 2'));
    // Convrs redelivers (e.g. after a timeout): accepted again, stored and shown once.
    const again = await post(JSON.stringify(batch));
    expect(again.status).toBe(200);
    await stillServes('a redelivered batch');
    const got = mirrored(h, threadId).filter((t) => t.startsWith('header batch'));
    expect(got).toEqual(['header batch 1', 'header batch 2']);
  });

  it('accepts and ignores other on* events without storing them', async () => {
    await h.sim.flush();
    const before = await snapshot();
    const res = await post(
      JSON.stringify({
        cmd: 'onUserCreate',
        ok: 1,
        uid: 'u_x',
        data: { eventId: 'ev_intake_user', uid: 'u_x', name: 'New Person' },
      }),
    );
    expect(res.status).toBe(200);
    await sleep(150);
    expect(await snapshot()).toEqual(before);
  });
});

describe('operations endpoints', () => {
  it('GET /healthz answers 200', async () => {
    const res = await fetch(`${h.app.url}/healthz`);
    expect(res.status).toBe(200);
  });

  it('GET /privacy and /terms (linked from the app manifests) answer with text', async () => {
    for (const [path, words] of [
      ['/privacy', /what it stores/i],
      ['/terms', /terms of use/i],
    ] as const) {
      const res = await fetch(`${h.app.url}${path}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toMatch(words);
    }
  });

  it('GET /readyz answers 200 with database, redis and workers up', async () => {
    const res = await fetch(`${h.app.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, checks: { database: true, redis: true, workers: true } });
  });

  it('GET /metrics is Prometheus text with the events counter', async () => {
    const res = await fetch(`${h.app.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const body = await res.text();
    expect(body).toContain('# TYPE convrs_events_received_total counter');
    expect(body).toMatch(/^convrs_events_received_total\{[^}]*type="message"[^}]*\} [1-9]\d*$/m);
    // Mirroring latency, per-destination lag, scoring runs and queue depth are exported for dashboards.
    for (const name of [
      'mirror_latency_seconds',
      'destination_lag_seconds',
      'scoring_runs_total',
      'queue_depth',
      'convrs_events_pending',
      'convrs_events_pending_age_seconds',
      'convrs_events_applied_total',
    ])
      expect(body).toContain(`# TYPE ${name} `);
    expect(body).toMatch(/^mirror_latency_seconds_count\{surface="terminal"\} [1-9]\d*$/m);
    expect(body).toMatch(/^convrs_events_applied_total [1-9]\d*$/m);
  });

  it('GET /metrics counts the rejected deliveries in convrs_events_rejected_total', async () => {
    expect((await post('{oops')).status).toBe(400);
    expect((await post('{}', { url: hookUrl('?secret=nope') })).status).toBe(401);
    const body = await (await fetch(`${h.app.url}/metrics`)).text();
    expect(body).toMatch(/^convrs_events_rejected_total\{[^}]*\} [1-9]\d*$/m);
  });

  it('answers unknown paths with a JSON 404, not an HTML page or a stack', async () => {
    const res = await fetch(`${h.app.url}/convrs/webhook/../nope`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    expect(looksLikeStackTrace(await res.text())).toBe(false);
  });
});
