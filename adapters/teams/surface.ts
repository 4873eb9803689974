// The Teams surface: channel threads (card root + replies) and, in personal chat, one live transcript card per chat.
import { randomBytes } from 'node:crypto';
import type { Activity, CloudAdapter, ConversationReference } from 'botbuilder';
import type { Logger } from 'pino';
import { AppError } from '../../src/core/errors';
import type { Requester, SurfaceStateStore, SupervisorSurface, ThreadTarget } from '../../src/core/ports';
import type { AlertView, ChartView, ChatCardView, FileView, MessageLineView, ReplyView } from '../../src/core/views';
import { CHART_FAILED, drawChart, type ChartRenderer } from '../charts';
import { withConnector } from './connector';
import { toAppError } from './errors';
import { ConversationRefs, rootOf, threadConversation } from './refs';
import { cardActivity, renderAlert, renderChatCard, renderLines, renderReply, textActivity } from './render';
import type { AdaptiveCard } from './render/adaptive';
import { withChartImage, withChartNote } from './render/chart';

/** Teams allows 7 posts/s and 60/30 s per thread; a destination here is a channel (all its chat threads) or a personal chat. */
const POST_BUDGET = { perSecond: 2, burst: 7 };
/**
 * Lines a live transcript card keeps: no fewer than one post can bring (maxLinesPerPost), or lines of a busy chat
 * would scroll off the card before the supervisor ever saw them.
 */
const LIVE_LINES = 10;
const LIVE_KEYS = 200;
export const EXPORT_TTL_MS = 15 * 60_000;
/**
 * A chart image is fetched by Teams when the card shows, again on other devices and when scrolled back to: the link
 * is not single-use, and lives a week (aggregates only, behind 192 random bits).
 */
export const CHART_TTL_MS = 7 * 24 * 3_600_000;

/** What the receiver passes in `Requester.context`. */
export interface TeamsRequestContext {
  /** The conversation the request came from (a channel thread id includes `;messageid=`). */
  conversationId?: string;
  /** The sender's Bot Framework id (29:…), for TeamsInfo member lookups. */
  memberId?: string;
  teamId?: string;
  /** The incoming activity (a whisper reply gets its confirmation next to it). */
  activityId?: string;
  /** A card submit: the activity id of the card clicked (`replyToId`), which a `home` answer updates in place. */
  cardId?: string;
}

interface LiveCard {
  card: ChatCardView;
  lines: MessageLineView[];
  keys: string[];
}

export interface TeamsSurfaceOptions {
  adapter: CloudAdapter;
  appId: string;
  state: SurfaceStateStore;
  /** Origin download links point at. */
  baseUrl: () => string;
  log: Logger;
  /** Draws a list reply's chart (tests swap in one that fails). */
  charts?: ChartRenderer;
}

/** The whisper box shows while the chat is open and its viewer may act on it (a card without buttons: an ended thread). */
const mayWhisper = (card: ChatCardView) => card.state !== 'finished' && card.actions.length > 0;

export class TeamsSurface implements SupervisorSurface {
  readonly name = 'teams' as const;
  readonly maxLinesPerPost = 10;
  readonly refs: ConversationRefs;
  private readonly liveLocks = new Map<number, Promise<void>>();

  constructor(private readonly o: TeamsSurfaceOptions) {
    this.refs = new ConversationRefs(o.state);
  }

  postBudget(): { perSecond: number; burst: number } {
    return POST_BUDGET;
  }

  async openPersonalDestination(userId: string): Promise<string> {
    const ref = await this.refs.personalOf(userId);
    if (!ref?.conversation?.id)
      throw new AppError(
        'conflict',
        "I can't message you privately yet: open a chat with the Convrs Supervisor app in Teams once (Apps → Convrs Supervisor → Chat), then try again.",
      );
    return ref.conversation.id;
  }

  async startThread(target: ThreadTarget, shown: ChatCardView): Promise<{ rootPostId: string }> {
    const card = await this.withWallNames(shown);
    if (target.kind === 'personal') {
      const id = await this.send(
        target.destination,
        cardActivity(renderChatCard(card, { lines: [], whisperBox: mayWhisper(card) })),
      );
      await this.saveLive(target.threadId, { card, lines: [], keys: [] });
      return { rootPostId: id };
    }
    // A new thread in the channel: the chat card is its first post.
    const ref = await this.refOrFail(target.destination);
    const created = await this.connector(ref, 'createConversation', (c) =>
      c.conversations.createConversation({
        isGroup: true,
        bot: { id: this.o.appId || ref.bot?.id || 'bot', name: ref.bot?.name ?? 'Convrs Supervisor' },
        channelData: { channel: { id: target.destination } },
        tenantId: ref.conversation?.tenantId,
        activity: cardActivity(renderChatCard(card)) as Activity,
        members: [],
      }),
    );
    const root = created.activityId ?? rootOf(created.id ?? '');
    if (!root) throw toAppError(new Error('createConversation returned no activity id'), { op: 'createConversation' });
    return { rootPostId: root };
  }

  async updateCard(target: ThreadTarget, shown: ChatCardView): Promise<void> {
    if (!target.rootPostId) return;
    const card = await this.withWallNames(shown);
    if (target.kind === 'personal') {
      const rootPostId = target.rootPostId;
      await this.oneAtATime(target.threadId, async () => {
        const live = (await this.loadLive(target.threadId)) ?? { card, lines: [], keys: [] };
        live.card = card;
        await this.update(target.destination, rootPostId, cardActivity(this.liveCard(live)));
        await this.saveLive(target.threadId, live);
      });
      return;
    }
    await this.update(
      threadConversation(target.destination, target.rootPostId),
      target.rootPostId,
      cardActivity(renderChatCard(card)),
    );
  }

  async postLines(target: ThreadTarget, lines: MessageLineView[], key: string): Promise<string> {
    if (target.kind === 'personal') {
      return this.oneAtATime(target.threadId, async () => {
        const live = await this.loadLive(target.threadId);
        if (!live || !target.rootPostId)
          throw new AppError('internal', 'live transcript card state is missing', { retryable: false });
        live.lines = [...live.lines, ...lines].slice(-LIVE_LINES);
        live.keys = [...live.keys, key].slice(-LIVE_KEYS);
        await this.update(target.destination, target.rootPostId, cardActivity(this.liveCard(live)));
        await this.saveLive(target.threadId, live);
        return target.rootPostId;
      });
    }
    const conversation = threadConversation(target.destination, target.rootPostId ?? '');
    return this.send(conversation, { type: 'message', ...renderLines(lines) });
  }

  /**
   * A personal card records the keys it showed. Channel threads cannot be searched for our own posts without
   * Graph permissions, so there an unrecorded post (a crash between Teams accepting it and our record) may repeat.
   */
  async findPost(target: ThreadTarget, key: string): Promise<string | null> {
    if (target.kind !== 'personal') return null;
    const live = await this.loadLive(target.threadId);
    return live?.keys.includes(key) ? target.rootPostId : null;
  }

  async reply(to: Requester, view: ReplyView): Promise<void> {
    const r = view.type === 'list' && view.chart ? await this.withChart(view, view.chart) : renderReply(view);
    const activity = r.card ? cardActivity(r.card, r.text) : textActivity(r.text ?? '');
    const cardId = (to.context as TeamsRequestContext | undefined)?.cardId;
    // Refresh on a home card shows the new home in that card rather than adding another one below it.
    if (view.type === 'home' && cardId) {
      try {
        await this.update(this.conversationOf(to), cardId, activity);
        return;
      } catch (e) {
        // The card is gone (deleted, or too old to edit): a fresh one instead. Anything retryable goes back to the queue.
        if ((e as AppError).retryable !== false) throw e;
        this.o.log.info({ err: (e as Error).message }, 'could not update the home card in place; posting a new one');
      }
    }
    await this.send(this.conversationOf(to), activity);
  }

  /**
   * A one-time link served by /exports/<token> for 15 minutes: never a public, guessable URL. The answer is a
   * bare URL that Teams links by itself: use cases put it into a notice whose text is markdown-escaped, which
   * would turn a `[name](url)` link (or a `_` in the token) into literal backslashes.
   */
  async deliverFile(_to: Requester, file: FileView): Promise<string> {
    const token = randomBytes(24).toString('hex');
    await this.o.state.put(
      'teams',
      `export:${token}`,
      JSON.stringify({ name: file.name, mime: file.mime, content: file.content }),
      new Date(Date.now() + EXPORT_TTL_MS),
    );
    return `${file.name} at ${this.o.baseUrl()}/exports/${token} (the link works once, for ${EXPORT_TTL_MS / 60_000} minutes)`;
  }

  /** The table's card with the chart under it, served at `${baseUrl}/charts/<token>.png`; or with a note. */
  private async withChart(
    view: ReplyView & { type: 'list' },
    chart: ChartView,
  ): Promise<{ text?: string; card: AdaptiveCard }> {
    const { card } = renderReply({ ...view, chart: undefined }) as { card: AdaptiveCard };
    const png = await drawChart(chart, this.o.log, this.o.charts);
    if (!png) return { card: withChartNote(card, CHART_FAILED) };
    const token = randomBytes(24).toString('hex');
    await this.o.state.put(
      'teams',
      `chart:${token}`,
      Buffer.from(png).toString('base64'),
      new Date(Date.now() + CHART_TTL_MS),
    );
    return { card: withChartImage(card, `${this.o.baseUrl()}/charts/${token}.png`, chart.alt, chart.title) };
  }

  async acknowledgeWhisper(to: Requester, result: { ok: true } | { ok: false; reason: string }): Promise<void> {
    const text = result.ok
      ? '✅ Whisper sent to the agent. The customer does not see it.'
      : `⚠️ Whisper not sent: ${result.reason}`;
    await this.send(this.conversationOf(to), { type: 'message', text, textFormat: 'markdown' });
  }

  async postAlert(destination: string, alert: AlertView): Promise<string> {
    return this.send(destination, cardActivity(renderAlert(alert)));
  }

  async updateAlert(destination: string, postId: string, alert: AlertView): Promise<void> {
    await this.update(destination, postId, cardActivity(renderAlert(alert)));
  }

  async emailOf(userId: string, context?: Record<string, string>): Promise<string | null> {
    const ctx = (context ?? {}) as TeamsRequestContext;
    const where = ctx.teamId ?? ctx.conversationId ?? (await this.refs.personalOf(userId))?.conversation?.id;
    if (!where) return null;
    const ref = await this.refOrFail(where);
    try {
      const member = await this.connector(ref, 'getConversationMember', (c) =>
        c.conversations.getConversationMember(where, ctx.memberId ?? userId),
      );
      const m = member as { email?: string; userPrincipalName?: string };
      return m.email || m.userPrincipalName || null;
    } catch (e) {
      if ((e as AppError).code === 'platform_refused') return null;
      throw e;
    }
  }

  /**
   * A deep link to a reply in a channel thread, in the form Teams documents for a channel conversation
   * (`/l/message/<channel id>/<message id>?tenantId=…&parentMessageId=<root>&createdTime=…`; a bot's activity id in a
   * channel is the message id, which is its creation time in milliseconds). Teams also documents `groupId`, `teamName`
   * and `channelName`; we do not keep the team's group id or names, and leave them out. A personal chat's lines live on one card: nothing to link to there.
   */
  async linkToPost(target: ThreadTarget, postId: string): Promise<string | null> {
    if (target.kind === 'personal' || !target.rootPostId || !postId) return null;
    const tenantId = (await this.refs.forConversation(target.destination))?.conversation?.tenantId;
    const query = new URLSearchParams({
      ...(tenantId ? { tenantId } : {}),
      parentMessageId: target.rootPostId,
      createdTime: /^\d+$/.test(postId) ? postId : '',
    });
    if (!query.get('createdTime')) query.delete('createdTime');
    return `https://teams.microsoft.com/l/message/${encodeURIComponent(target.destination)}/${encodeURIComponent(postId)}?${query}`;
  }

  /** The channel names of a card's Teams walls, where the stored references know them (else "a Teams channel"). */
  private async withWallNames(card: ChatCardView): Promise<ChatCardView> {
    const walls = card.presence?.walls;
    if (!walls?.some((w) => w.surface === 'teams' && !w.name)) return card;
    const named = await Promise.all(
      walls.map(async (w) =>
        w.surface === 'teams' && !w.name ? { ...w, name: await this.refs.nameOf(w.destination) } : w,
      ),
    );
    return { ...card, presence: { ...card.presence!, walls: named } };
  }

  private liveCard(live: LiveCard): AdaptiveCard {
    return renderChatCard(live.card, { lines: live.lines, whisperBox: mayWhisper(live.card) });
  }

  private conversationOf(to: Requester): string {
    return (to.context as TeamsRequestContext | undefined)?.conversationId ?? to.destination;
  }

  private async send(conversationId: string, activity: Partial<Activity>): Promise<string> {
    const ref = await this.refOrFail(conversationId);
    const r = await this.connector(ref, 'sendToConversation', (c) =>
      c.conversations.sendToConversation(conversationId, activity as Activity),
    );
    return r.id ?? '';
  }

  private async update(conversationId: string, activityId: string, activity: Partial<Activity>): Promise<void> {
    const ref = await this.refOrFail(conversationId);
    await this.connector(ref, 'updateActivity', (c) =>
      c.conversations.updateActivity(conversationId, activityId, { ...activity, id: activityId } as Activity),
    );
  }

  private async refOrFail(conversationId: string): Promise<Partial<ConversationReference>> {
    const ref = await this.refs.forConversation(conversationId);
    if (!ref?.serviceUrl)
      throw new AppError(
        'platform_refused',
        'I have not been added to that Teams conversation: add the Convrs Supervisor app to the team (or open a chat with it), then try again.',
        { retryable: false, detail: `no conversation reference for ${conversationId}` },
      );
    return ref;
  }

  private async connector<T>(
    ref: Partial<ConversationReference>,
    op: string,
    fn: (c: import('botframework-connector').ConnectorClient) => Promise<T>,
  ): Promise<T> {
    try {
      return await withConnector(this.o.adapter, this.o.appId, ref, (client) => fn(client));
    } catch (e) {
      throw toAppError(e, { op, conversation: ref.conversation?.id }, this.o.log);
    }
  }

  /**
   * A live card changes by read, update in Teams, save. A card refresh (cards queue) and new lines (drain) for
   * the same chat run concurrently, so without this each could overwrite the other's change, in our state and
   * on the card. This holds within one process; workers split over several processes can still race.
   */
  private oneAtATime<T>(threadId: number, fn: () => Promise<T>): Promise<T> {
    const run = (this.liveLocks.get(threadId) ?? Promise.resolve()).then(fn);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.liveLocks.set(threadId, settled);
    void settled.then(() => {
      if (this.liveLocks.get(threadId) === settled) this.liveLocks.delete(threadId);
    });
    return run;
  }

  private async loadLive(threadId: number): Promise<LiveCard | null> {
    const raw = await this.o.state.get('teams', `live:${threadId}`);
    if (!raw) return null;
    const live = JSON.parse(raw) as LiveCard;
    const revive = (d: unknown) => new Date(d as string);
    live.card = {
      ...live.card,
      startedAt: revive(live.card.startedAt),
      lastActivityAt: revive(live.card.lastActivityAt),
    };
    const whisper = live.card.presence?.lastWhisper;
    if (whisper) live.card.presence = { ...live.card.presence!, lastWhisper: { ...whisper, at: revive(whisper.at) } };
    live.lines = live.lines.map((l) => ({ ...l, at: revive(l.at) }));
    return live;
  }

  private async saveLive(threadId: number, live: LiveCard): Promise<void> {
    await this.o.state.put('teams', `live:${threadId}`, JSON.stringify(live));
  }
}
