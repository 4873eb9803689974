// What needs the supervisor now (the personal welcome card and `home`): coverage, supervised chats, watched units, Refresh.
import { coverageEmptyText, coverageTitle } from '../../../src/core/coverage-text';
import type { ChatCardView, CoverageRowView, HomeView } from '../../../src/core/views';
import { chatActionSubmit, commandSubmit } from './actions';
import { CARD_BYTES_MAX, jsonBytes, largestFitting, showingOf } from './activity';
import {
  adaptiveCard,
  heading,
  subtle,
  textBlock,
  type AdaptiveCard,
  type CardElement,
  type SubmitAction,
} from './adaptive';
import { bold, escapeMarkdown, escapeOutsideCode, truncate } from './markdown';

/** Uncovered rows a home card shows at most (the core sends five); the rest are counted. */
const UNCOVERED_ROWS_MAX = 10;
/** Names and reasons are bounded so one row never fills the card. */
const TEXT_MAX = 200;
const NOTE_MAX = 1000;

export const HOME_TEXTS = {
  supervised: 'You are not supervising any chat. Type `coverage` or `open` to find one, then `supervise <chat>`.',
  /** For whoever may not list open chats: `coverage` and `open` would only refuse them. */
  supervisedNoOpen:
    'You are not supervising any chat. Type `supervise <chat>` with a chat from an alert or from `agents`.',
  watches: 'No business unit is watched in a channel. In a team channel, @mention me with `watch bu:<name>`.',
} as const;

/** Refresh runs `home` again; its answer replaces this card (the surface updates the card the click came from). */
export const homeRefreshSubmit = (): SubmitAction => commandSubmit('Refresh', { action: 'page', command: 'home' });

const md = (s: string) => escapeMarkdown(truncate(s, TEXT_MAX));

/** A line of text with one button beside it. */
function withButton(text: string, button: SubmitAction): CardElement {
  return {
    type: 'ColumnSet',
    separator: true,
    columns: [
      {
        type: 'Column',
        width: 'stretch',
        verticalContentAlignment: 'Center',
        items: [textBlock(text, { spacing: 'None' })],
      },
      {
        type: 'Column',
        width: 'auto',
        verticalContentAlignment: 'Center',
        items: [{ type: 'ActionSet', actions: [button] }],
      },
    ],
  };
}

function uncoveredRow(r: CoverageRowView): CardElement {
  const facts = [
    bold(truncate(r.ref, TEXT_MAX)),
    md(r.customerName),
    md(r.businessUnit),
    r.agentName ? md(r.agentName) : '_(queue)_',
  ];
  return withButton(`${facts.join(' · ')}\n\n⚠️ ${md(r.reasons.join(' · '))}`, chatActionSubmit('supervise', r.ref));
}

function supervisedRow(c: ChatCardView): CardElement {
  const facts = [
    bold(truncate(c.ref, TEXT_MAX)),
    md(c.customerName),
    md(c.businessUnit),
    c.agent ? md(c.agent.name) : '_waiting in queue_',
  ];
  if (c.inactive) facts.push('💤 Inactive');
  return withButton(facts.join(' · '), chatActionSubmit('unsupervise', c.ref));
}

function coverageElements(home: HomeView, rows: number): CardElement[] {
  const v = home.coverage;
  if (!v) return home.coverageNote ? [textBlock(escapeMarkdown(truncate(home.coverageNote, NOTE_MAX)))] : [];
  const out: CardElement[] = [textBlock(bold(coverageTitle(v)))];
  if (!v.uncovered.length) out.push(textBlock(escapeMarkdown(coverageEmptyText(v)), { spacing: 'Small' }));
  const shown = v.uncovered.slice(0, rows);
  out.push(...shown.map(uncoveredRow));
  const more = v.total - v.covered - shown.length;
  if (more > 0) out.push(subtle(`…and ${more} more: type \`coverage\``));
  return out;
}

function watchedText(home: HomeView): string {
  if (!home.watches.length) return escapeOutsideCode(HOME_TEXTS.watches);
  const units = [...new Set(home.watches.map((w) => w.businessUnit))];
  const channels = new Set(home.watches.map((w) => w.destination)).size;
  return `${md(units.join(', '))} (in ${channels} channel${channels === 1 ? '' : 's'})`;
}

function build(home: HomeView, uncoveredShown: number, supervisedShown: number): AdaptiveCard {
  const body: CardElement[] = [];
  if (home.unmapped)
    body.push(textBlock(`⚠️ ${escapeMarkdown(truncate(home.unmapped, NOTE_MAX))}`, { color: 'Warning' }));
  if (home.coverage || home.coverageNote)
    body.push(heading('What needs you now'), ...coverageElements(home, uncoveredShown));
  body.push(heading('My Supervised Chats'));
  if (!home.supervised.length)
    body.push(textBlock(escapeOutsideCode(home.coverageNote ? HOME_TEXTS.supervisedNoOpen : HOME_TEXTS.supervised)));
  body.push(...home.supervised.slice(0, supervisedShown).map(supervisedRow));
  if (supervisedShown < home.supervised.length) {
    body.push(
      textBlock(
        `${showingOf(supervisedShown, home.supervised.length, 'supervised chats')}: the rest do not fit in one Teams message.`,
        { color: 'Warning', size: 'Small', spacing: 'Small' },
      ),
    );
  }
  body.push(heading('Watched business units'), textBlock(watchedText(home)));
  const headline = home.coverage ? coverageTitle(home.coverage) : `${home.supervised.length} supervised chats`;
  return adaptiveCard(body, [homeRefreshSubmit()], `What needs you now: ${headline}`);
}

/** What needs you now gets the room first; the supervised chats what is left of Teams' message size. */
export function renderHome(home: HomeView): AdaptiveCard {
  const rows = Math.min(home.coverage?.uncovered.length ?? 0, UNCOVERED_ROWS_MAX);
  const uncovered = largestFitting(rows, (n) => jsonBytes(build(home, n, 0)) <= CARD_BYTES_MAX);
  return build(
    home,
    uncovered,
    largestFitting(home.supervised.length, (n) => jsonBytes(build(home, uncovered, n)) <= CARD_BYTES_MAX),
  );
}
