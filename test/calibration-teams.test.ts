// Calibration end to end on Teams: `calibration` in the personal chat answers a valid Adaptive Card with the table and
// the per-unit errors; `score` shows a calibrated CSAT once enough rated chats exist and not before; `report` carries
// "Did coaching help?".
import { expectValidCard } from '../adapters/teams/render/test-cards';
import { seedRated, seedWhispered } from './calibration-seed';
import { waitFor } from './harness';
import { expectChartPng } from './report-chart-seed';
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
const plain = (s: string) => s.replace(/\\([\\*_`~[\]<>#+=.()-])/g, '$1');

describe('calibration on Teams', () => {
  let h: TeamsHarness;
  const me = personalConversation(sam);
  beforeAll(async () => {
    h = await startTeamsHarness();
    expect((await postActivity(h, installPersonal(h, sam))).status).toBeLessThan(300);
  }, 30_000);
  afterAll(async () => h?.stopAll());

  /** Sends a message to the bot and waits for a new post matching `match`. */
  async function say(text: string, match: RegExp): Promise<any> {
    const before = h.connector.postsIn(me).length;
    expect((await postActivity(h, personalMessage(h, sam, text))).status).toBeLessThan(300);
    const post = await waitFor(`answer to ${text}`, () =>
      h.connector
        .postsIn(me)
        .slice(before)
        .find((p) => match.test(plain(textOfActivity(h.connector.latest(p))))),
    );
    return h.connector.latest(post);
  }

  async function ratedRef(): Promise<string> {
    const chat = (await h.app.store.chats.query({ businessUnit: 'Sales', thumbs: 'up' }, { page: 1, pageSize: 1 }))
      .items[0]!;
    return chat.ref;
  }

  it('calibration answers a valid card with the table and errors; score has no calibrated CSAT yet', async () => {
    await seedRated(h, 'Sales', 10);
    const a = await say('calibration bu:Sales', /Calibration/);
    expectValidCard(a.attachments[0].content);
    const text = plain(textOfActivity(a));
    expect(text).toContain('Error of the predicted CSAT');
    expect(text).toContain('**2** · Sales · 80% · 10');
    expect(text).toContain('**Sales** · 10 · 0.65 · 0.46 · not yet (10 of 30)');
    const ref = await ratedRef();
    expect(plain(textOfActivity(await say(`score ${ref}`, /predicted CSAT/)))).not.toContain('calibrated');
  });

  it("calibration's card carries the reliability curve as an Image served as a PNG", async () => {
    const a = await say('calibration bu:Sales', /Calibration/);
    const image = (a.attachments[0].content.body as any[]).find((e) => e.type === 'Image');
    expect(image.url).toMatch(new RegExp(`^${h.app.url}/charts/[0-9a-f]{48}\\.png$`));
    const res = await fetch(image.url);
    expect(res.headers.get('content-type')).toBe('image/png');
    expectChartPng(new Uint8Array(await res.arrayBuffer()));
  });

  it('score says "calibrated … from 35 rated Sales chats" once the unit has 30', async () => {
    await seedRated(h, 'Sales', 25);
    const ref = await ratedRef();
    expect(plain(textOfActivity(await say(`score ${ref}`, /predicted CSAT/)))).toMatch(
      /calibrated \d\.\d from 35 rated Sales chats/,
    );
  });

  it('report carries "Did coaching help?" in a valid card', async () => {
    await seedWhispered(h, 'Sales');
    const a = await say('report bu:Sales from:2026-11-01 to:2026-11-03', /Report/);
    expectValidCard(a.attachments[0].content);
    const text = plain(textOfActivity(a));
    expect(text).toContain('Did coaching help?');
    expect(text).toContain('Too few to say (10 each needed)');
  });
});
