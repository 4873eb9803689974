// The calibration fit behind cards: read at most once per TTL however many cards, never waited for once one exists,
// and a failed read leaves cards without a calibrated CSAT rather than failing them.
import { calibratedCsat, calibratedText } from './calibration-source';
import { defaultSettings, type Deps } from './deps';
import type { Chat } from './model';

const T0 = Date.parse('2026-11-02T10:00:00Z');
const chat = (over: Partial<Chat>): Chat =>
  ({ id: 1, ref: 'C-1001', businessUnit: 'Sales', csat: 2, csatBlind: 2, thumbs: null, ...over }) as Chat;
const rated = (n: number, thumbs: 'up' | 'down') =>
  Array.from({ length: n }, (_, i) => chat({ id: i + 1, thumbs, csatBlind: 2, csat: thumbs === 'up' ? 4 : 2 }));

function fakeDeps(reads: { up: number; down: number; fail?: boolean }) {
  let now = T0;
  let queries = 0;
  const deps = {
    clock: { now: () => new Date(now) },
    settings: { ...defaultSettings, calibrationMinChats: 30, calibrationTtlMs: 5 * 60_000 },
    log: { warn: jest.fn(), info: jest.fn(), error: jest.fn(), debug: jest.fn() },
    store: {
      chats: {
        query: async (f: { thumbs: 'up' | 'down' }) => {
          queries++;
          if (reads.fail) throw new Error('database is down');
          const items = rated(f.thumbs === 'up' ? reads.up : reads.down, f.thumbs);
          return { items, total: items.length };
        },
      },
    },
  } as unknown as Deps;
  return { deps, queries: () => queries, later: (ms: number) => (now += ms) };
}

describe('calibrated CSAT on cards', () => {
  it('needs the minimum of rated chats, then reads them once per TTL for any number of cards', async () => {
    const reads = { up: 20, down: 5 };
    const f = fakeDeps(reads);
    expect(await calibratedCsat(f.deps, chat({}))).toBeNull();
    expect(f.queries()).toBe(2);
    reads.up = 30;
    for (let i = 0; i < 50; i++) expect(await calibratedCsat(f.deps, chat({}))).toBeNull();
    expect(f.queries()).toBe(2);
    f.later(5 * 60_000);
    // The expired fit still serves the card that starts the refit; the next card sees the new one.
    expect(await calibratedCsat(f.deps, chat({}))).toBeNull();
    await new Promise((r) => setImmediate(r));
    const c = await calibratedCsat(f.deps, chat({}));
    expect(f.queries()).toBe(4);
    expect(c).toMatchObject({ from: 35, scope: 'Sales' });
    expect(c!.score).toBeGreaterThan(3);
    expect(calibratedText(c!)).toMatch(/^calibrated \d\.\d from 35 rated Sales chats$/);
  });

  it("calibrates a rated chat's blind CSAT, and shows nothing without one", async () => {
    const f = fakeDeps({ up: 30, down: 5 });
    const unrated = await calibratedCsat(f.deps, chat({ csat: 2 }));
    expect(await calibratedCsat(f.deps, chat({ thumbs: 'up', csat: 4, csatBlind: 2 }))).toEqual(unrated);
    expect(await calibratedCsat(f.deps, chat({ thumbs: 'up', csat: 4, csatBlind: null }))).toBeNull();
    expect(await calibratedCsat(f.deps, chat({ csat: null }))).toBeNull();
  });

  it('a unit below the minimum uses all units once they have it; a failed read shows nothing', async () => {
    const f = fakeDeps({ up: 30, down: 5 });
    expect(await calibratedCsat(f.deps, chat({ businessUnit: 'Tech Support' }))).toMatchObject({
      from: 35,
      scope: 'all units',
    });
    const down = fakeDeps({ up: 30, down: 5, fail: true });
    expect(await calibratedCsat(down.deps, chat({}))).toBeNull();
  });
});
