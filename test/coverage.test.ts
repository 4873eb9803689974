// `coverage` and `home` end to end on the terminal: N of M counts supervised chats, walls and neither, an ended thread
// stops covering, the riskiest chat comes first, scopes and permissions are checked when the command runs.
import type { TerminalRecord } from '../adapters/terminal/surface';
import type { Chat } from '../src/core/model';
import type { ListPageView } from '../src/core/views';
import { ask } from './flow-helpers';
import { startHarness, waitFor, type Harness } from './harness';

describe('coverage and home (terminal)', () => {
  let h: Harness;
  const chats: Record<string, Chat> = {};

  /** A chat of `unit` (with Ann, Dan, or in the queue), stored with its agent. */
  async function start(
    name: string,
    unit: string,
    o: { agentEmail?: string; queued?: boolean; opener?: string } = {},
  ): Promise<Chat> {
    const conv = h.sim.control.startChat({ businessUnit: unit, ...o });
    const chat = await waitFor(`${name} stored`, async () => {
      const c = await h.app.store.chats.byConversationId(conv.conversationId);
      return c && (c.agentEmail ?? null) === (conv.agent?.email ?? null) ? c : null;
    });
    return (chats[name] = chat);
  }

  const list = (r: TerminalRecord): ListPageView => {
    if (r.view?.type !== 'list') throw new Error(`expected a list, got: ${r.text}`);
    return r.view.page;
  };
  const refsOf = (p: ListPageView) => p.rows.map((r) => r.chatRef);

  beforeAll(async () => {
    h = await startHarness({ env: { SCORE_DEBOUNCE_SECONDS: '1' } });
    await start('cs1', 'Customer Support', { agentEmail: 'carla.diaz@acme.test' });
    await start('cs2', 'Customer Support', { agentEmail: 'carla.diaz@acme.test' });
    await start('s1', 'Sales', { agentEmail: 'ann.lee@acme.test' });
    await start('s2', 'Sales', {
      agentEmail: 'ann.lee@acme.test',
      opener: 'This is terrible and useless, I am furious!! Worst service ever.',
    });
    await start('s3', 'Sales', { queued: true });
    await start('t1', 'Tech Support', { agentEmail: 'dan.okafor@acme.test' });
  }, 30_000);
  afterAll(async () => h?.stop());

  it('counts chats nobody mirrors, then supervised and walled ones as covered; the riskiest comes first with its reasons', async () => {
    const before = list(await ask(h, 'sam', 'coverage', 'tty-sam'));
    expect(before.title).toBe('0 of 6 open chats covered');
    expect(before.rows).toHaveLength(6);

    await ask(h, 'sam', 'watch bu:"Customer Support"', 'wall-cs');
    await ask(h, 'sue', `supervise ${chats.s1.ref}`, 'tty-sue');
    await waitFor(
      's2 scored negative',
      async () => (await h.app.store.chats.get(chats.s2.id))?.sentimentLabel === 'negative',
      15_000,
    );

    const reply = await ask(h, 'sam', 'coverage', 'tty-sam');
    const page = list(reply);
    expect(page.title).toBe('3 of 6 open chats covered');
    expect(page.total).toBe(3);
    expect(refsOf(page)).toEqual([chats.s2.ref, chats.s3.ref, chats.t1.ref]);
    expect(page.rows[0].cells[4]).toMatch(/^negative −0\.\d\d/);
    expect(page.rows[1].cells.slice(3)).toEqual([
      '(queue)',
      expect.stringMatching(/^waiting for an agent (<1|\d+) min$/),
    ]);
    expect(page.rows.every((r) => r.action === 'supervise')).toBe(true);
    // On the terminal each row says what to type.
    expect(reply.text).toContain(`→ supervise ${chats.s2.ref}`);
    expect(reply.text.split('\n')[0]).toBe('3 of 6 open chats covered');
  }, 40_000);

  it('`open` offers Unsupervise on the chats the requester already supervises, Supervise on the rest', async () => {
    await ask(h, 'sam', `supervise ${chats.s3.ref}`, 'tty-sam');
    const page = list(await ask(h, 'sam', 'open bu:Sales', 'tty-sam'));
    const row = (ref: string) => page.rows.find((r) => r.chatRef === ref);
    expect(row(chats.s3.ref)?.action).toBe('unsupervise');
    expect(row(chats.s2.ref)?.action).toBe('supervise');
    await ask(h, 'sam', `unsupervise ${chats.s3.ref}`, 'tty-sam');
  }, 20_000);

  it('home: what needs you now (top uncovered, with `supervise` to type), the supervised chats and the watched units', async () => {
    const sam = await ask(h, 'sam', 'home', 'tty-sam');
    expect(sam.view?.type).toBe('home');
    const lines = sam.text.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'What needs you now',
      '3 of 6 open chats covered',
      expect.stringContaining(`${chats.s2.ref}  `),
    ]);
    expect(lines[2]).toContain(`→ supervise ${chats.s2.ref}`);
    expect(sam.text).toContain('Customer Support in wall-cs');
    // Sue may supervise in Sales but not see open chats: her home names the permission, and lists her chat.
    const sue = await ask(h, 'sue', 'home', 'tty-sue');
    expect(sue.text).toContain('"Supervise Open Chats"');
    expect(sue.text).toContain(`→ unsupervise ${chats.s1.ref}`);
    expect(sue.text).not.toContain('open chats covered');
  }, 20_000);

  it('an ended thread (its supervisor lost the right to see the chat) no longer covers it; scopes follow the units', async () => {
    // Moved to Tech Support: Sue (Sales only) no longer supervises it, so nobody does.
    h.sim.control.transfer(chats.s1.conversationId, { toBusinessUnit: 'Tech Support' });
    await waitFor(
      "sue's thread ended",
      async () => (await h.app.store.threads.forChat(chats.s1.id)).every((t) => !t.active),
      15_000,
    );
    const sam = list(await ask(h, 'sam', 'coverage', 'tty-sam'));
    expect(sam.title).toBe('2 of 6 open chats covered');
    expect(refsOf(sam)).toContain(chats.s1.ref);

    // Tom sees Tech Support only.
    const tom = list(await ask(h, 'tom', 'coverage', 'tty-tom'));
    expect(tom.title).toBe('0 of 2 open chats covered');
    expect(refsOf(tom).sort()).toEqual([chats.s1.ref, chats.t1.ref].sort());
    expect(tom.rows.every((r) => r.cells[2] === 'Tech Support')).toBe(true);

    const sales = list(await ask(h, 'sam', 'coverage bu:sales', 'tty-sam'));
    expect(sales.title).toBe('0 of 2 open chats covered in Sales');
    expect(refsOf(sales)).toEqual([chats.s2.ref, chats.s3.ref]);
    expect(sales.command).toBe('coverage bu:sales');
    const beyond = list(await ask(h, 'sam', 'coverage bu:Sales page:5', 'tty-sam'));
    expect(beyond.rows).toEqual([]);
    expect(beyond.emptyText).toBe('There is no page 5; the last page is 1.');
  }, 40_000);

  it('bad input and missing permission get one clear sentence, and nothing changes', async () => {
    const threads = async () =>
      (await Promise.all(Object.values(chats).map((c) => h.app.store.threads.forChat(c.id))))
        .flat()
        .filter((t) => t.active).length;
    const active = await threads();
    const cases: [string, string, string][] = [
      ['tom', 'coverage bu:Sales', "You can't see chats of Sales. Your business units: Tech Support."],
      [
        'tom',
        'coverage bu:Nowhere',
        'There is no business unit called "Nowhere". Known units: Sales, Customer Support, Tech Support.',
      ],
      [
        'sue',
        'coverage',
        'You need the Convrs permission "Supervise Open Chats" to do that. Ask your Convrs admin if you should have it.',
      ],
      ['stranger', 'coverage', 'Your account (nobody@elsewhere.test) is not a Convrs agent.'],
      ['sam', 'coverage Sales', "I don't understand `Sales` in `coverage`."],
    ];
    for (const [user, text, sentence] of cases) {
      const r = await ask(h, user, text, `tty-${user}`);
      expect(r.view).toMatchObject({ type: 'notice', tone: 'error' });
      expect(r.text).toContain(sentence);
      expect(r.text).not.toMatch(/\n\s+at |Error:|undefined/);
    }
    expect(await threads()).toBe(active);
  }, 30_000);

  it('when everything is covered the list says so', async () => {
    await ask(h, 'tom', `supervise ${chats.s1.ref}`, 'tty-tom');
    await ask(h, 'tom', `supervise ${chats.t1.ref}`, 'tty-tom');
    const tom = list(await ask(h, 'tom', 'coverage', 'tty-tom'));
    expect(tom.title).toBe('2 of 2 open chats covered');
    expect(tom.rows).toEqual([]);
    expect(tom.emptyText).toBe('All 2 open chats in your business units are covered.');
    const home = await ask(h, 'tom', 'home', 'tty-tom');
    expect(home.text).toContain('2 of 2 open chats covered\nAll 2 open chats in your business units are covered.');
  }, 30_000);
});
