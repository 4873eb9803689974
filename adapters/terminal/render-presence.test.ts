// Who is on a chat, on the terminal chat card: one line under the scores.
import type { ChatCardView, ChatPresenceView } from '../../src/core/views';
import { renderCard } from './render-card';

const card = (presence?: ChatPresenceView): ChatCardView => ({
  ref: 'C-1042',
  conversationId: 'cv_42',
  customerName: 'Jane Doe',
  customerCountry: null,
  channel: 'webchat',
  businessUnit: 'Sales',
  agent: { name: 'Ann Lee', email: 'ann.lee@acme.test', status: 'Online' },
  startedAt: new Date('2026-11-24T09:14:03Z'),
  lastActivityAt: new Date('2026-11-24T09:32:59Z'),
  inactive: false,
  sentiment: null,
  csat: null,
  thumbs: null,
  state: 'open',
  actions: ['transfer', 'finish', 'unsupervise'],
  ...(presence ? { presence } : {}),
});

describe('the terminal chat card says who is on the chat', () => {
  it('"Supervised by …· walls: …· last whisper by … at HH:MM UTC", walls elsewhere marked', () => {
    const text = renderCard(
      card({
        supervisors: [
          { name: 'Sam Boss', surface: 'terminal' },
          { name: 'sue.sales@acme.test', surface: 'slack' },
        ],
        walls: [
          { surface: 'terminal', destination: 'tty', unit: 'Sales', name: null },
          { surface: 'teams', destination: '19:x', unit: 'Sales', name: 'Floor' },
        ],
        lastWhisper: { by: 'Sam Boss', at: new Date('2026-11-24T14:02:41Z') },
      }),
    );
    expect(text.split('\n')).toContain(
      '│ Supervised by Sam Boss, sue.sales@acme.test · walls: Sales, Sales on Teams · last whisper by Sam Boss at 14:02 UTC',
    );
    expect(text.split('\n').at(-1)).toMatch(/^╰─ /);
  });

  it('"Nobody supervises this chat"; five names at most', () => {
    expect(renderCard(card({ supervisors: [], walls: [], lastWhisper: null }))).toContain(
      '│ Nobody supervises this chat\n╰─',
    );
    const many = renderCard(
      card({
        supervisors: Array.from({ length: 9 }, (_, i) => ({ name: `S${i}`, surface: 'terminal' as const })),
        walls: [],
        lastWhisper: null,
      }),
    );
    expect(many).toContain('│ Supervised by S0, S1, S2, S3, S4 and 4 more\n');
  });

  it('a card without presence prints as before', () => {
    expect(renderCard(card())).not.toMatch(/Supervised|Nobody/);
  });
});
