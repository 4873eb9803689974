// The App Home tab and `/convrs home`: what needs you now (open chats nobody mirrors), "My Supervised Chats", watched units.
import { coverageEmptyText, coverageTitle } from '../../../src/core/coverage-text';
import type { ChatCardView, CoverageRowView, CoverageView, HomeView as HomeReplyView } from '../../../src/core/views';
import { chatActionButton, commandButton } from './actions';
import { context, divider, header, section, type Block, type HomeView, type Message } from './blocks';
import { agentText, csatText, INACTIVE_BADGE, sentimentText, stateText } from './chat-text';
import { bold, escapeMrkdwn, fallback, HOME_BLOCKS_MAX, MESSAGE_BLOCKS_MAX, packTexts } from './mrkdwn';

export interface HomeModel {
  /** What needs the user now; null or absent when they may not see open chats (`coverageNote` says why). */
  coverage?: CoverageView | null;
  coverageNote?: string;
  supervised: ChatCardView[];
  watches: { businessUnit: string; channelId: string }[];
  /** Set when the user maps to no Convrs agent: why, and how to get access. */
  unmapped?: string;
}

export const HOME_EMPTY = {
  supervised: 'You are not supervising any chat. Use /convrs open to find one.',
  /** For whoever may not list open chats: `open` would only refuse them. */
  supervisedNoOpen:
    'You are not supervising any chat. Use /convrs supervise <chat> with a chat from an alert or /convrs agents.',
  watches: 'No business unit is watched in a channel. Type /convrs watch bu:<name> in a channel to mirror it there.',
} as const;

/** Rows a home screen shows at most (the core sends five); the rest are counted. */
const UNCOVERED_ROWS_MAX = 10;

/** The Refresh button: `home` again, which re-publishes the App Home (or answers anew where it was typed). */
export const refreshButton = () => commandButton('Refresh', 'home');

function chatSummary(c: ChatCardView): string {
  const facts = [bold(c.ref), escapeMrkdwn(c.customerName), escapeMrkdwn(c.businessUnit), agentText(c), stateText(c)];
  if (c.inactive) facts.push(INACTIVE_BADGE);
  const scores = [c.sentiment ? sentimentText(c.sentiment) : '', c.csat ? `CSAT ${csatText(c.csat)}` : ''].filter(
    Boolean,
  );
  return scores.length ? `${facts.join(' · ')}\n${scores.join(' · ')}` : facts.join(' · ');
}

function uncoveredText(r: CoverageRowView): string {
  const agent = r.agentName ? escapeMrkdwn(r.agentName) : '_(queue)_';
  return `${[bold(r.ref), escapeMrkdwn(r.customerName), escapeMrkdwn(r.businessUnit), agent].join(' · ')}\n⚠️ ${escapeMrkdwn(r.reasons.join(' · '))}`;
}

/** "What needs you now": the counts with Refresh, one section per uncovered chat with Supervise, and how many more. */
function coverageBlocks(model: HomeModel): Block[] {
  const v = model.coverage;
  if (!v)
    return model.coverageNote
      ? [header('What needs you now'), section(escapeMrkdwn(model.coverageNote), refreshButton())]
      : [];
  const blocks: Block[] = [header('What needs you now'), section(bold(coverageTitle(v)), refreshButton())];
  if (!v.uncovered.length) blocks.push(section(escapeMrkdwn(coverageEmptyText(v))));
  const shown = v.uncovered.slice(0, UNCOVERED_ROWS_MAX);
  blocks.push(...shown.map((r) => section(uncoveredText(r), chatActionButton('supervise', r.ref))));
  const more = v.total - v.covered - shown.length;
  if (more > 0) blocks.push(context(`…and ${more} more: \`/convrs coverage\``));
  return [...blocks, divider()];
}

/** One section per chat while they fit in `room` blocks; past that the last block names the rest. */
function supervisedBlocks(chats: ChatCardView[], room: number, mayOpen: boolean): Block[] {
  if (chats.length === 0) return [section(escapeMrkdwn(mayOpen ? HOME_EMPTY.supervised : HOME_EMPTY.supervisedNoOpen))];
  const shown = chats.length <= room ? chats : chats.slice(0, Math.max(0, room - 1));
  const blocks: Block[] = shown.map((c) => section(chatSummary(c), chatActionButton('unsupervise', c.ref)));
  const rest = chats.slice(shown.length);
  if (rest.length) blocks.push(section(`…and ${rest.length} more: ${rest.map((c) => escapeMrkdwn(c.ref)).join(', ')}`));
  return blocks;
}

function watchBlocks(watches: HomeModel['watches']): Block[] {
  if (watches.length === 0) return [section(escapeMrkdwn(HOME_EMPTY.watches))];
  return packTexts(watches.map((w) => `${bold(w.businessUnit)} in <#${escapeMrkdwn(w.channelId)}>`)).map((t) =>
    section(t),
  );
}

/** Everything in at most `max` blocks: the supervised chats get what the rest leaves (at least two). */
function homeBlocks(model: HomeModel, max: number): Block[] {
  const top: Block[] = model.unmapped ? [section(`⚠️ ${escapeMrkdwn(model.unmapped)}`)] : [];
  const needs = coverageBlocks(model);
  const footer = context('Type `/convrs help` for every command.');
  const fixed = top.length + needs.length + 2;
  const watched: Block[] = [divider(), header('Watched business units'), ...watchBlocks(model.watches)].slice(
    0,
    Math.max(2, max - fixed - 2),
  );
  const room = max - fixed - watched.length;
  return [
    ...top,
    ...needs,
    header('My Supervised Chats'),
    ...supervisedBlocks(model.supervised, room, !model.coverageNote),
    ...watched,
    footer,
  ];
}

export function renderHome(model: HomeModel): HomeView {
  return { type: 'home', blocks: homeBlocks(model, HOME_BLOCKS_MAX) };
}

/** The core's home view with its watches as channel ids (the surface filters them to the channels the user is in). */
export function homeModelOf(home: HomeReplyView): HomeModel {
  const { watches, ...rest } = home;
  return { ...rest, watches: watches.map((w) => ({ businessUnit: w.businessUnit, channelId: w.destination })) };
}

/** `home` typed as a command: the same content as an answer to the person who asked (a message holds 50 blocks). */
export function renderHomeMessage(home: HomeReplyView): Message {
  const model = homeModelOf(home);
  const headline = model.coverage
    ? coverageTitle(model.coverage)
    : (model.coverageNote ?? `${model.supervised.length} supervised chats`);
  return { text: fallback(`What needs you now: ${headline}`), blocks: homeBlocks(model, MESSAGE_BLOCKS_MAX) };
}
