// Advice fits the surface: how to whisper after `supervise` and in `help` (terminal `>C-1 text`, a Slack thread reply,
// the Whisper box of a Teams live card, a Teams channel thread reply), none for a finished chat.
import { FakeConnector } from './fakes/teams-connector';
import { FakeSlack } from './fakes/slack-api';
import { startHarness, waitFor, type Harness } from './harness';
import { ask as slackAsk, SIGNING_SECRET, SLACK_EMAILS, SLACK_USERS, textOf, type SlackHarness } from './slack-harness';
import {
  channelMention,
  installPersonal,
  installTeam,
  personalConversation,
  personalMessage,
  postActivity,
  TEAMS_USERS,
  textOfActivity,
  WALL,
  type TeamsHarness,
} from './teams-harness';
import { ask as terminalAsk } from './flow-helpers';

describe('advice that fits the surface', () => {
  let h: Harness;
  let slack: FakeSlack;
  let connector: FakeConnector;
  let sh: SlackHarness;
  let th: TeamsHarness;

  beforeAll(async () => {
    slack = await new FakeSlack('xoxb-test-token').start();
    Object.assign(slack.emails, SLACK_EMAILS);
    connector = await new FakeConnector().start();
    for (const u of Object.values(TEAMS_USERS))
      connector.members[u.id] = {
        id: u.id,
        name: u.name,
        aadObjectId: u.aadObjectId,
        email: u.email,
        userPrincipalName: u.email,
      };
    h = await startHarness({
      env: {
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        SLACK_API_RETRIES: '0',
        TEAMS_ENABLED: 'true',
      },
    });
    const stopAll = async () => undefined;
    sh = { ...h, slack, stopAll };
    th = { ...h, connector, stopAll };
    expect((await postActivity(th, installPersonal(th, TEAMS_USERS.sam))).status).toBeLessThan(300);
    expect((await postActivity(th, installTeam(th, TEAMS_USERS.sam))).status).toBeLessThan(300);
  }, 30_000);
  afterAll(async () => {
    await h?.stop();
    await slack?.stop();
    await connector?.stop();
  });

  async function newChat(): Promise<{ ref: string; conversationId: string }> {
    const conv = h.sim.control.startChat({ businessUnit: 'Sales', messages: 1 });
    const chat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
    return { ref: chat.ref, conversationId: conv.conversationId };
  }

  /** Posts `activity` to the bot and waits for its answer in `conversation` matching `match` (latest text, unescaped). */
  async function teamsAsk(activity: Record<string, any>, conversation: string, match: string): Promise<string> {
    const since = connector.postsIn(conversation).length;
    expect((await postActivity(th, activity)).status).toBeLessThan(300);
    const unescape = (s: string) => s.replace(/\\([\\*_`~[\]<>#+=.()-])/g, '$1');
    return waitFor(`a post with "${match}"`, () =>
      connector
        .postsIn(conversation)
        .slice(since)
        .map((p) => unescape(textOfActivity(connector.latest(p))))
        .find((t) => t.includes(match)),
    );
  }

  it('terminal: supervise says to type >C-… text; help says so too; a finished chat gets no whisper advice', async () => {
    const { ref } = await newChat();
    const said = (await terminalAsk(h, 'sam', `supervise ${ref}`)).text;
    expect(said).toContain(`Supervising ${ref}. To whisper to the agent, type \`>${ref} text\`.`);
    expect(said).not.toMatch(/thread/i);
    const help = (await terminalAsk(h, 'sam', 'help whisper')).text;
    expect(help).toContain('>C-1042 text');
    expect(help).not.toMatch(/thread|Whisper box/);

    const done = await newChat();
    h.sim.control.finish(done.conversationId);
    await waitFor(
      'finished',
      async () => (await h.app.store.chats.byConversationId(done.conversationId))?.status === 'closed',
    );
    const finished = (await terminalAsk(h, 'sam', `supervise ${done.ref}`)).text;
    expect(finished).toContain(`Supervising ${done.ref} (it is finished; you see its transcript).`);
    expect(finished).not.toMatch(/whisper|thread/i);
  });

  it('Slack: supervise and help say to reply in the thread', async () => {
    const { ref } = await newChat();
    const said = textOf(await slackAsk(sh, SLACK_USERS.sam, `supervise ${ref}`));
    expect(said).toContain(`Supervising ${ref}. To whisper to the agent, reply in its thread.`);
    expect(textOf(await slackAsk(sh, SLACK_USERS.sam, 'help'))).toContain("You can also reply in the chat's thread.");
  });

  it('Teams: in the personal chat the live card has the Whisper box (no thread advice); in a channel, reply in the thread', async () => {
    const { ref } = await newChat();
    const me = personalConversation(TEAMS_USERS.sam);
    const said = await teamsAsk(personalMessage(th, TEAMS_USERS.sam, `supervise ${ref}`), me, `Supervising ${ref}`);
    expect(said).toContain('To whisper to the agent, type into the Whisper box on its live card.');
    expect(said).not.toMatch(/thread/i);
    const help = await teamsAsk(personalMessage(th, TEAMS_USERS.sam, 'help'), me, 'Convrs Supervisor Bot commands');
    expect(help).toContain('Whisper box');
    expect(help).not.toMatch(/reply in the chat's thread/i);
    const a = channelMention(th, TEAMS_USERS.sam, WALL, 'help');
    const inChannel = await teamsAsk(a, a.conversation.id, 'Convrs Supervisor Bot commands');
    expect(inChannel).toContain("You can also reply in the chat's thread.");
  });
});
