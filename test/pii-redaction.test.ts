// REDACT_PII end to end (issue #15 point 1): a customer line with a card number, an e-mail address and an IBAN reaches
// the terminal, Slack and Teams masked (thread lines, summary, export CSV), the order number in it stays readable,
// the stored message and the stored Convrs delivery hold no full card number, and pii_redactions_total counts it.
import { readFileSync } from 'node:fs';
import { command, replies, startHarness, waitFor, type Harness } from './harness';
import {
  SLACK_USERS,
  WALL as SLACK_WALL,
  ask,
  startSlackHarness,
  textOf,
  threadRoot,
  type SlackHarness,
} from './slack-harness';
import {
  TEAMS_USERS,
  WALL as TEAMS_WALL,
  channelMention,
  installTeam,
  postActivity,
  startTeamsHarness,
  textsIn,
  type TeamsHarness,
} from './teams-harness';

// better-sqlite3 ships no types here (TypeORM wraps it); the test only reads two tables.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Database: new (
  path: string,
  o: { readonly: boolean },
) => { prepare(sql: string): { all(): unknown[] }; close(): void } = require('better-sqlite3');
const PAN = '4242 4242 4242 4242';
const LINE = `My card ${PAN} was charged twice for ORD-2024-118823, mail me at maria.lopez@example.com or refund to DE89 3704 0044 0532 0130 00`;
const MASKED =
  'My card [card …4242] was charged twice for ORD-2024-118823, mail me at [email] or refund to [IBAN …3000]';
const noPan = (s: string) => expect(s.replace(/[ -]/g, '')).not.toContain('4242424242424242');

async function customerSays(h: Harness | SlackHarness | TeamsHarness, text: string, customerName?: string) {
  const conv = h.sim.control.startChat({
    businessUnit: 'Sales',
    agentEmail: 'ann.lee@acme.test',
    opener: 'Hello, a question about a charge',
    ...(customerName ? { customerName } : {}),
  });
  h.sim.control.say(conv.conversationId, 'customer', text);
  h.sim.control.say(conv.conversationId, 'agent', 'I will look into it right away.');
  await h.sim.flush();
  const chat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
  await waitFor('lines stored', async () =>
    (await h.app.store.messages.recent(chat.id, 20)).some((m) => m.text.startsWith('I will look')),
  );
  return chat;
}

describe('REDACT_PII on the terminal', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { INACTIVITY_MINUTES: '60' } });
    await command(h, 'sam', 'watch bu:Sales', 'wall-sales');
    await waitFor('watch', async () => (await h.app.store.watches.list('terminal')).length === 1);
  }, 30_000);
  afterAll(async () => h?.stop());

  it('the wall line, the summary and the export are masked; the stored message and delivery hold no full card number', async () => {
    // On WhatsApp a customer's name is often their number.
    const chat = await customerSays(h, LINE, '+31 6 12345678');
    const line = await waitFor('the line on the wall', () =>
      h.surface.records.find((r) => r.kind === 'lines' && r.chatRef === chat.ref && r.text.includes('charged twice')),
    );
    expect(line.text).toContain(MASKED);
    expect(line.text).toContain('Customer [phone]');
    expect(line.text).not.toContain('12345678');
    const card = await waitFor('the card with its agent', () =>
      h.surface.records.find(
        (r) => (r.kind === 'thread' || r.kind === 'card') && r.chatRef === chat.ref && r.text.includes('Ann Lee'),
      ),
    );
    expect(card.text).toContain('[phone]');
    expect(card.text).toContain('ann.lee@acme.test');
    noPan(line.text);
    expect(line.text).not.toContain('maria.lopez@example.com');

    await command(h, 'sam', `summary ${chat.ref}`);
    const summary = await waitFor('summary', () => replies(h).find((r) => r.view?.type === 'summary'));
    noPan(summary.text);
    expect(summary.text).not.toContain('maria.lopez@example.com');

    await command(h, 'sam', 'chats export');
    const done = await waitFor('export', () => replies(h).find((r) => r.text.includes('Exported')));
    const csv = readFileSync(/: (\/\S+\.csv)/.exec(done.text)![1]!, 'utf8');
    expect(csv).toContain('ann.lee@acme.test'); // staff e-mails stay (the agent_email column)
    expect(csv).toContain(chat.conversationId);
    expect(csv).toContain(`${chat.ref},`);
    expect(csv).not.toContain('12345678');
    expect(csv).toContain('[phone]');

    const stored = await h.app.store.messages.recent(chat.id, 20);
    const row = stored.find((m) => m.text.includes('charged twice'))!;
    expect(row.text).toContain('[card …4242]');
    expect(row.text).toContain('maria.lopez@example.com'); // only cards are masked before storage
    const db = new Database(h.databaseUrl.replace(/^sqlite:/, ''), { readonly: true });
    try {
      for (const table of ['messages', 'inbox']) {
        const dump = JSON.stringify(db.prepare(`SELECT * FROM ${table}`).all());
        expect(dump).toContain('charged twice');
        noPan(dump);
      }
    } finally {
      db.close();
    }
    const metric = await h.app.metrics.registry.getSingleMetricAsString('pii_redactions_total');
    expect(metric).toMatch(/pii_redactions_total\{kind="card",where="stored"\} [1-9]/);
    expect(metric).toMatch(/pii_redactions_total\{kind="email",where="outbound"\} [1-9]/);
    expect(metric).toMatch(/pii_redactions_total\{kind="iban",where="outbound"\} [1-9]/);
  }, 40_000);
});

describe('REDACT_PII off, or some kinds off', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { INACTIVITY_MINUTES: '60', REDACT_PII_KINDS: 'card,iban' } });
    await command(h, 'sam', 'watch bu:Sales', 'wall-sales');
    await waitFor('watch', async () => (await h.app.store.watches.list('terminal')).length === 1);
  }, 30_000);
  afterAll(async () => h?.stop());

  it('REDACT_PII_KINDS=card,iban leaves e-mail addresses readable', async () => {
    const chat = await customerSays(h, LINE);
    const line = await waitFor('the line on the wall', () =>
      h.surface.records.find((r) => r.kind === 'lines' && r.chatRef === chat.ref && r.text.includes('charged twice')),
    );
    expect(line.text).toContain('maria.lopez@example.com');
    expect(line.text).toContain('[card …4242]');
  }, 30_000);
});

describe('REDACT_PII on Slack', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness({ env: { INACTIVITY_MINUTES: '60' } });
    await ask(h, SLACK_USERS.sam, 'watch bu:Sales', SLACK_WALL);
  }, 30_000);
  afterAll(async () => h?.stopAll());

  it('the wall thread and the summary show the line masked', async () => {
    const chat = await customerSays(h, LINE);
    const root = await threadRoot(h, SLACK_WALL, chat.ref);
    const post = await waitFor(
      'the line in the thread',
      () => h.slack.posts(SLACK_WALL, root.ts).find((m) => textOf(m).includes('charged twice')),
      15_000,
    );
    const text = JSON.stringify(post);
    noPan(text);
    expect(text).not.toContain('maria.lopez@example.com');
    expect(textOf(post)).toContain('[card …4242]');
    expect(textOf(post)).toContain('ORD-2024-118823');
    const summary = JSON.stringify(await ask(h, SLACK_USERS.sam, `summary ${chat.ref}`, SLACK_WALL));
    noPan(summary);
    expect(summary).not.toContain('maria.lopez@example.com');
  }, 40_000);
});

describe('REDACT_PII on Teams', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeamsHarness({ env: { INACTIVITY_MINUTES: '60' } });
    await postActivity(h, installTeam(h, TEAMS_USERS.sam));
    await postActivity(h, channelMention(h, TEAMS_USERS.sam, TEAMS_WALL, 'watch bu:Sales'));
    await waitFor('watch stored', async () => (await h.app.store.watches.list('teams')).length === 1);
  }, 30_000);
  afterAll(async () => h?.stopAll());

  it('the wall thread shows the line masked', async () => {
    const chat = await customerSays(h, LINE);
    const thread = await waitFor('wall thread with a root', async () =>
      (await h.app.store.threads.forChat(chat.id)).find((t) => t.destination === TEAMS_WALL && t.rootPostId),
    );
    const all = await waitFor(
      'the line in the thread',
      () => {
        // Teams markdown escapes brackets ("\\[card …4242\\]" shows as "[card …4242]").
        const t = textsIn(h, `${TEAMS_WALL};messageid=${thread.rootPostId}`)
          .join('\n')
          .replace(/\\([[\]])/g, '$1');
        return t.includes('charged twice') && t;
      },
      15_000,
    );
    noPan(all);
    expect(all).not.toContain('maria.lopez@example.com');
    expect(all).toContain('[card …4242]');
    expect(all).toContain('ORD-2024-118823');
  }, 40_000);
});
