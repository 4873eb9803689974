// Suggested whispers on Teams end to end: the live card's "Suggest whisper" answers with a card holding the draft in
// an editable box and sends nothing; its "Send whisper" with the edited text makes exactly one whisper (a redelivered
// activity does not make a second), audited.
import { waitFor } from './harness';
import { sleep } from './flow-helpers';
import {
  TEAMS_USERS,
  cardSubmit,
  installPersonal,
  personalConversation,
  personalMessage,
  postActivity,
  startTeamsHarness,
  type TeamsHarness,
} from './teams-harness';

const { sam } = TEAMS_USERS;

describe('Teams suggested whispers', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeamsHarness({ env: { SCORE_DEBOUNCE_SECONDS: '1', INACTIVITY_MINUTES: '60' } });
    await postActivity(h, installPersonal(h, sam));
  }, 30_000);
  afterAll(async () => h?.stopAll());

  const whispers = () => h.sim.commandLog.filter((c) => c.cmd === 'SendWhisper');
  const dm = personalConversation(sam);
  /** Every card the bot posted to Sam (latest versions), newest last. */
  const cards = () =>
    h.connector
      .postsIn(dm)
      .flatMap((p) => (h.connector.latest(p)?.attachments ?? []).map((a: any) => a.content))
      .filter(Boolean);
  const submitsOf = (card: any): any[] => {
    const out: any[] = [];
    const walk = (x: any) => {
      if (!x || typeof x !== 'object') return;
      if (x.type === 'Action.Submit') out.push(x);
      for (const v of Object.values(x)) if (typeof v === 'object') walk(v);
    };
    walk(card);
    return out;
  };

  it('Suggest whisper on the live card gives an editable draft; Send whisper whispers the edited text once', async () => {
    const conv = h.sim.control.startChat({
      businessUnit: 'Sales',
      agentEmail: 'ann.lee@acme.test',
      opener: 'When will my replacement arrive?',
    });
    h.sim.control.say(conv.conversationId, 'agent', 'We are sorry for the trouble.');
    h.sim.control.say(conv.conversationId, 'customer', 'Ok but when will the replacement arrive?');
    await h.sim.flush();
    const chat = await waitFor('chat stored with its lines', async () => {
      const c = await h.app.store.chats.byConversationId(conv.conversationId);
      return c && c.agentEmail && (await h.app.store.messages.recent(c.id, 10)).length >= 3 ? c : undefined;
    });
    await postActivity(h, personalMessage(h, sam, `supervise ${chat.ref}`));
    const suggest = await waitFor('live card with Suggest whisper', () =>
      cards()
        .flatMap(submitsOf)
        .find((s) => s.title === 'Suggest whisper' && s.data.chat === chat.ref),
    );
    expect(suggest.data).toEqual({ convrs: 1, action: 'suggest', chat: chat.ref, command: `suggest ${chat.ref}` });
    const before = whispers().length;

    await postActivity(h, cardSubmit(h, sam, dm, suggest.data));
    const draftCard = await waitFor('draft card', () =>
      cards().find((c) => JSON.stringify(c).includes(`Suggested whisper for ${chat.ref}`)),
    );
    const box = draftCard.body.find((e: any) => e.type === 'Input.Text');
    expect(box).toMatchObject({ id: 'whisper', isMultiline: true });
    expect(box.value).toMatch(/^Ann, the customer has asked the same question twice about the replacement\./);
    expect(JSON.stringify(draftCard)).toContain('asked the same thing twice');
    await sleep(500);
    expect(whispers().length).toBe(before);

    const send = submitsOf(draftCard).find((s) => s.title === 'Send whisper');
    const text = 'Ann, give the delivery date for the replacement first.';
    const submit = cardSubmit(h, sam, dm, { ...send.data, whisper: text });
    await postActivity(h, submit);
    await postActivity(h, submit); // redelivered by Teams
    // A second click on the same card's Send is a new activity: the draft key on the button still sends it once.
    await postActivity(h, cardSubmit(h, sam, dm, { ...send.data, whisper: text }));
    await waitFor('whisper sent', () => whispers().length > before);
    await sleep(1_000);
    expect(
      whispers()
        .slice(before)
        .map((w) => w.params),
    ).toEqual([{ conversationId: conv.conversationId, text, by: sam.email }]);
    const trail = (await h.app.store.audit.recent(50)).filter((a) => a.chatId === chat.id);
    expect(trail.filter((a) => a.action === 'whisper')).toHaveLength(1);
    expect(trail.filter((a) => a.action === 'whisper-suggested')).toHaveLength(1);
  }, 60_000);
});
