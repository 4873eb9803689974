// Tests for the Convrs HTTP client against nock: body shape, translation, refusals, retries, timeouts.
import nock from 'nock';
import pino from 'pino';
import { AppError } from '../../src/core/errors';
import agents from './fixtures/get-agents.json';
import conversation from './fixtures/get-conversation.json';
import open from './fixtures/get-open-conversations.json';
import { createConvrsClient } from './client';
import { defaultProfile as profile } from './profile';

const API = 'https://data.conv.rs';
const TOKEN = 'org-token-s3cr3t';
const client = (o: { retries?: number; timeoutMs?: number; logger?: pino.Logger } = {}) =>
  createConvrsClient({ apiUrl: `${API}/api`, token: TOKEN, profile, backoffMs: 1, ...o });
const failure = async (p: Promise<unknown>): Promise<AppError> => {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected a failure');
};

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  jest.restoreAllMocks();
});
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});

describe('commands', () => {
  it('POSTs one flat JSON body with the token and no Authorization header', async () => {
    let seen: unknown;
    nock(API, { badheaders: ['authorization'] })
      .post('/api', (b) => {
        seen = b;
        return true;
      })
      .matchHeader('content-type', /application\/json/)
      .reply(200, open);
    const chats = await client().getOpenConversations();
    expect(seen).toEqual({ token: TOKEN, cmd: 'GetOpenConversations' });
    expect(chats.map((c) => c.conversationId)).toEqual(['c-104233', '104251']);
  });

  it('GetConversation returns the chat and its messages', async () => {
    nock(API)
      .post('/api', { token: TOKEN, cmd: 'GetConversation', conversationId: 'c-104233' })
      .reply(200, conversation);
    const { chat, messages } = await client().getConversation('c-104233');
    expect(chat.agentEmail).toBe('jan.devries@example.com');
    expect(messages.map((m) => [m.mid, m.conversationId, m.role])).toEqual([
      ['m-9001877', 'c-104233', 'customer'],
      ['m-9001899', 'c-104233', 'whisper'],
    ]);
  });

  it('GetConversations sends Convrs dates and the filters', async () => {
    nock(API)
      .post('/api', {
        token: TOKEN,
        cmd: 'GetConversations',
        from: '2026-03-01T00:00:00.000',
        to: '2026-03-02T23:59:59.999',
        status: 'closed',
        agent: 'jan.devries@example.com',
        page: 2,
        pageSize: 25,
      })
      .reply(200, { cmd: 'GetConversations', ok: 1, data: { items: [open.data[1]], total: 26 } });
    const r = await client().getConversations({
      from: new Date('2026-03-01T00:00:00Z'),
      to: new Date('2026-03-02T23:59:59.999Z'),
      status: 'closed',
      agentEmail: 'jan.devries@example.com',
      page: 2,
      pageSize: 25,
    });
    expect(r.total).toBe(26);
    expect(r.items[0].conversationId).toBe('104251');
  });

  it('GetAgents and GetBusinessUnits', async () => {
    nock(API)
      .post('/api', { token: TOKEN, cmd: 'GetAgents' })
      .reply(200, agents)
      .post('/api', { token: TOKEN, cmd: 'GetBusinessUnits' })
      .reply(200, { cmd: 'GetBusinessUnits', ok: 1, data: [{ name: 'Billing' }, { name: 'Sales' }] });
    const c = client();
    expect((await c.getAgents()).map((a) => a.email)).toEqual([
      'jan.devries@example.com',
      'ana.supervisor@example.com',
    ]);
    expect(await c.getBusinessUnits()).toEqual(['Billing', 'Sales']);
  });

  it('SendWhisper, TransferConversation and FinishConversation name the supervisor', async () => {
    const closed = { ...open.data[0], status: 'closed', closedAt: '2026-03-02T10:00:00' };
    nock(API)
      .post('/api', {
        token: TOKEN,
        cmd: 'SendWhisper',
        conversationId: 'c-104233',
        text: 'Offer a refund',
        by: 'ana@x.io',
      })
      .reply(200, { cmd: 'SendWhisper', ok: 1, data: { mid: 9002000 } })
      .post('/api', {
        token: TOKEN,
        cmd: 'TransferConversation',
        conversationId: 'c-104233',
        toBusinessUnit: 'Sales',
        by: 'ana@x.io',
      })
      .reply(200, { cmd: 'TransferConversation', ok: 1, data: { ...open.data[0], businessUnit: 'Sales', agent: null } })
      .post('/api', { token: TOKEN, cmd: 'FinishConversation', conversationId: 'c-104233', by: 'ana@x.io' })
      .reply(200, { cmd: 'FinishConversation', ok: 1, data: closed });
    const c = client();
    expect(await c.sendWhisper('c-104233', 'Offer a refund', 'ana@x.io')).toEqual({ mid: '9002000' });
    expect(await c.transfer('c-104233', { businessUnit: 'Sales' }, 'ana@x.io')).toMatchObject({
      businessUnit: 'Sales',
      agentEmail: null,
    });
    expect(await c.finish('c-104233', 'ana@x.io')).toMatchObject({ status: 'closed' });
    expect(nock.isDone()).toBe(true);
  });

  it('refuses a transfer without a target before calling Convrs', async () => {
    expect((await failure(client().transfer('c1', {}, 'ana@x.io'))).code).toBe('bad_input');
  });
});

describe('errors', () => {
  it.each([200, 400, 404])('ok: 0 with HTTP %i surfaces the text and is never retried', async (status) => {
    const scope = nock(API)
      .post('/api')
      .times(1)
      .reply(status, { cmd: 'SendWhisper', ok: 0, error: 'Conversation is closed' });
    const e = await failure(client().sendWhisper('c1', 'hi', 'ana@x.io'));
    expect(e).toMatchObject({
      code: 'platform_refused',
      retryable: false,
      userMessage: 'Convrs says: Conversation is closed',
    });
    expect(scope.isDone()).toBe(true);
  });

  it('another 4xx without an ok body is refused with its status', async () => {
    nock(API).post('/api').reply(403, 'Forbidden');
    const e = await failure(client().getAgents());
    expect(e).toMatchObject({ code: 'platform_refused', userMessage: 'Convrs refused the request (HTTP 403).' });
  });

  it('a 2xx answer without ok: 1 or with unreadable data is refused', async () => {
    nock(API)
      .post('/api')
      .reply(200, '<html>maintenance</html>')
      .post('/api')
      .reply(200, { ok: 1, data: [{ email: 'a@x.io' }] });
    expect((await failure(client().getAgents())).code).toBe('platform_refused');
    const e = await failure(client().getAgents());
    expect(e).toMatchObject({ code: 'platform_refused', message: 'GetAgents: data[0].status is required' });
  });

  it('retries 5xx and 429 (with Retry-After) and then succeeds', async () => {
    nock(API)
      .post('/api')
      .reply(502)
      .post('/api')
      .reply(429, '', { 'Retry-After': '0' })
      .post('/api')
      .reply(200, agents);
    expect(await client().getAgents()).toHaveLength(2);
    expect(nock.isDone()).toBe(true);
  });

  it('honours Retry-After on 429', async () => {
    nock(API)
      .post('/api')
      .reply(429, { ok: 0, error: 'slow down' }, { 'Retry-After': '1' })
      .post('/api')
      .reply(200, agents);
    const t0 = Date.now();
    await client().getAgents();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
  });

  it('gives up after `retries` retries with platform_unavailable', async () => {
    const scope = nock(API).post('/api').times(3).reply(503);
    const e = await failure(client({ retries: 2 }).getOpenConversations());
    expect(e).toMatchObject({
      code: 'platform_unavailable',
      retryable: true,
      userMessage: 'Convrs is not answering right now. Please try again in a minute.',
    });
    expect(scope.isDone()).toBe(true);
  });

  it('retries network errors', async () => {
    nock(API).post('/api').times(2).replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
    expect((await failure(client({ retries: 1 }).getAgents())).code).toBe('platform_unavailable');
    nock(API).post('/api').replyWithError('boom').post('/api').reply(200, agents);
    expect(await client({ retries: 1 }).getAgents()).toHaveLength(2);
  });

  it('times out a slow answer', async () => {
    nock(API).post('/api').delay(300).reply(200, agents);
    const e = await failure(client({ retries: 0, timeoutMs: 50 }).getAgents());
    expect(e).toMatchObject({ code: 'platform_unavailable', message: 'GetAgents: timed out after 50 ms (1 attempts)' });
  });
});

it('never logs the token, nor message text above debug', async () => {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (l: string) => lines.push(l) });
  nock(API)
    .post('/api')
    .reply(429)
    .post('/api')
    .reply(200, { ok: 1, data: { mid: 'm1' } });
  await client({ logger }).sendWhisper('c1', 'very private words', 'ana@x.io');
  expect(lines.length).toBeGreaterThan(0);
  expect(lines.join('')).not.toMatch(/s3cr3t|very private/);
});

describe('commands that change something are never sent twice', () => {
  it('does not resend a whisper after a 500 (Convrs may have acted on it)', async () => {
    const scope = nock(API).post('/api').reply(500);
    const e = await failure(client({ retries: 3 }).sendWhisper('c1', 'hi', 'ana@x.io'));
    expect(e).toMatchObject({ code: 'platform_unavailable' });
    expect(scope.isDone()).toBe(true);
    expect(nock.pendingMocks()).toHaveLength(0);
  });

  it('does not resend a finish after a timeout', async () => {
    let calls = 0;
    nock(API)
      .post('/api')
      .times(3)
      .delay(200)
      .reply(200, () => (calls++, { ok: 1, data: {} }));
    const e = await failure(client({ retries: 3, timeoutMs: 50 }).finish('c1', 'ana@x.io'));
    expect(e).toMatchObject({ code: 'platform_unavailable' });
    await new Promise((r) => setTimeout(r, 250));
    expect(calls).toBe(1);
    nock.cleanAll();
  });

  it('resends a transfer after a 429, which Convrs did not act on', async () => {
    const conv = JSON.parse(JSON.stringify(require('./fixtures/get-conversation.json').data));
    delete conv.messages;
    nock(API).post('/api').reply(429, '', { 'retry-after': '0' }).post('/api').reply(200, { ok: 1, data: conv });
    const chat = await client({ retries: 2 }).transfer(conv.conversationId, { businessUnit: 'Sales' }, 'ana@x.io');
    expect(chat.conversationId).toBe(conv.conversationId);
  });
});
