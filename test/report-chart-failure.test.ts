// A chart that cannot be drawn costs nothing else: on Slack, Teams and the terminal the table still arrives, with
// a note, and the log says what failed without a word of the chart's titles or figures.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { WebClient } from '@slack/web-api';
import pino from 'pino';
import { CHART_FAILED, type ChartRenderer } from '../adapters/charts';
import { webClientOptions } from '../adapters/slack/client';
import { SlackSurface } from '../adapters/slack/surface';
import { createAdapter } from '../adapters/teams/connector';
import { TeamsSurface } from '../adapters/teams/surface';
import { TerminalSurface } from '../adapters/terminal/surface';
import type { ReplyView } from '../src/core/views';
import { openDatabase } from '../src/persistence/data-source';
import { createStore } from '../src/persistence/store';
import { FakeSlack } from './fakes/slack-api';
import { FakeConnector } from './fakes/teams-connector';
import { textOf } from './slack-harness';
import { BOT, TEAMS_USERS, textOfActivity } from './teams-harness';

const SECRET_TITLE = 'Sentiment for jo@example.com';
const view: ReplyView = {
  type: 'list',
  page: {
    title: 'Report 2026-11-01 – 2026-11-07',
    columns: ['Group', 'Chats'],
    rows: [{ cells: ['BU: Sales', '3'] }],
    page: 1,
    pageCount: 1,
    total: 1,
    command: '',
    emptyText: 'No chats in that period.',
  },
  chart: {
    kind: 'timeseries',
    title: SECRET_TITLE,
    alt: 'Sales 3 chats',
    points: [{ at: new Date('2026-11-02'), series: 'Sales', sentiment: 0.1, chats: 3 }],
  },
};
const failing: ChartRenderer = async () => {
  throw new Error(`cannot draw ${SECRET_TITLE}`);
};

function capturingLog() {
  let written = '';
  const log = pino(
    { level: 'debug' },
    new Writable({
      write(chunk, _enc, done) {
        written += String(chunk);
        done();
      },
    }),
  );
  return { log, written: () => written };
}

function expectFailureLogged(written: string) {
  expect(written).toContain('chart rendering failed');
  expect(written).not.toContain('jo@example.com');
  expect(written).not.toContain('Sales');
}

it('Slack: the table with a note, nothing uploaded', async () => {
  const slack = await new FakeSlack('xoxb-chart').start();
  try {
    const { log, written } = capturingLog();
    const client = new WebClient(
      'xoxb-chart',
      // The Web API client logs request bodies at debug level: its own logger here, ours holds only the surface's lines.
      webClientOptions(
        { token: 'xoxb-chart', signingSecret: 's', apiUrl: slack.apiUrl, retries: 0 },
        pino({ level: 'silent' }),
      ),
    );
    const surface = new SlackSurface({ client, log, charts: failing });
    await surface.reply({ surface: 'slack', userId: 'USAM0001', destination: 'CGENERAL01' }, view);
    const answer = slack.ephemerals.at(-1)!;
    expect(textOf(answer)).toContain('BU: Sales');
    expect(textOf(answer)).toContain(CHART_FAILED);
    expect(slack.callsOf('files.completeUploadExternal', true)).toHaveLength(0);
    expectFailureLogged(written());
  } finally {
    await slack.stop();
  }
});

it('Teams: the table card with a note and no image', async () => {
  const connector = await new FakeConnector().start();
  const ds = await openDatabase(`sqlite:${join(mkdtempSync(join(tmpdir(), 'convrs-chart-')), 'bot.sqlite')}`);
  try {
    const { log, written } = capturingLog();
    const adapter = createAdapter({ appId: '', appPassword: '', appType: 'MultiTenant', tenantId: '' }, log);
    const state = createStore(ds).surfaceState;
    const surface = new TeamsSurface({
      adapter,
      appId: '',
      state,
      baseUrl: () => 'https://bot.acme.test',
      log,
      charts: failing,
    });
    const sam = TEAMS_USERS.sam;
    const conversationId = `a:personal-chart-${sam.aadObjectId}`;
    await surface.refs.remember(
      {
        type: 'conversationUpdate',
        channelId: 'msteams',
        serviceUrl: connector.url,
        id: 'x1',
        from: { id: sam.id, name: sam.name, aadObjectId: sam.aadObjectId },
        recipient: BOT,
        conversation: {
          id: conversationId,
          conversationType: 'personal',
          isGroup: false,
          tenantId: 'tenant-1',
          name: '',
        },
        channelData: { tenant: { id: 'tenant-1' } },
      },
      sam.aadObjectId,
    );
    await surface.reply({ surface: 'teams', userId: sam.aadObjectId, destination: conversationId }, view);
    const posted = connector.postsIn(conversationId).at(-1)!;
    expect(textOfActivity(posted.activity)).toContain('BU: Sales');
    expect(textOfActivity(posted.activity)).toContain(CHART_FAILED);
    expect(JSON.stringify(posted.activity)).not.toContain('"Image"');
    expectFailureLogged(written());
  } finally {
    await connector.stop();
    await ds.destroy();
  }
});

it('terminal: the table with a note, no file', async () => {
  const { log, written } = capturingLog();
  const exportDir = join(mkdtempSync(join(tmpdir(), 'convrs-chart-')), 'exports');
  const surface = new TerminalSurface({
    out: new PassThrough().resume(),
    users: { you: 'sam.boss@acme.test' },
    exportDir,
    record: true,
    log,
    charts: failing,
  });
  await surface.reply({ surface: 'terminal', userId: 'you', destination: 'tty' }, view);
  const text = surface.records.at(-1)!.text;
  expect(text).toContain('BU: Sales');
  expect(text.split('\n').at(-1)).toBe(`📈 ${CHART_FAILED}`);
  expectFailureLogged(written());
});
