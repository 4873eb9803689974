// `npm run eval:scoring`: the lexicon scorer (and the OpenAI one when OPENAI_API_KEY is set) against the
// hand-labelled fixtures in test/fixtures/scoring-eval: message labels (all, the part the lexicon was tuned on, and the
// hold-out it was not, also per batch), chat CSAT with the thumbs withheld, and its calibration against the thumbs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { lexiconScorer } from '../adapters/scoring/lexicon';
import { accuracy, confusionMatrix, macroF1, meanAbsoluteError } from '../adapters/scoring/metrics';
import { openAiScorer } from '../adapters/scoring/openai';
import { calibrate, calibrationStats, errors, fitCalibration, type LabelledCsat } from '../src/core/calibration';
import type { SenderRole, SentimentLabel, Thumbs } from '../src/core/model';
import type { ScoreResult, Scorer, ScoringInput } from '../src/core/scoring';

/** `added` is the date of a later batch; the first batch has none. */
interface LabelledMessage {
  text: string;
  label: SentimentLabel;
  split?: 'holdout';
  added?: string;
}
interface LabelledChat {
  id: string;
  thumbs: Thumbs | null;
  csat: number;
  lines: Array<{ role: SenderRole; atSec: number; text: string }>;
  split?: 'holdout';
  added?: string;
}

const LABELS: readonly SentimentLabel[] = ['negative', 'neutral', 'positive'];
const CONCURRENCY = 4;
const START = Date.UTC(2026, 0, 5, 9);
const dir = join(__dirname, '..', 'test', 'fixtures', 'scoring-eval');
const readJsonl = <T>(name: string): T[] =>
  readFileSync(join(dir, name), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);

const messageInput = (m: LabelledMessage, i: number): ScoringInput => ({
  chatRef: `M-${i + 1}`,
  lines: [{ role: 'customer', text: m.text, at: new Date(START) }],
  thumbs: null,
  finished: false,
});
const chatInput = (c: LabelledChat, thumbs: Thumbs | null): ScoringInput => ({
  chatRef: c.id,
  lines: c.lines.map((l) => ({ role: l.role, text: l.text, at: new Date(START + l.atSec * 1000) })),
  thumbs,
  finished: true,
});

async function scoreAll(scorer: Scorer, inputs: ScoringInput[]): Promise<ScoreResult[]> {
  const results: ScoreResult[] = new Array(inputs.length);
  let next = 0;
  const work = async () => {
    for (let i = next++; i < inputs.length; i = next++) results[i] = await scorer.score(inputs[i]);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, work));
  return results;
}

const pct = (n: number) => `${(100 * n).toFixed(1)}%`;
const batchOf = (m: { added?: string }) => m.added ?? 'first batch';

/** One line of figures for the messages at `indices`: aggregates only, so a hold-out is never read line by line. */
function printLabels(name: string, indices: number[], truth: SentimentLabel[], predicted: SentimentLabel[]): void {
  if (!indices.length) return;
  const [t, p] = [indices.map((i) => truth[i]), indices.map((i) => predicted[i])];
  console.log(
    `  ${name} (${indices.length}): accuracy ${pct(accuracy(t, p))}, macro-F1 ${macroF1(LABELS, t, p).toFixed(3)}`,
  );
}

function printConfusion(truth: SentimentLabel[], predicted: SentimentLabel[]): void {
  const counts = confusionMatrix(LABELS, truth, predicted);
  console.log(`    true \\ predicted  ${LABELS.map((l) => l.padStart(9)).join('')}`);
  counts.forEach((row, i) =>
    console.log(`    ${LABELS[i].padEnd(18)} ${row.map((n) => String(n).padStart(9)).join('')}`),
  );
}

async function evaluate(scorer: Scorer, messages: LabelledMessage[], chats: LabelledChat[]): Promise<void> {
  const started = process.hrtime.bigint();
  const byMessage = await scoreAll(scorer, messages.map(messageInput));
  const msPerMessage = Number(process.hrtime.bigint() - started) / 1e6 / messages.length;
  const truth = messages.map((m) => m.label);
  const predicted = byMessage.map((r) => r.sentiment.label);
  const where = (keep: (m: LabelledMessage) => boolean) => messages.flatMap((m, i) => (keep(m) ? [i] : []));
  const blind = await scoreAll(
    scorer,
    chats.map((c) => chatInput(c, null)),
  );
  const informed = await scoreAll(
    scorer,
    chats.map((c) => chatInput(c, c.thumbs)),
  );
  const rated = chats.map((c, i) => ({ c, i })).filter(({ c }) => c.thumbs);
  const fallbacks = [...byMessage, ...blind, ...informed].filter((r) => r.fallbackReason).length;

  console.log(`\n${scorer.name}${fallbacks ? ` (${fallbacks} answers came from the fallback scorer)` : ''}`);
  console.log(
    `  messages (${messages.length}): accuracy ${pct(accuracy(truth, predicted))}, macro-F1 ${macroF1(LABELS, truth, predicted).toFixed(3)}, ${msPerMessage.toFixed(3)} ms/message`,
  );
  printConfusion(truth, predicted);
  const batches = [...new Set(messages.map(batchOf))];
  for (const [part, inPart] of [
    ['tuning', (m: LabelledMessage) => m.split !== 'holdout'],
    ['hold-out', (m: LabelledMessage) => m.split === 'holdout'],
  ] as const) {
    printLabels(`${part} messages`, where(inPart), truth, predicted);
    if (batches.length > 1)
      for (const batch of batches)
        printLabels(
          `  ${part}, ${batch}`,
          where((m) => inPart(m) && batchOf(m) === batch),
          truth,
          predicted,
        );
  }
  console.log(`  chats (${chats.length}), CSAT mean absolute error:`);
  console.log(
    `    vs reference CSAT, thumbs withheld: ${meanAbsoluteError(
      chats.map((c) => c.csat),
      blind.map((r) => r.csat.score),
    ).toFixed(2)}`,
  );
  console.log(
    `    vs thumbs (up=5, down=1; ${rated.length} chats), thumbs withheld: ${meanAbsoluteError(
      rated.map(({ c }) => (c.thumbs === 'up' ? 5 : 1)),
      rated.map(({ i }) => blind[i].csat.score),
    ).toFixed(2)}`,
  );
  console.log(
    `    vs reference CSAT, thumbs given: ${meanAbsoluteError(
      chats.map((c) => c.csat),
      informed.map((r) => r.csat.score),
    ).toFixed(2)}`,
  );
  printCalibration(rated.map(({ c, i }) => ({ unit: 'eval', csat: blind[i].csat.score, up: c.thumbs === 'up' })));
  const heldOut = chats.flatMap((c, i) => (c.split === 'holdout' ? [i] : []));
  if (heldOut.length) {
    console.log(
      `    hold-out chats (${heldOut.length}) vs reference CSAT, thumbs withheld: ${meanAbsoluteError(
        heldOut.map((i) => chats[i].csat),
        heldOut.map((i) => blind[i].csat.score),
      ).toFixed(2)}`,
    );
  }
}

const fig = (x: number | null) => (x === null ? '–' : x.toFixed(3));

/**
 * Predicted CSAT (thumbs withheld) against the thumbs: error and reliability as predicted, then the calibration map's
 * error by leave-one-out cross-validation (each chat calibrated by a map fitted on the others, never on itself).
 */
function printCalibration(samples: LabelledCsat[]): void {
  const before = calibrationStats(samples);
  console.log(`  calibration on the rated chats (${samples.length}), P(up) = (CSAT − 1) / 4, thumbs up = 1:`);
  console.log(`    as predicted: MAE ${fig(before.mae)}, Brier ${fig(before.brier)}`);
  console.log('    predicted  chats  share up');
  for (const r of before.reliability)
    console.log(
      `    ${String(r.predicted).padStart(9)}  ${String(r.count).padStart(5)}  ${r.shareUp === null ? '–' : pct(r.shareUp)}`,
    );
  const loo = samples.map((s, i) => (calibrate(fitCalibration(samples.filter((_, j) => j !== i)), s.csat) - 1) / 4);
  const after = errors(
    samples.map((s, i) => ({ ...s, csat: 1 + 4 * loo[i]! })),
    (s) => (s.csat - 1) / 4,
  );
  console.log(`    calibrated, leave-one-out: MAE ${fig(after.mae)}, Brier ${fig(after.brier)}`);
  const all = fitCalibration(samples);
  const fitted = errors(samples, (s) => (calibrate(all, s.csat) - 1) / 4);
  console.log(
    `    calibrated, fitted and scored on the same chats (optimistic): MAE ${fig(fitted.mae)}, Brier ${fig(fitted.brier)}`,
  );
  console.log(
    `    map fitted on all ${samples.length}: ${all.fitted.map((p, i) => `${i + 1}→${(1 + 4 * p).toFixed(2)}`).join(' ')}`,
  );
}

async function main(): Promise<void> {
  const messages = readJsonl<LabelledMessage>('messages.jsonl');
  const chats = readJsonl<LabelledChat>('chats.jsonl');
  const lexicon = lexiconScorer();
  await evaluate(lexicon, messages, chats);
  const apiKey = process.env.OPENAI_API_KEY;
  if (!apiKey) {
    console.log('\n(OPENAI_API_KEY is not set: the model was not evaluated)');
    return;
  }
  const model = process.env.OPENAI_MODEL || 'gpt-4o-mini';
  const log = pino({ level: 'warn' });
  await evaluate(
    openAiScorer({ apiKey, baseURL: process.env.OPENAI_BASE_URL || undefined, model, fallback: lexicon, log }),
    messages,
    chats,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
