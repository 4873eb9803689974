// The report's chart in Slack end to end: the table comes back privately, the PNG is uploaded with files.uploadV2
// (bytes to the upload URL, then completed) into the requester's DM with the bot, with its alt text, and the table
// says where it went.
import { ask, dmOf, SLACK_USERS, startSlackHarness, textOf, type SlackHarness } from './slack-harness';
import { CHART_PERIOD, expectChartPng, seedReportChats } from './report-chart-seed';

const { sam } = SLACK_USERS;
const GENERAL = 'CGENERAL01';

describe('Slack report chart', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness();
    await seedReportChats(h);
  }, 30_000);
  afterAll(async () => h?.stopAll());

  it('answers with the table and uploads the chart PNG into the DM, never into the channel', async () => {
    const answer = await ask(h, sam, `report ${CHART_PERIOD}`, GENERAL);
    expect(textOf(answer)).toContain('BU: Sales');
    expect(answer.blocks.at(-1)).toMatchObject({ type: 'context' });
    expect(textOf(answer)).toContain('The chart is in your direct messages with me.');

    const asked = h.slack.callsOf('files.getUploadURLExternal', true).at(-1)!;
    expect(asked.body.filename).toMatch(/^convrs-report-chart-\d{8}T\d{9}\.png$/);
    expect(asked.body.alt_text).toContain(
      'Customer Support 2 chats, average sentiment -0.25; Sales 3 chats, average sentiment 0.10',
    );
    const done = h.slack.callsOf('files.completeUploadExternal', true).at(-1)!;
    expect(done.body.channel_id).toBe(dmOf(sam));
    expect(done.body.initial_comment).toContain('Sentiment and chats per business unit and day');
    expectChartPng(h.slack.uploads.get(done.body.files[0].id)!.bytes);
  });

  it('says the chart is right there when asked in the DM', async () => {
    const before = h.slack.callsOf('files.completeUploadExternal', true).length;
    const answer = await ask(h, sam, `report ${CHART_PERIOD} bu:Sales`, dmOf(sam));
    expect(textOf(answer)).toContain('The chart is posted in this conversation.');
    const done = h.slack.callsOf('files.completeUploadExternal', true);
    expect(done).toHaveLength(before + 1);
    expect(done.at(-1)!.body.channel_id).toBe(dmOf(sam));
  });

  it('sends no chart with the CSV export', async () => {
    const before = h.slack.callsOf('files.completeUploadExternal', true).length;
    await ask(h, sam, `report ${CHART_PERIOD} export`, GENERAL);
    const done = h.slack.callsOf('files.completeUploadExternal', true);
    expect(done).toHaveLength(before + 1);
    expect(h.slack.uploads.get(done.at(-1)!.body.files[0].id)!.filename).toMatch(/\.csv$/);
  });
});
