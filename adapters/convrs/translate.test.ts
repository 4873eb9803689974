// Tests for Convrs object schemas and their translation to domain types.
import { ZodError } from 'zod';
import agents from './fixtures/get-agents.json';
import open from './fixtures/get-open-conversations.json';
import message from './fixtures/message.json';
import { describeZodError, messageSchema, toAgent, toChatSnapshot, toMessage } from './translate';

describe('toChatSnapshot', () => {
  it('translates a full conversation', () => {
    expect(toChatSnapshot(open.data[0])).toEqual({
      conversationId: 'c-104233',
      uid: 'u-58213',
      channel: 'whatsapp',
      customerName: 'Maria Lopez',
      customerCountry: 'ES',
      businessUnit: 'Billing',
      agentEmail: 'jan.devries@example.com',
      agentName: 'Jan de Vries',
      status: 'open',
      startedAt: new Date('2026-03-02T09:14:05Z'),
      lastActivityAt: new Date('2026-03-02T09:29:10Z'),
      closedAt: null,
      thumbs: null,
    });
  });

  it('is lenient with optional fields and numeric ids', () => {
    const chat = toChatSnapshot(open.data[1]);
    expect(chat).toMatchObject({
      conversationId: '104251',
      customerCountry: null,
      agentEmail: null,
      agentName: null,
      thumbs: null,
    });
    expect(chat.lastActivityAt).toEqual(chat.startedAt);
  });

  it('derives status from closedAt when missing', () => {
    const chat = toChatSnapshot({
      conversationId: 'c1',
      startedAt: '2026-01-01T00:00:00',
      closedAt: '2026-01-01T01:00:00',
    });
    expect(chat).toMatchObject({
      status: 'closed',
      customerName: 'Unknown customer',
      channel: 'unknown',
      businessUnit: '',
    });
  });

  it('requires conversationId and startedAt', () => {
    expect(() => toChatSnapshot({ startedAt: '2026-01-01T00:00:00' })).toThrow(ZodError);
    expect(() => toChatSnapshot({ conversationId: 'c1' })).toThrow(ZodError);
  });
});

describe('toMessage', () => {
  it('translates sender, author, attachments and timestamp', () => {
    expect(toMessage(message.data)).toEqual({
      mid: 'm-9001877',
      conversationId: 'c-104233',
      role: 'customer',
      authorName: 'Maria Lopez',
      authorEmail: null,
      text: 'I was charged twice for March, can you fix it?',
      attachments: [
        { name: 'invoice-march.pdf', url: 'https://files.conv.rs/a/5d1e/invoice-march.pdf', mime: 'application/pdf' },
      ],
      at: new Date('2026-03-02T09:14:31.207Z'),
      kind: 'message',
    });
  });

  it('defaults attachments, text and author name', () => {
    const m = toMessage({
      mid: 1,
      conversationId: 'c1',
      sender: 'whisper',
      author: { email: 'a@x.io' },
      timestamp: '2026-01-01T00:00:00Z',
    });
    expect(m).toMatchObject({
      mid: '1',
      role: 'whisper',
      authorName: 'a@x.io',
      authorEmail: 'a@x.io',
      text: '',
      attachments: [],
    });
  });

  it('names an attachment from its url when the name is missing', () => {
    const m = toMessage({ ...message.data, attachments: [{ url: 'https://f.io/x/photo.jpg' }] });
    expect(m.attachments).toEqual([{ name: 'photo.jpg', url: 'https://f.io/x/photo.jpg' }]);
  });

  it('rejects an unknown sender and a missing timestamp', () => {
    expect(() => toMessage({ ...message.data, sender: 'robot' })).toThrow(ZodError);
    expect(() => toMessage({ ...message.data, timestamp: undefined })).toThrow(ZodError);
  });
});

describe('toAgent', () => {
  it('translates agents and defaults the optional fields', () => {
    expect(toAgent(agents.data[0])).toEqual({
      email: 'jan.devries@example.com',
      name: 'Jan de Vries',
      businessUnits: ['Billing', 'Sales'],
      permissions: [],
      status: 'Online',
      selfStatus: null,
      openChats: 2,
      maxChats: 4,
    });
    expect(toAgent(agents.data[1])).toMatchObject({
      permissions: ['Supervise', 'All Chats'],
      selfStatus: null,
      openChats: 0,
      maxChats: 0,
    });
  });

  it('rejects an unknown status', () => {
    expect(() => toAgent({ email: 'a@x.io', status: 'Sleeping' })).toThrow(ZodError);
  });
});

describe('describeZodError', () => {
  const reason = (raw: unknown) => {
    const r = messageSchema.safeParse(raw);
    if (r.success) throw new Error('expected a failure');
    return describeZodError(r.error, raw);
  };
  const base = { mid: 'm1', conversationId: 'c1', sender: 'agent', timestamp: '2026-01-01T00:00:00' };

  it('names missing, mistyped, out-of-set and malformed fields', () => {
    expect(reason({ ...base, timestamp: undefined })).toBe('data.timestamp is required');
    expect(reason({ ...base, text: 5 })).toBe('data.text must be a string');
    expect(reason({ ...base, sender: 'robot' })).toMatch(/^data\.sender must be one of "customer", "agent"/);
    expect(reason({ ...base, timestamp: '2026-01-01 00:00' })).toMatch(/^data\.timestamp is not a Convrs datetime/);
    expect(reason({ ...base, attachments: [{ name: 'x' }] })).toBe('data.attachments[0].url is required');
  });
});
