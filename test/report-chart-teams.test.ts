// The report's chart in Teams end to end: the table card carries an Image whose URL (our /charts/<token>.png, not a
// data: URI, which would not fit a Teams message) serves the PNG over real HTTP, more than once; the card passes
// the official Adaptive Cards parser; an unknown or malformed token is a 404.
import { officialCardProblems } from '../adapters/teams/render/test-cards';
import { waitFor } from './harness';
import { CHART_PERIOD, expectChartPng, seedReportChats } from './report-chart-seed';
import {
  TEAMS_USERS,
  installPersonal,
  personalConversation,
  personalMessage,
  postActivity,
  startTeamsHarness,
  textOfActivity,
  type TeamsHarness,
} from './teams-harness';

const { sam } = TEAMS_USERS;

describe('Teams report chart', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeamsHarness();
    await postActivity(h, installPersonal(h, sam));
    await seedReportChats(h);
  }, 30_000);
  afterAll(async () => h?.stopAll());

  it('answers with the table card and an Image served as a valid PNG', async () => {
    await postActivity(h, personalMessage(h, sam, `report ${CHART_PERIOD}`));
    const answer = await waitFor('the report card', () =>
      h.connector.postsIn(personalConversation(sam)).find((p) => textOfActivity(p.activity).includes('BU: Sales')),
    );
    const card = (answer.activity.attachments as any[])[0].content;
    expect(officialCardProblems(card)).toEqual([]);
    const image = card.body.at(-1);
    expect(image).toMatchObject({ type: 'Image', size: 'Stretch' });
    expect(image.altText).toContain('Customer Support 2 chats, average sentiment -0.25');
    expect(image.url).toMatch(new RegExp(`^${h.app.url}/charts/[0-9a-f]{48}\\.png$`));

    // Teams' servers fetch the image, possibly again later: not a one-time link.
    for (let i = 0; i < 2; i++) {
      const res = await fetch(image.url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expectChartPng(new Uint8Array(await res.arrayBuffer()));
    }
  }, 30_000);

  it('answers 404 to an unknown or malformed chart token', async () => {
    for (const path of ['/charts/' + 'a'.repeat(48) + '.png', '/charts/..%2Fexport.png', '/charts/abc'])
      expect((await fetch(`${h.app.url}${path}`)).status).toBe(404);
  });
});
