// The coverage ranking: which uncovered chat comes first and the reasons it shows.
import { assessRisk, minutesText, rankUncovered, type RiskInput } from './coverage-risk';
import type { Chat } from './model';

const NOW = new Date('2026-12-07T10:00:00Z');
const ago = (min: number) => new Date(NOW.getTime() - min * 60_000);
const THRESHOLD = -0.3;

let nextId = 1;
function chat(over: Partial<Chat> = {}): Chat {
  const id = over.id ?? nextId++;
  return {
    id,
    ref: `C-${1000 + id}`,
    conversationId: `cv-${id}`,
    uid: `u-${id}`,
    channel: 'webchat',
    customerName: `Customer ${id}`,
    customerCountry: null,
    businessUnit: 'Sales',
    agentEmail: 'ann.lee@acme.test',
    agentName: 'Ann Lee',
    status: 'open',
    startedAt: ago(30),
    lastActivityAt: ago(1),
    closedAt: null,
    thumbs: null,
    state: 'open',
    inactive: false,
    sentimentScore: null,
    sentimentLabel: null,
    sentimentSource: null,
    sentimentAt: null,
    csat: null,
    csatReason: null,
    csatSource: null,
    csatAt: null,
    ...over,
  };
}
const answered = { customerAt: ago(29), agentAt: ago(28) };
const input = (over: Partial<Chat> = {}, extra: Partial<RiskInput> = {}): RiskInput => ({
  chat: chat(over),
  queuedSince: null,
  firstResponse: answered,
  ...extra,
});
const reasons = (i: RiskInput) => assessRisk(i, NOW, THRESHOLD).reasons;

describe('coverage reasons', () => {
  it('names each signal in a short phrase, in the order they weigh', () => {
    expect(
      reasons(
        input({ sentimentScore: -0.52, sentimentLabel: 'negative', inactive: true, lastActivityAt: ago(7), csat: 1.8 }),
      ),
    ).toEqual(['negative −0.52', 'inactive 7 min', 'predicted CSAT 1.8']);
    expect(reasons(input({ agentEmail: null, agentName: null }, { queuedSince: ago(3) }))).toEqual([
      'waiting for an agent 3 min',
    ]);
    expect(reasons(input({}, { firstResponse: { customerAt: ago(2.5), agentAt: null } }))).toEqual([
      'no first response for 2 min',
    ]);
  });

  it('reads a score at or below the alert threshold as negative, even before it is labelled', () => {
    expect(reasons(input({ sentimentScore: -0.3, sentimentLabel: 'neutral' }))).toEqual(['negative −0.30']);
    expect(reasons(input({ sentimentScore: -0.29, sentimentLabel: 'neutral' }))).toEqual(['last active 1 min ago']);
  });

  it('a queued chat waits since its start when nobody ever took it, and is not also "no first response"', () => {
    expect(
      reasons(
        input(
          { agentEmail: null, agentName: null, startedAt: ago(12) },
          { firstResponse: { customerAt: ago(12), agentAt: null } },
        ),
      ),
    ).toEqual(['waiting for an agent 12 min']);
  });

  it('a predicted CSAT above 2.5 is no reason; a chat with no signal says how long it has been idle', () => {
    expect(reasons(input({ csat: 2.6, lastActivityAt: ago(4) }))).toEqual(['last active 4 min ago']);
    expect(reasons(input({ csat: 2.5 }))).toEqual(['predicted CSAT 2.5']);
    expect(reasons(input({ lastActivityAt: ago(0.2) }))).toEqual(['active just now']);
  });

  it('prints minutes, hours and days', () => {
    expect([0, 59_999, 60_000, 59 * 60_000, 65 * 60_000, 25 * 3_600_000].map(minutesText)).toEqual([
      '<1 min',
      '<1 min',
      '1 min',
      '59 min',
      '1 h 05 min',
      '1 d 1 h',
    ]);
  });
});

describe('coverage ranking', () => {
  const order = (inputs: RiskInput[]) => rankUncovered(inputs, NOW, THRESHOLD).map((r) => r.ref);

  it('negative first, then inactive, then waiting for an agent, then no first response, then low CSAT, then the rest', () => {
    const calm = input({ lastActivityAt: ago(20) });
    const lowCsat = input({ csat: 2 });
    const unanswered = input({}, { firstResponse: { customerAt: ago(2), agentAt: null } });
    const queued = input({ agentEmail: null, agentName: null }, { queuedSince: ago(1) });
    const inactive = input({ inactive: true, lastActivityAt: ago(6) });
    const negative = input({ sentimentScore: -0.4, sentimentLabel: 'negative' });
    expect(order([calm, lowCsat, unanswered, queued, inactive, negative])).toEqual(
      [negative, inactive, queued, unanswered, lowCsat, calm].map((i) => i.chat.ref),
    );
  });

  it('signals add up, and a deeper negative outranks a shallower one', () => {
    const shallow = input({ sentimentScore: -0.35, sentimentLabel: 'negative' });
    const deep = input({ sentimentScore: -0.9, sentimentLabel: 'negative' });
    const shallowAndQuiet = input({
      sentimentScore: -0.35,
      sentimentLabel: 'negative',
      inactive: true,
      lastActivityAt: ago(6),
    });
    const quietQueued = input(
      { inactive: true, agentEmail: null, agentName: null, lastActivityAt: ago(6) },
      { queuedSince: ago(6) },
    );
    expect(order([shallow, quietQueued, deep, shallowAndQuiet])).toEqual(
      [shallowAndQuiet, deep, shallow, quietQueued].map((i) => i.chat.ref),
    );
  });

  it('between equal risks the one waiting longest comes first (queued or unanswered time counts), then the older ref', () => {
    const a = input({ agentEmail: null, agentName: null, lastActivityAt: ago(1) }, { queuedSince: ago(9) });
    const b = input({ agentEmail: null, agentName: null, lastActivityAt: ago(4) }, { queuedSince: ago(4) });
    const c1 = input({ id: 900, lastActivityAt: ago(3) });
    const c2 = input({ id: 901, lastActivityAt: ago(3) });
    expect(order([c2, b, c1, a])).toEqual([a, b, c1, c2].map((i) => i.chat.ref));
  });

  it('rows carry what a supervisor needs to pick one: ref, customer, unit, agent (none when queued), reasons', () => {
    const [row] = rankUncovered(
      [
        input(
          { id: 42, agentEmail: null, agentName: null, customerName: 'Jane Doe', businessUnit: 'Tech Support' },
          { queuedSince: ago(3) },
        ),
      ],
      NOW,
      THRESHOLD,
    );
    expect(row).toEqual({
      ref: 'C-1042',
      customerName: 'Jane Doe',
      businessUnit: 'Tech Support',
      agentName: null,
      lastActivityAt: ago(1),
      reasons: ['waiting for an agent 3 min'],
    });
  });
});
