// Tests for turning Convrs event envelopes into PlatformEvents.
import { AppError } from '../../src/core/errors';
import agentStatus from './fixtures/agent-status.json';
import assign from './fixtures/conversation-assign.json';
import start from './fixtures/conversation-start.json';
import feedback from './fixtures/feedback.json';
import message from './fixtures/message.json';
import finished from './fixtures/user-conversation.json';
import userUpdate from './fixtures/user-update.json';
import { parseEvent } from './events';
import { defaultProfile as profile } from './profile';

const now = () => new Date('2026-03-02T12:00:00Z');
const parse = (env: unknown) => parseEvent(env, profile, now);
const withoutEventId = <T extends { data: object }>(env: T) => {
  const { eventId: _ignored, ...data } = env.data as { eventId?: string };
  return { ...env, data };
};
const badInput = (env: unknown): string => {
  try {
    parse(env);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('bad_input');
    return (e as AppError).message;
  }
  throw new Error('expected bad_input');
};

describe('parseEvent', () => {
  it('onConversationStart → chat.started', () => {
    const e = parse(start);
    expect(e).toMatchObject({
      type: 'chat.started',
      key: 'evt-7f3a1c20-0001',
      chat: { conversationId: 'c-104233', businessUnit: 'Billing', agentEmail: null },
    });
  });

  it('takes the customer uid from the envelope when the conversation omits it', () => {
    const { uid: _u, ...data } = start.data;
    const e = parse({ ...start, data });
    expect(e.type === 'chat.started' && e.chat.uid).toBe('u-58213');
  });

  it('onMessage → message', () => {
    expect(parse(message)).toMatchObject({
      type: 'message',
      key: 'evt-7f3a1c20-0002',
      message: { mid: 'm-9001877', role: 'customer', kind: 'message' },
    });
  });

  it('onConversationAssign → chat.assigned', () => {
    expect(parse(assign)).toEqual({
      type: 'chat.assigned',
      key: 'evt-7f3a1c20-0003',
      conversationId: 'c-104233',
      agentEmail: 'jan.devries@example.com',
      agentName: 'Jan de Vries',
      businessUnit: 'Billing',
      reason: 'transfer',
      at: new Date('2026-03-02T09:16:02Z'),
    });
  });

  it('onUserConversation → chat.finished with its messages', () => {
    const e = parse(finished);
    expect(e).toMatchObject({
      type: 'chat.finished',
      key: 'evt-7f3a1c20-0009',
      conversationId: 'c-104233',
      closedAt: new Date('2026-03-02T09:31:40Z'),
    });
    if (e.type !== 'chat.finished') throw new Error('wrong type');
    expect(e.messages.map((m) => [m.mid, m.conversationId, m.role])).toEqual([
      ['m-9001877', 'c-104233', 'customer'],
      ['m-9001902', 'c-104233', 'agent'],
    ]);
  });

  it('onFeedback → feedback', () => {
    expect(parse(feedback)).toEqual({
      type: 'feedback',
      key: 'evt-7f3a1c20-0010',
      conversationId: 'c-104233',
      thumbs: 'up',
      comment: 'Quick and friendly',
      at: new Date('2026-03-02T09:32:05Z'),
    });
  });

  it('onAgentStatus → agent.status', () => {
    expect(parse(agentStatus)).toMatchObject({
      type: 'agent.status',
      key: 'evt-7f3a1c20-0011',
      agent: { email: 'jan.devries@example.com', status: 'Busy', selfStatus: 'Lunch' },
    });
  });

  it('other on* events are ignored', () => {
    expect(parse(userUpdate)).toMatchObject({ type: 'ignored', name: 'onUserUpdate' });
  });

  it('follows the profile when names are overridden', () => {
    const custom = { ...profile, events: { ...profile.events, message: 'onChatMessage' } };
    expect(parseEvent({ ...message, cmd: 'onChatMessage' }, custom).type).toBe('message');
    expect(parseEvent(message, custom).type).toBe('ignored');
  });

  describe('keys without eventId', () => {
    it('derive from cmd, ids and timestamp', () => {
      expect(parse(withoutEventId(message)).key).toBe('onMessage|c-104233|m-9001877|2026-03-02T09:14:31.207Z');
      expect(parse(withoutEventId(start)).key).toBe('onConversationStart|c-104233|2026-03-02T09:14:05.000Z');
      expect(parse(withoutEventId(assign)).key).toBe(
        'onConversationAssign|c-104233|jan.devries@example.com|2026-03-02T09:16:02.000Z',
      );
      expect(parse(withoutEventId(finished)).key).toBe('onUserConversation|c-104233|2026-03-02T09:31:40.000Z');
    });

    it('are stable across redeliveries, and differ between events', () => {
      const a = parse(withoutEventId(agentStatus)).key;
      expect(parseEvent(withoutEventId(agentStatus), profile).key).toBe(a);
      expect(a).toMatch(/^onAgentStatus\|jan\.devries@example\.com\|[0-9a-f]{16}$/);
      expect(parse(withoutEventId({ ...agentStatus, data: { ...agentStatus.data, status: 'Online' } })).key).not.toBe(
        a,
      );
      expect(parse(withoutEventId(userUpdate)).key).toBe(parse(withoutEventId(userUpdate)).key);
    });
  });

  it('uses the receive time when assign or feedback carry no timestamp', () => {
    const { timestamp: _t, ...data } = feedback.data;
    expect(parse({ ...feedback, data })).toMatchObject({ at: now(), comment: 'Quick and friendly' });
  });

  describe('bad input', () => {
    it.each([
      ['envelope: must be a JSON object with cmd, ok and data', null],
      ['envelope: cmd is required', { ok: 1, data: {} }],
      ['envelope: cmd "GetUser" is not an event (events start with "on")', { cmd: 'GetUser', ok: 1, data: {} }],
      ['onMessage: ok is 0 (Unknown user)', { cmd: 'onMessage', ok: 0, error: 'Unknown user' }],
      [
        'onMessage: data.timestamp is required',
        { cmd: 'onMessage', ok: 1, data: { ...message.data, timestamp: undefined } },
      ],
      ['onMessage: data is required', { cmd: 'onMessage', ok: 1 }],
      [
        'onConversationStart: data.conversationId is required',
        { cmd: 'onConversationStart', ok: 1, data: { ...start.data, conversationId: undefined } },
      ],
      [
        'onFeedback: data.thumbs must be one of "up", "down"',
        { cmd: 'onFeedback', ok: 1, data: { conversationId: 'c1', thumbs: 'meh' } },
      ],
      [
        'onUserConversation: data.closedAt is required',
        { cmd: 'onUserConversation', ok: 1, data: { ...finished.data, closedAt: undefined } },
      ],
      [
        'onAgentStatus: data.email is required',
        { cmd: 'onAgentStatus', ok: 1, data: { ...agentStatus.data, email: undefined } },
      ],
    ])('%s', (reason, env) => {
      expect(badInput(env)).toBe(reason);
    });

    it('names the message inside a finished conversation', () => {
      const messages = [finished.data.messages[0], { ...finished.data.messages[1], timestamp: 'soon' }];
      expect(badInput({ ...finished, data: { ...finished.data, messages } })).toMatch(
        /^onUserConversation: data\.messages\[1\]\.timestamp is not a Convrs datetime/,
      );
    });
  });
});
