// Calibration end to end on Slack: `/convrs calibration` answers the reliability table and the per-unit errors within
// Slack's block limits; the chat card in a DM thread shows a calibrated CSAT once enough rated chats exist and not
// before; `/convrs report` carries "Did coaching help?".
import { seedRated, seedWhispered } from './calibration-seed';
import { waitFor } from './harness';
import { expectChartPng } from './report-chart-seed';
import { SLACK_USERS, ask, dmOf, startSlackHarness, textOf, threadRoot, type SlackHarness } from './slack-harness';

const { sam } = SLACK_USERS;
const GENERAL = 'CGENERAL01';

describe('calibration on Slack', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness();
  }, 30_000);
  afterAll(async () => h?.stopAll());

  async function cardOfNewChat(): Promise<string> {
    const conv = h.sim.control.startChat({ businessUnit: 'Sales', agentEmail: 'ann.lee@acme.test', messages: 1 });
    const chat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
    await h.app.store.chats.update(chat.id, { csat: 2, csatSource: 'lexicon' });
    expect(textOf(await ask(h, sam, `supervise ${chat.ref}`, GENERAL))).toContain(`Supervising ${chat.ref}`);
    return textOf(await threadRoot(h, dmOf(sam), chat.ref));
  }

  it('shows the table and the errors; the card has no calibrated CSAT below the minimum', async () => {
    await seedRated(h, 'Sales', 10);
    const answer = await ask(h, sam, 'calibration bu:Sales', GENERAL);
    expect(answer.blocks.length).toBeLessThanOrEqual(50);
    const headers = answer.blocks.filter((b: any) => b.type === 'header').map((b: any) => b.text.text);
    expect(headers[0]).toMatch(/^Calibration up to \d{4}-\d\d-\d\d · Sales \(10 rated chats\)$/);
    expect(headers[1]).toContain('Error of the predicted CSAT');
    const text = textOf(answer);
    expect(text).toContain('*2* · Sales · 80% · 10');
    expect(text).toContain('*Sales* · 10 · 0.65 · 0.46 · not yet (10 of 30)');
    expect(await cardOfNewChat()).not.toContain('calibrated');
  });

  it('uploads the reliability curve as a PNG into the DM and says so under the table', async () => {
    const answer = await ask(h, sam, 'calibration bu:Sales', GENERAL);
    expect(textOf(answer)).toContain('The chart is in your direct messages with me.');
    const asked = h.slack.callsOf('files.getUploadURLExternal', true).at(-1)!;
    expect(asked.body.filename).toMatch(/^convrs-calibration-chart-\d{8}T\d{9}\.png$/);
    const done = h.slack.callsOf('files.completeUploadExternal', true).at(-1)!;
    expect(done.body.channel_id).toBe(dmOf(sam));
    expectChartPng(h.slack.uploads.get(done.body.files[0].id)!.bytes);
  });

  it('the card says "calibrated 4.0 from 35 rated Sales chats" once the unit has 30', async () => {
    await seedRated(h, 'Sales', 25);
    expect(await cardOfNewChat()).toContain('2/5 (lexicon) · calibrated 4.0 from 35 rated Sales chats');
  });

  it('report carries "Did coaching help?" with the counts', async () => {
    await seedWhispered(h, 'Sales');
    const answer = await ask(h, sam, 'report bu:Sales from:2026-11-01 to:2026-11-03', GENERAL);
    expect(answer.blocks.length).toBeLessThanOrEqual(50);
    const text = textOf(answer);
    expect(text).toContain('Did coaching help?');
    expect(text).toContain('Too few to say (10 each needed)');
  });
});
