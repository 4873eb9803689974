// Terminal `home`: what needs you now (counts, uncovered chats with full reasons and what to type), supervised, watched.
import type { ChatCardView, HomeView } from '../../src/core/views';
import { renderReply } from './render';

const card = (over: Partial<ChatCardView> = {}): ChatCardView => ({
  ref: 'C-1042',
  conversationId: 'cv_42',
  customerName: 'Jane Doe',
  customerCountry: 'DE',
  channel: 'WhatsApp',
  businessUnit: 'Sales',
  agent: { name: 'Ann Lee', email: 'ann.lee@acme.test', status: 'Online' },
  startedAt: new Date('2026-11-24T09:14:03Z'),
  lastActivityAt: new Date('2026-11-24T09:32:59Z'),
  inactive: true,
  sentiment: null,
  csat: null,
  thumbs: null,
  state: 'open',
  actions: ['unsupervise'],
  ...over,
});
const home = (over: Partial<HomeView> = {}): HomeView => ({
  coverage: {
    covered: 1,
    total: 4,
    businessUnits: ['Sales'],
    uncovered: [
      {
        ref: 'C-1003',
        customerName: 'Maria Jansen',
        businessUnit: 'Sales',
        agentName: 'Ann Lee',
        lastActivityAt: new Date(),
        reasons: ['negative −0.52', 'inactive 7 min', 'predicted CSAT 1.8'],
      },
      {
        ref: 'C-1004',
        customerName: 'Wei Chen',
        businessUnit: 'Sales',
        agentName: null,
        lastActivityAt: new Date(),
        reasons: ['waiting for an agent 3 min'],
      },
    ],
  },
  supervised: [card()],
  watches: [
    {
      id: 1,
      surface: 'terminal',
      destination: 'wall-sales',
      businessUnit: 'Sales',
      createdBy: 'sam.boss@acme.test',
      createdAt: new Date(),
    },
  ],
  ...over,
});
const render = (h: HomeView) => renderReply({ type: 'home', home: h });

describe('terminal home', () => {
  it('lists the uncovered chats riskiest first with every reason and `supervise` to type, then supervised chats and watched units', () => {
    expect(render(home()).split('\n')).toEqual(
      [
        'What needs you now',
        '1 of 4 open chats covered',
        '  C-1003  Maria Jansen · Sales · Ann Lee — negative −0.52, inactive 7 min, predicted CSAT 1.8  → supervise C-1003',
        '  C-1004  Wei Chen · Sales · (queue) — waiting for an agent 3 min  → supervise C-1004',
        '…and 1 more: type `coverage`',
        'My Supervised Chats',
        '  Chat    Customer  BU     Agent             State           ',
        '  ──────  ────────  ─────  ────────────────  ──────────────  ────────────────────',
        '  C-1042  Jane Doe  Sales  Ann Lee (Online)  open, inactive  → unsupervise C-1042',
        'Watched business units',
        '  Sales in wall-sales',
      ].map((l) => l.trimEnd()),
    );
  });

  it('says when all are covered, names the permission when open chats are not theirs to see, and shows what to do when empty', () => {
    expect(render(home({ coverage: { covered: 4, total: 4, businessUnits: 'all', uncovered: [] } }))).toContain(
      '4 of 4 open chats covered\nAll 4 open chats are covered.',
    );
    const text = render(
      home({ coverage: null, coverageNote: 'Needs "Supervise Open Chats".', supervised: [], watches: [] }),
    );
    expect(text).toContain('What needs you now\nNeeds "Supervise Open Chats".');
    expect(text).toContain('You are not supervising any chat.');
    expect(text).toContain('No business unit is watched.');
    expect(render(home({ coverage: null, unmapped: 'Your account is not a Convrs agent.' }))).not.toContain(
      'What needs you now',
    );
  });
});
