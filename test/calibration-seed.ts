// Rated and whispered chats written straight to the store, for the calibration and "Did coaching help?" e2e tests.
import type { IncomingMessage } from '../src/core/model';
import { forgetCalibration } from '../src/core/calibration-source';
import type { Harness } from './harness';

export const T0 = Date.parse('2026-11-02T10:00:00Z');
let n = 0;

async function stored(
  h: Harness,
  unit: string,
  start: number,
  scores: { csat?: number; thumbs?: 'up' | 'down' | null },
  lines: [IncomingMessage['role'], number, string][],
) {
  const conversationId = `calib-${process.pid}-${++n}`;
  const { chat } = await h.app.store.chats.upsert({
    conversationId,
    uid: `u-${n}`,
    channel: 'webchat',
    customerName: 'Zoë Müller',
    customerCountry: 'DE',
    businessUnit: unit,
    agentEmail: 'ann.lee@acme.test',
    agentName: 'Ann Lee',
    status: 'closed',
    startedAt: new Date(start),
    lastActivityAt: new Date(start + 15 * 60_000),
    closedAt: new Date(start + 20 * 60_000),
    thumbs: scores.thumbs ?? null,
  });
  // The CSAT was predicted before the thumbs came (csatBlind), as scoring on finish does.
  if (scores.csat !== undefined)
    await h.app.store.chats.update(chat.id, { csat: scores.csat, csatBlind: scores.csat, csatSource: 'lexicon' });
  let i = 0;
  for (const [role, min, text] of lines)
    await h.app.store.messages.insert(chat.id, {
      mid: `${conversationId}-${++i}`,
      conversationId,
      role,
      authorName: role === 'whisper' ? 'Sam Boss' : role,
      authorEmail: role === 'whisper' ? 'sam.boss@acme.test' : null,
      text,
      attachments: [],
      at: new Date(start + min * 60_000),
      kind: 'message',
    });
  return chat;
}

/**
 * `count` rated chats of `unit` on 2026-11-02: predicted CSAT 2 (the model is gloomy), and four in five customers
 * still gave a thumbs up — the calibrated CSAT of a 2 comes out above 3. The fit is forgotten so cards see them now.
 */
export async function seedRated(h: Harness, unit: string, count: number) {
  for (let k = 0; k < count; k++)
    await stored(h, unit, T0 + k * 60_000, { csat: 2, thumbs: k % 5 === 4 ? 'down' : 'up' }, [
      ['customer', 0, 'my order is late'],
      ['agent', 1, 'let me check'],
    ]);
  forgetCalibration(h.app.deps);
}

/** A chat of `unit` whose customer is upset, gets a whisper at minute 5, and is pleased after it. */
export const seedWhispered = (h: Harness, unit: string) =>
  stored(h, unit, T0 + 3_600_000, {}, [
    ['customer', 2, 'this is useless, nobody helps'],
    ['whisper', 5, 'offer the refund now'],
    ['agent', 6, 'I have refunded you'],
    ['customer', 8, 'great, thank you so much!'],
  ]);

/** A chat of `unit` without a whisper, as upset at the start, still upset ten minutes on. */
export const seedUnwhispered = (h: Harness, unit: string) =>
  stored(h, unit, T0 + 7_200_000, {}, [
    ['customer', 2, 'this is useless, nobody helps'],
    ['agent', 6, 'please wait'],
    ['customer', 8, 'still waiting, this is ridiculous'],
  ]);
