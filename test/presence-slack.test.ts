// "Who is on it" end to end on Slack: the chat card's context line names who supervises the chat, its wall as a
// channel mention, and the last whisper, edited in place (chat.update) when another supervisor whispers.
import type { Chat } from '../src/core/model';
import { waitFor } from './harness';
import {
  SLACK_USERS,
  WALL,
  ask,
  dmOf,
  messageShortcut,
  sendEvent,
  startSlackHarness,
  threadReply,
  threadRoot,
  type SlackHarness,
} from './slack-harness';

/** The text of the context blocks of a message (where the card says who is on the chat). */
const contextOf = (m: { blocks?: any[] } | undefined): string =>
  (m?.blocks ?? [])
    .filter((b) => b.type === 'context')
    .flatMap((b) => b.elements.map((e: any) => e.text))
    .join(' ');

describe('who is on a chat, on Slack', () => {
  let h: SlackHarness;
  let chat: Chat;
  const samDm = dmOf(SLACK_USERS.sam);

  beforeAll(async () => {
    h = await startSlackHarness();
    expect(JSON.stringify(await ask(h, SLACK_USERS.sam, 'watch bu:Sales', WALL))).toContain('Watching Sales');
    const conv = h.sim.control.startChat({ businessUnit: 'Sales', agentEmail: 'ann.lee@acme.test', messages: 1 });
    chat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
    await threadRoot(h, WALL, chat.ref);
  }, 30_000);
  afterAll(async () => h?.stopAll());

  it('the wall card of a chat nobody supervises says so', async () => {
    expect(contextOf(await threadRoot(h, WALL, chat.ref))).toBe(
      `👀 Nobody supervises this chat · 🧱 On wall: <#${WALL}> (Sales)`,
    );
  });

  it('sam supervises: his DM card and the wall card name him and the wall as a channel mention', async () => {
    expect(JSON.stringify(await ask(h, SLACK_USERS.sam, `supervise ${chat.ref}`))).toContain(`Supervising ${chat.ref}`);
    const card = await threadRoot(h, samDm, chat.ref);
    await waitFor('DM card names sam', () =>
      contextOf(h.slack.posts(samDm).find((m) => m.ts === card.ts)).startsWith('👀 Supervised by Sam Boss'),
    );
    expect(contextOf(h.slack.posts(samDm).find((m) => m.ts === card.ts))).toBe(
      `👀 Supervised by Sam Boss · 🧱 On wall: <#${WALL}> (Sales)`,
    );
    const wallCard = await threadRoot(h, WALL, chat.ref);
    await waitFor('wall card edited to name sam', () =>
      h.slack
        .callsOf('chat.update', true)
        .some(
          (c) =>
            c.body.channel === WALL &&
            c.body.ts === wallCard.ts &&
            contextOf(c.body).startsWith('👀 Supervised by Sam Boss'),
        ),
    );
  }, 20_000);

  it('sue whispers by replying in the wall thread: sam\'s card is edited to "Last whisper by Sue Sales at <time>"', async () => {
    const wallCard = await threadRoot(h, WALL, chat.ref);
    const samCard = await threadRoot(h, samDm, chat.ref);
    await sendEvent(h, threadReply(SLACK_USERS.sue, WALL, wallCard.ts, 'offer the refund'));
    const stored = await waitFor('whisper stored', async () =>
      (await h.app.store.messages.recent(chat.id, 50)).find((m) => m.role === 'whisper'),
    );
    const time = `<!date^${Math.floor(stored.at.getTime() / 1000)}^{time}|${stored.at.toISOString().slice(11, 16)} UTC>`;
    const update = await waitFor("chat.update of sam's card with the whisper", () =>
      h.slack
        .callsOf('chat.update', true)
        .find(
          (c) => c.body.channel === samDm && c.body.ts === samCard.ts && contextOf(c.body).includes('Last whisper'),
        ),
    );
    expect(contextOf(update.body)).toBe(
      `👀 Supervised by Sam Boss · 🧱 On wall: <#${WALL}> (Sales) · 🤫 Last whisper by Sue Sales at ${time}`,
    );
    // The wall's card too (sue whispered there: its own card says so as well).
    await waitFor('wall card shows the whisper', () =>
      contextOf(h.slack.posts(WALL).find((m) => m.ts === wallCard.ts)).includes('Last whisper by Sue Sales'),
    );
  }, 20_000);

  it('the Chat actions shortcut on a line of the thread shows the card with who is on it, to its user only', async () => {
    const wallCard = await threadRoot(h, WALL, chat.ref);
    const line = await waitFor('a line in the wall thread', () => h.slack.posts(WALL, wallCard.ts)[0]);
    expect(
      (
        await messageShortcut(h, SLACK_USERS.sue, 'convrs_chat_actions', {
          channel: WALL,
          ts: line.ts,
          thread_ts: wallCard.ts,
        })
      ).status,
    ).toBe(200);
    const card = await waitFor('card ephemeral', () =>
      h.slack.ephemerals.find((e) => e.user === SLACK_USERS.sue && e.thread_ts === wallCard.ts),
    );
    expect(contextOf(card)).toMatch(
      new RegExp(
        `^👀 Supervised by Sam Boss · 🧱 On wall: <#${WALL}> \\(Sales\\) · 🤫 Last whisper by Sue Sales at <!date\\^`,
      ),
    );
  }, 20_000);
});
