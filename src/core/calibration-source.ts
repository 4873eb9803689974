// The rated chats (a predicted CSAT and the customer's thumbs) calibration rests on, and the maps behind the calibrated
// CSAT on cards and in `score`: refitted at most every `calibrationTtlMs`, shared by every card, never a query per card.
import { fitCalibrationMaps, calibrate, scopeFor, type CalibrationMaps, type LabelledCsat } from './calibration';
import type { Deps } from './deps';
import type { Chat } from './model';
import type { ChatFilter, Store } from './store-ports';
import type { CalibratedCsatView } from './views';

/** Rated chats read for one fit; beyond it the newest-first page is what calibration sees. */
export const RATED_CHATS_MAX = 50_000;

/**
 * The chats of `filter` with thumbs and a CSAT predicted before them (`csatBlind`: the stored CSAT of a rated chat was
 * scored knowing the thumbs, so it would flatter the prediction). Two indexed reads: thumbs up, thumbs down.
 */
export async function ratedChats(deps: Deps, filter: ChatFilter): Promise<Chat[]> {
  const page = { page: 1, pageSize: RATED_CHATS_MAX };
  const [up, down] = await Promise.all([
    deps.store.chats.query({ ...filter, thumbs: 'up' }, page),
    deps.store.chats.query({ ...filter, thumbs: 'down' }, page),
  ]);
  return [...up.items, ...down.items].filter((c) => c.csatBlind != null && c.thumbs !== null);
}

export const labelled = (chats: Chat[]): LabelledCsat[] =>
  chats.map((c) => ({ unit: c.businessUnit, csat: c.csatBlind!, up: c.thumbs === 'up' }));

interface Fit {
  at: number;
  maps: Promise<CalibrationMaps>;
  /** The last fit that finished: cards use it while a newer one is read, so no card waits for the refit. */
  ready?: CalibrationMaps;
}
/** One fit per store (a process has one; tests make many), refreshed lazily by the first card after it expires. */
const fits = new WeakMap<Store, Fit>();

function refit(deps: Deps, now: number, previous?: CalibrationMaps): Fit {
  const fit: Fit = { at: now, maps: ratedChats(deps, {}).then((chats) => fitCalibrationMaps(labelled(chats))) };
  if (previous) fit.ready = previous;
  fits.set(deps.store, fit);
  fit.maps.then(
    (maps) => (fit.ready = maps),
    () => {
      // A failed read is tried again by the next card (the previous fit, if any, serves until then).
      if (fits.get(deps.store) === fit) {
        if (previous) fits.set(deps.store, { at: now, maps: Promise.resolve(previous), ready: previous });
        else fits.delete(deps.store);
      }
    },
  );
  return fit;
}

async function mapsOf(deps: Deps): Promise<CalibrationMaps> {
  const now = deps.clock.now().getTime();
  const held = fits.get(deps.store);
  if (held && now - held.at < deps.settings.calibrationTtlMs) return held.ready ?? held.maps;
  const fit = refit(deps, now, held?.ready);
  return fit.ready ?? fit.maps;
}

/** Forgets the fit (tests, or after a bulk import of ratings). */
export function forgetCalibration(deps: Deps): void {
  fits.delete(deps.store);
}

/**
 * The chat's CSAT calibrated by its unit's map (or all units' while its unit has too few rated chats); null without a
 * prediction made before thumbs, before enough rated chats exist, or when the fit could not be read (the card goes
 * out without it). A rated chat's stored CSAT knew the thumbs: its blind one is calibrated instead.
 */
export async function calibratedCsat(deps: Deps, chat: Chat): Promise<CalibratedCsatView | null> {
  const predicted = chat.thumbs === null ? chat.csat : (chat.csatBlind ?? null);
  if (predicted === null) return null;
  let maps: CalibrationMaps;
  try {
    maps = await mapsOf(deps);
  } catch (e) {
    deps.log.warn({ err: (e as Error).message }, 'calibration maps could not be read');
    return null;
  }
  const scope = scopeFor(maps, chat.businessUnit, deps.settings.calibrationMinChats);
  if (!scope) return null;
  return {
    score: Math.round(calibrate(scope.map, predicted) * 10) / 10,
    from: scope.map.count,
    scope: scope.unit === null ? 'all units' : chat.businessUnit,
  };
}

/** "calibrated 2.9 from 48 rated Sales chats" (or "… rated chats of all units"). */
export function calibratedText(c: CalibratedCsatView): string {
  return `calibrated ${c.score.toFixed(1)} from ${c.from} rated ${c.scope === 'all units' ? 'chats of all units' : `${c.scope} chats`}`;
}
