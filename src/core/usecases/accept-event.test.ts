// The Convrs event sink as a use case: events stored once, neutral (dates as dates), and applied from that form.
import { decodeEvent, encodeEvent } from '../event-codec';
import type { PlatformEvent } from '../events';
import type { NewInboxEvent } from '../ports';
import { acceptPlatformEvents } from './accept-event';

const at = new Date('2026-12-07T08:00:00.000Z');
const events: PlatformEvent[] = [
  {
    type: 'message',
    key: 'm-1',
    message: {
      mid: 'm1',
      conversationId: 'cv-1',
      role: 'customer',
      authorName: 'Ann',
      authorEmail: null,
      text: 'hi {"$date":"x"}',
      attachments: [],
      at,
      kind: 'message',
    },
  },
  {
    type: 'chat.assigned',
    key: 'a-1',
    conversationId: 'cv-1',
    agentEmail: 'bob@acme.test',
    agentName: 'Bob',
    businessUnit: 'Sales',
    reason: 'transfer',
    at,
  },
  { type: 'chat.finished', key: 'f-1', conversationId: 'cv-1', closedAt: at, messages: [] },
  {
    type: 'agent.status',
    key: 's-1',
    agent: {
      email: 'bob@acme.test',
      name: 'Bob',
      businessUnits: ['Sales'],
      permissions: ['Supervise'],
      status: 'Online',
      selfStatus: null,
      openChats: 1,
      maxChats: 3,
    },
  },
];

it('stores each event with its key, type and conversation, as the neutral event; ignored ones are not stored', async () => {
  const stored: NewInboxEvent[] = [];
  const counted: string[] = [];
  const sink = acceptPlatformEvents({
    store: async (e) => {
      stored.push(e);
      return { id: stored.length, fresh: stored.length !== 2 };
    },
    accepted: (type, fresh) => counted.push(`${type}:${fresh}`),
  });
  for (const e of events) await sink(e, { raw: 'Convrs envelope' });
  await sink({ type: 'ignored', key: 'i', name: 'onTyping' }, {});
  expect(stored.map((s) => [s.key, s.type, s.conversationId])).toEqual([
    ['m-1', 'message', 'cv-1'],
    ['a-1', 'chat.assigned', 'cv-1'],
    ['f-1', 'chat.finished', 'cv-1'],
    ['s-1', 'agent.status', null],
  ]);
  expect(counted).toEqual(['message:true', 'chat.assigned:false', 'chat.finished:true', 'agent.status:true']);
  // What the worker reads back is the event itself, dates included: no platform parser involved.
  expect(stored.map((s) => decodeEvent(s.payload))).toEqual(events);
  expect((decodeEvent(stored[0]!.payload) as Extract<PlatformEvent, { type: 'message' }>).message.at).toBeInstanceOf(
    Date,
  );
});

it('reads a row an earlier version stored raw only through the legacy reader it is given', () => {
  const raw = JSON.stringify({ cmd: 'onMessage', data: {} });
  expect(() => decodeEvent(raw)).toThrow('no stored event');
  expect(decodeEvent(raw, () => events[0]!)).toBe(events[0]);
  expect(
    decodeEvent(encodeEvent(events[1]!), () => {
      throw new Error('not called');
    }),
  ).toEqual(events[1]);
});
