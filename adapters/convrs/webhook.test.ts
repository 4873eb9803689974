// Tests for the webhook router through a real express app and real HTTP requests.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import pino from 'pino';
import type { PlatformEvent } from '../../src/core/events';
import message from './fixtures/message.json';
import start from './fixtures/conversation-start.json';
import userUpdate from './fixtures/user-update.json';
import { defaultProfile as profile } from './profile';
import { createConvrsWebhookRouter } from './webhook';

const SECRET = 'hook-secret-42';
let server: Server;
let base: string;
let received: { event: PlatformEvent; raw: unknown }[];
let sinkFails: boolean;
const logs: string[] = [];

beforeAll(async () => {
  const app = express();
  const logger = pino({ level: 'debug' }, { write: (l: string) => logs.push(l) });
  app.use(
    createConvrsWebhookRouter({
      secret: SECRET,
      profile,
      logger,
      maxBodyBytes: 4096,
      sink: async (event, raw) => {
        if (sinkFails) throw new Error('database is locked');
        received.push({ event, raw });
      },
    }),
  );
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));
beforeEach(() => {
  received = [];
  sinkFails = false;
  logs.length = 0;
});

const post = async (body: unknown, opts: { query?: string; headers?: Record<string, string>; raw?: string } = {}) => {
  const res = await fetch(`${base}/convrs/webhook${opts.query ?? `?secret=${SECRET}`}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...opts.headers },
    body: opts.raw ?? JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as unknown };
};

describe('secret', () => {
  it.each([
    ['missing', ''],
    ['wrong', '?secret=nope'],
    ['empty', '?secret='],
  ])('401 when %s', async (_what, query) => {
    expect(await post(message, { query })).toEqual({
      status: 401,
      body: { ok: 0, error: 'missing or wrong webhook secret' },
    });
    expect(received).toHaveLength(0);
  });

  it('is checked before the body is parsed', async () => {
    expect((await post(null, { query: '', raw: '{not json' })).status).toBe(401);
  });

  it('accepts the X-Convrs-Secret header', async () => {
    expect(await post(message, { query: '', headers: { 'X-Convrs-Secret': SECRET } })).toEqual({
      status: 200,
      body: { ok: 1 },
    });
    expect(received).toHaveLength(1);
  });
});

describe('body', () => {
  it('400 on malformed JSON, whatever the content type', async () => {
    expect(await post(null, { raw: '{"cmd": "onMessage",', headers: { 'content-type': 'text/plain' } })).toEqual({
      status: 400,
      body: { ok: 0, error: 'malformed JSON body' },
    });
  });

  it('413 when too large', async () => {
    const big = { ...message, data: { ...message.data, text: 'x'.repeat(5000) } };
    expect(await post(big)).toEqual({ status: 413, body: { ok: 0, error: 'body larger than 4096 bytes' } });
  });

  it('422 naming the missing field', async () => {
    const bad = { ...message, data: { ...message.data, timestamp: undefined } };
    expect(await post(bad)).toEqual({ status: 422, body: { ok: 0, error: 'onMessage: data.timestamp is required' } });
    expect(received).toHaveLength(0);
  });
});

describe('delivery', () => {
  it('200 and the sink gets the translated event and the raw envelope', async () => {
    expect(await post(message)).toEqual({ status: 200, body: { ok: 1 } });
    expect(received).toHaveLength(1);
    expect(received[0].event).toMatchObject({
      type: 'message',
      key: 'evt-7f3a1c20-0002',
      message: { mid: 'm-9001877', at: new Date('2026-03-02T09:14:31.207Z') },
    });
    expect(received[0].raw).toEqual(message);
  });

  it('200 for ignored events, without troubling the sink', async () => {
    expect(await post(userUpdate)).toEqual({ status: 200, body: { ok: 1 } });
    expect(received).toHaveLength(0);
  });

  it('503 when the sink throws, and the log holds no message text', async () => {
    sinkFails = true;
    expect(await post(message)).toEqual({
      status: 503,
      body: { ok: 0, error: 'temporarily unable to accept events, retry' },
    });
    expect(logs.join('')).toContain('database is locked');
    expect(logs.join('')).not.toContain('charged twice');
  });
});

describe('batches', () => {
  it('delivers every event of a valid batch in order', async () => {
    expect(await post([start, message, userUpdate])).toEqual({ status: 200, body: { ok: 1 } });
    expect(received.map((r) => r.event.type)).toEqual(['chat.started', 'message']);
  });

  /** Posts `body` to a router of its own with this sink; `meanwhile` runs while the request is open. */
  async function postWith(sink: (e: PlatformEvent) => Promise<void>, body: unknown, meanwhile?: () => Promise<void>) {
    const app = express();
    app.use(createConvrsWebhookRouter({ secret: SECRET, profile, logger: pino({ level: 'silent' }), sink }));
    const srv = app.listen(0, '127.0.0.1');
    await new Promise((r) => srv.once('listening', r));
    try {
      const answer = fetch(`http://127.0.0.1:${(srv.address() as AddressInfo).port}/convrs/webhook?secret=${SECRET}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      await meanwhile?.();
      return (await answer).status;
    } finally {
      await new Promise((r) => srv.close(r));
    }
  }

  it('hands all events of a delivery to the sink at once, in order, and answers after every one is accepted', async () => {
    const calls: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const status = await postWith(
      async (event) => {
        calls.push(event.type);
        await gate;
      },
      [start, message],
      async () => {
        while (calls.length < 2) await new Promise((r) => setTimeout(r, 5));
        expect(calls).toEqual(['chat.started', 'message']);
        release();
      },
    );
    expect(status).toBe(200);
  });

  it('503 when any event of a delivery is not accepted', async () => {
    let n = 0;
    expect(
      await postWith(async () => {
        if (++n === 2) throw new Error('database is locked');
      }, [start, message]),
    ).toBe(503);
    expect(n).toBe(2);
  });

  it('is all or nothing: one invalid envelope → 422 and nothing reaches the sink', async () => {
    const bad = { ...start, data: { ...start.data, startedAt: '02/03/2026' } };
    const r = await post([message, bad]);
    expect(r.status).toBe(422);
    expect(r.body).toEqual({
      ok: 0,
      error: expect.stringMatching(/^\[1\] onConversationStart: data\.startedAt is not a Convrs datetime/),
    });
    expect(received).toHaveLength(0);
  });
});
