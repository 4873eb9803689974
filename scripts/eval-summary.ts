// `npm run eval:summary`: the summarizers on the labelled chats of test/fixtures/scoring-eval, through the same
// citation check as `summary <chat>`: points per summary, the share of citations that point to a line that exists
// before the check and after it (must be 100 %), and the points dropped. The extractive summarizer always; the model
// when OPENAI_API_KEY is set; and a FAKE model (a local server that cites lines that do not exist) to show the check.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { extractiveSummarizer } from '../adapters/scoring/summary-extractive';
import { openAiSummarizer } from '../adapters/scoring/summary-openai';
import type { ChatSummary, SenderRole } from '../src/core/model';
import type { Summarizer, SummaryDraft, SummaryLine } from '../src/core/summary';
import { makeSummary, spokenLines } from '../src/core/summary-check';
import { FakeOpenAi, transcriptLineNumbers } from '../test/fakes/openai';

interface LabelledChat {
  id: string;
  lines: Array<{ role: SenderRole; atSec: number; text: string }>;
  split?: 'holdout';
}

const START = Date.UTC(2026, 0, 5, 9);
const dir = join(__dirname, '..', 'test', 'fixtures', 'scoring-eval');
const chats = readFileSync(join(dir, 'chats.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as LabelledChat);
const log = pino({ level: 'silent' });

/** Every stored line of a chat (whispers, bot lines and notes too, as the store holds them), ids 1001, 1002, … */
const linesOf = (c: LabelledChat): SummaryLine[] =>
  c.lines.map((l, i) => ({
    id: 1001 + i,
    role: l.role,
    author: l.role === 'agent' ? 'Agent Ann Lee' : l.role === 'customer' ? 'Customer Jo Doe' : l.role,
    text: l.text,
    at: new Date(START + l.atSec * 1000),
  }));

/** The summarizer with every draft it (or its fallback) hands back recorded, before the check sees it. */
function recorded(s: Summarizer, drafts: SummaryDraft[]): Summarizer {
  const wrap = (x: Summarizer): Summarizer => ({
    name: x.name,
    summarize: async (i) => {
      const d = await x.summarize(i);
      drafts.push(d);
      return d;
    },
  });
  return { ...wrap(s), ...(s.fallback ? { fallback: wrap(s.fallback) } : {}) };
}

const pct = (n: number, of: number) => (of ? `${((100 * n) / of).toFixed(1)} %` : 'n/a');

async function evaluate(label: string, summarizer: Summarizer): Promise<void> {
  /** Per source of the draft (the model, or the extractive summarizer standing in): citations, and those to a line that exists. */
  const citations = new Map<string, { cited: number; existing: number }>();
  let shown = 0;
  let shownExisting = 0;
  let dropped = 0;
  const perSummary: number[] = [];
  const sources = new Map<string, number>();
  const fallbacks = new Map<string, number>();
  const kinds = new Map<string, number>();
  let none = 0;
  const started = process.hrtime.bigint();
  for (const c of chats) {
    const all = linesOf(c);
    const spoken = new Map(spokenLines(all).map((l) => [l.id, l]));
    const drafts: SummaryDraft[] = [];
    const summary: ChatSummary | null = await makeSummary(
      {
        summarizer: recorded(summarizer, drafts),
        log,
        metrics: {
          checked: (e) => {
            dropped += e.dropped;
          },
        },
      },
      { chatRef: c.id, lines: all },
    );
    for (const d of drafts) {
      const c = citations.get(d.source) ?? { cited: 0, existing: 0 };
      c.cited += d.points.length;
      c.existing += d.points.filter((p) => spoken.has(p.lineId)).length;
      citations.set(d.source, c);
    }
    if (!summary) {
      none += 1;
      continue;
    }
    perSummary.push(summary.points.length);
    sources.set(summary.source, (sources.get(summary.source) ?? 0) + 1);
    if (summary.fallbackReason) fallbacks.set(summary.fallbackReason, (fallbacks.get(summary.fallbackReason) ?? 0) + 1);
    for (const p of summary.points) {
      shown += 1;
      const line = spoken.get(p.messageId);
      // Exists, and the time shown is that stored line's.
      if (line && line.at.getTime() === p.at.getTime()) shownExisting += 1;
      if (summary.source === 'extractive') {
        const kind =
          /^(Asked, upset|Asked|Most upset|Latest from the customer, and the most upset|Latest from the customer|First from the customer|Last from)\b/.exec(
            p.text,
          )?.[1] ??
          / (promised|confirmed|offered):/.exec(p.text)?.[1] ??
          'other';
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      }
    }
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6 / chats.length;
  const dist = [1, 2, 3, 4, 5].map((n) => `${n}: ${perSummary.filter((x) => x === n).length}`).join(', ');
  console.log(`\n${label}`);
  console.log(
    `  chats summarised: ${perSummary.length} of ${chats.length}${none ? ` (${none} with too little to say)` : ''}; by source: ${[...sources].map(([s, n]) => `${s} ${n}`).join(', ')}`,
  );
  if (fallbacks.size)
    console.log(`  fell back to the extractive summary: ${[...fallbacks].map(([r, n]) => `${r} ${n}`).join(', ')}`);
  console.log(
    `  points per summary: mean ${(perSummary.reduce((a, b) => a + b, 0) / (perSummary.length || 1)).toFixed(2)}, min ${Math.min(...perSummary)}, max ${Math.max(...perSummary)} (${dist})`,
  );
  for (const [source, c] of citations)
    console.log(
      `  citations to a line that exists, before the check (${source} drafts): ${c.existing} of ${c.cited} (${pct(c.existing, c.cited)})`,
    );
  console.log(
    `  citations to a line that exists, after the check:  ${shownExisting} of ${shown} (${pct(shownExisting, shown)}), each shown with that line's time`,
  );
  console.log(`  points dropped by the check: ${dropped}`);
  if (kinds.size) console.log(`  kinds of point: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  console.log(`  speed: ${ms.toFixed(2)} ms per chat`);
  if (shownExisting !== shown) {
    console.error('  FAILED: a shown point cites a line that does not exist');
    process.exitCode = 1;
  }
}

/**
 * A stand-in for a model that invents citations: per chat, a point on the first and the last line it was shown, one on
 * line 999 and one past the end; every fourth chat only the first line's point is real, so the check leaves one and
 * the extractive summary answers instead.
 */
async function fakeModel(): Promise<FakeOpenAi> {
  const ai = await new FakeOpenAi().start();
  let n = 0;
  ai.summarize = (t) => {
    const lines = transcriptLineNumbers(t);
    const [first, last] = [lines[0] ?? 1, lines.at(-1) ?? 1];
    const invented = [
      { text: 'A refund was promised', line: 999 },
      { text: 'The customer asked for a manager', line: last + 5 },
    ];
    return {
      points:
        n++ % 4 === 3
          ? [{ text: 'What the customer asked', line: first }, ...invented]
          : [{ text: 'What the customer asked', line: first }, ...invented, { text: 'Where it ended', line: last }],
    };
  };
  return ai;
}

async function main(): Promise<void> {
  console.log(
    `Summaries of the ${chats.length} labelled chats (test/fixtures/scoring-eval/chats.jsonl), through the citation check of \`summary <chat>\``,
  );
  const extractive = extractiveSummarizer();
  await evaluate('extractive', extractive);

  const apiKey = process.env.OPENAI_API_KEY;
  if (apiKey) {
    const model = process.env.OPENAI_MODEL || 'gpt-4o-mini';
    await evaluate(
      `model ${model}`,
      openAiSummarizer({ apiKey, baseURL: process.env.OPENAI_BASE_URL || undefined, model, fallback: extractive, log }),
    );
  } else {
    console.log('\n(OPENAI_API_KEY is not set: no real model was evaluated)');
  }

  const ai = await fakeModel();
  try {
    await evaluate(
      'FAKE MODEL (a local fake OpenAI server, not a real model: it cites lines that do not exist on purpose)',
      openAiSummarizer({ apiKey: 'sk-fake', baseURL: ai.url, model: 'fake-model', fallback: extractive, log }),
    );
  } finally {
    await ai.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
