// The App Home tab: the user's supervised chats ("My Supervised Chats") and the business units watched in channels.
import type { ChatCardView, HomeView as HomeReplyView } from '../../../src/core/views';
import { chatActionButton } from './actions';
import { context, divider, header, section, type Block, type HomeView, type Message } from './blocks';
import { agentText, csatText, INACTIVE_BADGE, sentimentText, stateText } from './chat-text';
import { bold, escapeMrkdwn, fallback, HOME_BLOCKS_MAX, packTexts } from './mrkdwn';

export interface HomeModel {
  supervised: ChatCardView[];
  watches: { businessUnit: string; channelId: string }[];
  /** Set when the user maps to no Convrs agent: why, and how to get access. */
  unmapped?: string;
}

export const HOME_EMPTY = {
  supervised: 'You are not supervising any chat. Use /convrs open to find one.',
  watches: 'No business unit is watched in a channel. Type /convrs watch bu:<name> in a channel to mirror it there.',
} as const;

function chatSummary(c: ChatCardView): string {
  const facts = [bold(c.ref), escapeMrkdwn(c.customerName), escapeMrkdwn(c.businessUnit), agentText(c), stateText(c)];
  if (c.inactive) facts.push(INACTIVE_BADGE);
  const scores = [c.sentiment ? sentimentText(c.sentiment) : '', c.csat ? `CSAT ${csatText(c.csat)}` : ''].filter(Boolean);
  return scores.length ? `${facts.join(' · ')}\n${scores.join(' · ')}` : facts.join(' · ');
}

/** One section per chat while they fit in `room` blocks; past that the last block names the rest. */
function supervisedBlocks(chats: ChatCardView[], room: number): Block[] {
  if (chats.length === 0) return [section(escapeMrkdwn(HOME_EMPTY.supervised))];
  const shown = chats.length <= room ? chats : chats.slice(0, room - 1);
  const blocks: Block[] = shown.map((c) => section(chatSummary(c), chatActionButton('unsupervise', c.ref)));
  const rest = chats.slice(shown.length);
  if (rest.length) blocks.push(section(`…and ${rest.length} more: ${rest.map((c) => escapeMrkdwn(c.ref)).join(', ')}`));
  return blocks;
}

function watchBlocks(watches: HomeModel['watches']): Block[] {
  if (watches.length === 0) return [section(escapeMrkdwn(HOME_EMPTY.watches))];
  return packTexts(watches.map((w) => `${bold(w.businessUnit)} in <#${escapeMrkdwn(w.channelId)}>`)).map((t) => section(t));
}

export function renderHome(model: HomeModel): HomeView {
  const top: Block[] = model.unmapped ? [section(`⚠️ ${escapeMrkdwn(model.unmapped)}`)] : [];
  const watched: Block[] = [divider(), header('Watched business units'), ...watchBlocks(model.watches)];
  const footer = context('Type `/convrs help` for every command.');
  const room = HOME_BLOCKS_MAX - top.length - 1 - watched.length - 1;
  const blocks = [...top, header('My Supervised Chats'), ...supervisedBlocks(model.supervised, room), ...watched, footer];
  return { type: 'home', blocks };
}

/** `home` typed as a command: the same view as an answer to the person who asked. */
export function renderHomeMessage(home: HomeReplyView): Message {
  const covered = home.coverage ? `${home.coverage.covered} of ${home.coverage.total} open chats covered` : home.coverageNote ?? '';
  return { text: fallback(`Home: ${covered}`), blocks: [section(escapeMrkdwn(covered || 'Home'))] };
}
