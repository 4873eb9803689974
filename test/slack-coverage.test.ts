// `coverage` and the App Home end to end on Slack: the list's Supervise button covers the chat, App Home leads with
// "What needs you now" on app_home_opened, its Refresh re-publishes it, and `/convrs home` answers the same privately.
import { waitFor } from './harness';
import {
  SLACK_USERS,
  ask,
  buttonsOf,
  clickButton,
  dmOf,
  sendEvent,
  startSlackHarness,
  textOf,
  threadRoot,
  waitForResponse,
  type SlackHarness,
} from './slack-harness';

const { sam, sue } = SLACK_USERS;
const GENERAL = 'CGENERAL01';

describe('Slack coverage and App Home', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness();
  }, 30_000);
  afterAll(async () => h?.stopAll());

  async function newChat(businessUnit: string, agentEmail: string) {
    const conv = h.sim.control.startChat({ businessUnit, agentEmail, messages: 1 });
    const chat = await waitFor('chat stored with its agent', async () => {
      const c = await h.app.store.chats.byConversationId(conv.conversationId);
      return c?.agentEmail ? c : undefined;
    });
    return { ref: chat.ref, id: chat.id };
  }
  const headerOf = (m: { blocks?: any[] }) => m.blocks?.find((b) => b.type === 'header')?.text.text;
  const publishes = () => h.slack.callsOf('views.publish', true).filter((p) => p.body.user_id === sam).length;
  const openHome = async () => {
    const before = publishes();
    expect(
      (
        await sendEvent(h, {
          type: 'app_home_opened',
          user: sam,
          channel: dmOf(sam),
          tab: 'home',
          event_ts: `${Date.now() / 1000}`,
        })
      ).status,
    ).toBe(200);
    await waitFor('home published', () => publishes() > before);
    return h.slack.homes[sam];
  };

  it('/convrs coverage lists the uncovered chat with a Supervise button; clicking it supervises, and the next coverage counts it', async () => {
    const a = await newChat('Sales', 'ann.lee@acme.test');
    const answer = await ask(h, sam, 'coverage', GENERAL);
    expect(answer.response_type).toBe('ephemeral');
    expect(headerOf(answer)).toBe('0 of 1 open chat covered');
    expect(textOf(answer)).toContain(`*${a.ref}*`);
    const supervise = buttonsOf(answer.blocks).find((b) => b.value === `supervise ${a.ref}`)!;
    expect(supervise.text).toBe('Supervise');

    const click = await clickButton(h, sam, supervise, { channel: GENERAL, messageTs: '1.000001', ephemeral: true });
    expect(click.status).toBe(200);
    expect(textOf(await waitForResponse(h, click.responseId))).toContain(`Supervising ${a.ref}`);
    await threadRoot(h, dmOf(sam), a.ref);

    const after = await ask(h, sam, 'coverage', GENERAL);
    expect(headerOf(after)).toBe('1 of 1 open chat covered');
    expect(textOf(after)).toContain('The one open chat in your business units is covered.');
    expect(buttonsOf(after.blocks)).toEqual([]);
    // Sue (Supervise in Sales, not "Supervise Open Chats") is told which permission it takes.
    expect(textOf(await ask(h, sue, 'coverage', GENERAL))).toContain(
      'You need the Convrs permission "Supervise Open Chats"',
    );
  }, 40_000);

  it('App Home leads with what needs you now on app_home_opened; Refresh re-publishes it; Supervise there covers the chat', async () => {
    const b = await newChat('Tech Support', 'dan.okafor@acme.test');
    const home = await openHome();
    const shown = textOf({ blocks: home.blocks });
    expect(headerOf(home)).toBe('What needs you now');
    expect(shown).toContain('*1 of 2 open chats covered*');
    expect(shown).toContain(`*${b.ref}* · `);
    expect(shown.indexOf('What needs you now')).toBeLessThan(shown.indexOf('My Supervised Chats'));
    const buttons = buttonsOf(home.blocks);
    expect(buttons.map((x) => [x.text, x.value]).slice(0, 2)).toEqual([
      ['Refresh', 'home'],
      ['Supervise', `supervise ${b.ref}`],
    ]);

    // Refresh: `home` runs on a worker and publishes the App Home again, once, with nothing posted to the DM.
    const dmPosts = h.slack.posts(dmOf(sam)).length;
    const n = publishes();
    const refresh = await clickButton(h, sam, buttons[0], { view: { id: 'VHOME0002', type: 'home' } });
    expect(refresh.status).toBe(200);
    await waitFor('home re-published', () => publishes() > n);
    await new Promise((r) => setTimeout(r, 300));
    expect(publishes()).toBe(n + 1);
    expect(h.slack.posts(dmOf(sam)).length).toBe(dmPosts);

    // Supervise from the App Home: the chat is covered, and the re-published Home says so.
    const m = publishes();
    await clickButton(h, sam, buttons[1], { view: { id: 'VHOME0002', type: 'home' } });
    await threadRoot(h, dmOf(sam), b.ref);
    await waitFor(
      'home re-published after supervising',
      () => publishes() > m && textOf({ blocks: h.slack.homes[sam].blocks }).includes('*2 of 2 open chats covered*'),
    );
    expect(textOf({ blocks: h.slack.homes[sam].blocks })).toContain(
      'All 2 open chats in your business units are covered.',
    );
  }, 40_000);

  it('/convrs home answers the same content privately; its Refresh replaces that answer', async () => {
    await newChat('Customer Support', 'carla.diaz@acme.test');
    const answer = await ask(h, sam, 'home', GENERAL);
    expect(answer.response_type).toBe('ephemeral');
    expect(headerOf(answer)).toBe('What needs you now');
    expect(answer.text).toBe('What needs you now: 2 of 3 open chats covered');
    expect(answer.blocks.length).toBeLessThanOrEqual(50);
    const shown = textOf(answer);
    expect(shown).toContain('My Supervised Chats');
    const refresh = buttonsOf(answer.blocks).find((b) => b.value === 'home')!;
    const click = await clickButton(h, sam, refresh, { channel: GENERAL, messageTs: '1.000002', ephemeral: true });
    const again = await waitForResponse(h, click.responseId);
    expect(again.replace_original).toBe(true);
    expect(headerOf(again)).toBe('What needs you now');
  }, 30_000);
});
