// The Slack surface: threads are Slack threads (card = root post), answers are ephemeral, files go to the DM.
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Requester, SupervisorSurface, ThreadTarget } from '../../src/core/ports';
import type {
  AlertView,
  ChartView,
  ChatCardView,
  FileView,
  MessageLineView,
  ReplyView,
  WhisperDraftView,
} from '../../src/core/views';
import { CHART_FAILED, chartFileName, drawChart, type ChartRenderer } from '../charts';
import { slackCodeOf, toAppError } from './errors';
import { forMember, publishHomeView } from './home';
import {
  renderAlert,
  renderCard,
  renderFileComment,
  renderLines,
  renderReply,
  renderDraftingModal,
  renderModalNotice,
  renderTransferModal,
  renderWhisperDraftModal,
} from './render';
import type { Message } from './render/blocks';
import { chartAltText, renderChartComment, withChartNote } from './render/chart';

/** Slack's documented pace for chat.postMessage is about one per second per channel, short bursts tolerated. */
const POST_BUDGET = { perSecond: 1, burst: 3 };
const POST_KEY_EVENT = 'convrs_post';
/** Where an ephemeral answer cannot go (the bot is not in that channel), the answer goes to the DM instead. */
const EPHEMERAL_FALLBACK = ['channel_not_found', 'not_in_channel', 'user_not_in_channel', 'is_archived'];
/** chat.getPermalink's answers for a post that cannot be linked to any more: no link, nothing to report. */
const PERMALINK_GONE = ['message_not_found', 'channel_not_found', 'not_in_channel', 'is_archived'];

/** What a request handler passes to the surface in `Requester.context`. */
export interface SlackRequestContext {
  responseUrl?: string;
  triggerId?: string;
  /** The clicked message was ephemeral (a list page, a confirmation): answer by replacing it. */
  replace?: 'true';
  /** The request came from App Home: publish it again after answering. */
  home?: 'true';
  /** The ts of the user's message (thread replies: where the ✅ goes). */
  ts?: string;
}

export interface SlackSurfaceOptions {
  client: WebClient;
  log: Logger;
  /** Re-publishes a user's App Home (after an action taken there). */
  refreshHome?: (userId: string) => Promise<void>;
  /** Draws a list reply's chart (tests swap in one that fails). */
  charts?: ChartRenderer;
}

export class SlackSurface implements SupervisorSurface {
  readonly name = 'slack' as const;
  readonly maxLinesPerPost = 10;
  private readonly dms = new Map<string, string>();

  constructor(private readonly o: SlackSurfaceOptions) {}

  postBudget(): { perSecond: number; burst: number } {
    return POST_BUDGET;
  }

  async openPersonalDestination(userId: string): Promise<string> {
    const known = this.dms.get(userId);
    if (known) return known;
    const r = await this.call('conversations.open', undefined, () =>
      this.o.client.conversations.open({ users: userId }),
    );
    const id = r.channel?.id;
    if (!id) throw toAppError(new Error('conversations.open returned no channel'), { method: 'conversations.open' });
    this.dms.set(userId, id);
    return id;
  }

  async startThread(target: ThreadTarget, card: ChatCardView): Promise<{ rootPostId: string }> {
    const r = await this.call('chat.postMessage', target.destination, () =>
      this.o.client.chat.postMessage({
        channel: target.destination,
        ...renderCard(card),
        metadata: { event_type: 'convrs_thread', event_payload: { thread: target.threadId, chat: card.ref } },
      }),
    );
    return { rootPostId: r.ts! };
  }

  async updateCard(target: ThreadTarget, card: ChatCardView): Promise<void> {
    if (!target.rootPostId) return;
    await this.call('chat.update', target.destination, () =>
      this.o.client.chat.update({ channel: target.destination, ts: target.rootPostId!, ...renderCard(card) }),
    );
  }

  async postLines(target: ThreadTarget, lines: MessageLineView[], key: string): Promise<string> {
    const r = await this.call('chat.postMessage', target.destination, () =>
      this.o.client.chat.postMessage({
        channel: target.destination,
        thread_ts: target.rootPostId ?? undefined,
        ...renderLines(lines),
        unfurl_links: false,
        unfurl_media: false,
        // The attempt key rides along as message metadata, so `findPost` can tell after a crash whether it landed.
        metadata: { event_type: POST_KEY_EVENT, event_payload: { key } },
      }),
    );
    return r.ts!;
  }

  async findPost(target: ThreadTarget, key: string): Promise<string | null> {
    if (!target.rootPostId) return null;
    let cursor: string | undefined;
    do {
      const page = await this.call('conversations.replies', target.destination, () =>
        this.o.client.conversations.replies({
          channel: target.destination,
          ts: target.rootPostId!,
          include_all_metadata: true,
          limit: 200,
          cursor,
          // From the last post we recorded on: a long thread is not read from its start (new apps get 15 replies a
          // page and one page a minute).
          ...(target.lastPostId ? { oldest: target.lastPostId } : {}),
        }),
      );
      for (const m of page.messages ?? []) {
        const meta = (m as { metadata?: { event_type?: string; event_payload?: { key?: string } } }).metadata;
        if (meta?.event_type === POST_KEY_EVENT && meta.event_payload?.key === key && m.ts) return m.ts;
      }
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return null;
  }

  async reply(to: Requester, view: ReplyView): Promise<void> {
    const ctx = (to.context ?? {}) as SlackRequestContext;
    if (view.type === 'transfer-form' && ctx.triggerId && (await this.openTransferModal(to, view.form, ctx.triggerId)))
      return;
    // A suggested whisper opens for editing in a modal; where the trigger is gone, it comes as a message with "Edit and send".
    if (view.type === 'whisper-draft' && ctx.triggerId && (await this.openDraftModal(to, view.draft, ctx.triggerId)))
      return;
    if (view.type === 'home') {
      // Asked from App Home (opening it, or its Refresh): the answer is the App Home itself, published again.
      if (ctx.home) return publishHomeView(this.o.client, this.o.log, to.userId, view.home);
      await this.answer(
        to,
        renderReply({ type: 'home', home: await forMember(this.o.client, this.o.log, to.userId, view.home) }),
      );
      return;
    }
    if (view.type === 'list' && view.chart) {
      const { chart, ...table } = view;
      await this.answer(to, withChartNote(renderReply(table), await this.deliverChart(to, chart)));
    } else await this.answer(to, renderReply(view));
    if (ctx.home)
      await this.o
        .refreshHome?.(to.userId)
        .catch((e) => this.o.log.warn({ err: (e as Error).message }, 'could not refresh App Home'));
  }

  async deliverFile(to: Requester, file: FileView): Promise<string> {
    // Exports hold customer data: they go to the requester's DM with the bot, never into a shared channel.
    const channel = await this.openPersonalDestination(to.userId);
    await this.call('files.uploadV2', channel, () =>
      this.o.client.filesUploadV2({
        channel_id: channel,
        file: typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : Buffer.from(file.content),
        filename: file.name,
        title: file.name,
        initial_comment: renderFileComment(file),
      }),
    );
    return `${file.name} is in your direct messages with me`;
  }

  /**
   * An ephemeral answer cannot carry a file, and a channel is no place for the requester's figures: the chart goes
   * to their DM with the bot, as exports do. Returns the line shown under the table.
   */
  private async deliverChart(to: Requester, chart: ChartView): Promise<string> {
    const png = await drawChart(chart, this.o.log, this.o.charts);
    if (!png) return CHART_FAILED;
    try {
      const channel = await this.openPersonalDestination(to.userId);
      await this.call('files.uploadV2', channel, () =>
        this.o.client.filesUploadV2({
          channel_id: channel,
          file: Buffer.from(png),
          filename: chartFileName(chart),
          title: chart.title,
          alt_text: chartAltText(chart.alt),
          initial_comment: renderChartComment(chart.title),
        }),
      );
      return channel === to.destination
        ? 'The chart is posted in this conversation.'
        : 'The chart is in your direct messages with me.';
    } catch (e) {
      // Logged by `call` when Slack refused; the table still goes out.
      this.o.log.warn({ code: slackCodeOf(e) }, 'chart upload failed; the reply goes without it');
      return 'The chart could not be uploaded this time; the table has the same figures.';
    }
  }

  async acknowledgeWhisper(to: Requester, result: { ok: true } | { ok: false; reason: string }): Promise<void> {
    const ts = (to.context as SlackRequestContext | undefined)?.ts;
    if (result.ok && ts) {
      try {
        await this.call(
          'reactions.add',
          to.destination,
          () => this.o.client.reactions.add({ channel: to.destination, timestamp: ts, name: 'white_check_mark' }),
          ['already_reacted'],
        );
        return;
      } catch (e) {
        if (slackCodeOf(e) === 'already_reacted') return;
        throw e;
      }
    }
    const text = result.ok ? '✅ Whisper sent. The customer does not see it.' : `⚠️ Whisper not sent: ${result.reason}`;
    await this.answer({ ...to, context: {} }, { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });
  }

  async postAlert(destination: string, alert: AlertView): Promise<string> {
    const r = await this.call('chat.postMessage', destination, () =>
      this.o.client.chat.postMessage({ channel: destination, ...renderAlert(alert) }),
    );
    return r.ts!;
  }

  async updateAlert(destination: string, postId: string, alert: AlertView): Promise<void> {
    await this.call('chat.update', destination, () =>
      this.o.client.chat.update({ channel: destination, ts: postId, ...renderAlert(alert) }),
    );
  }

  async emailOf(userId: string): Promise<string | null> {
    try {
      const r = await this.call('users.info', undefined, () => this.o.client.users.info({ user: userId }), [
        'user_not_found',
      ]);
      if (!r.user || r.user.is_bot || r.user.deleted) return null;
      return r.user.profile?.email ?? null;
    } catch (e) {
      if (slackCodeOf(e) === 'user_not_found') return null;
      throw e;
    }
  }

  /**
   * Slack's own permalink of a post (`chat.getPermalink`, documented, no scope needed; a reply's carries its thread).
   * A post that is gone (deleted, or a channel the bot left) has none.
   */
  async linkToPost(target: ThreadTarget, postId: string): Promise<string | null> {
    try {
      const r = await this.call(
        'chat.getPermalink',
        target.destination,
        () => this.o.client.chat.getPermalink({ channel: target.destination, message_ts: postId }),
        PERMALINK_GONE,
      );
      return r.permalink ?? null;
    } catch (e) {
      if (PERMALINK_GONE.includes(slackCodeOf(e) ?? '')) return null;
      throw e;
    }
  }

  /** Private answer: via response_url when Slack gave one, else ephemeral where they asked, else their DM. */
  private async answer(to: Requester, msg: Message): Promise<void> {
    const ctx = (to.context ?? {}) as SlackRequestContext;
    if (ctx.responseUrl && (await this.respond(ctx.responseUrl, msg, ctx.replace === 'true'))) return;
    if (to.destination && !ctx.home) {
      try {
        await this.call(
          'chat.postEphemeral',
          to.destination,
          () =>
            this.o.client.chat.postEphemeral({
              channel: to.destination,
              user: to.userId,
              thread_ts: to.threadRootId ?? undefined,
              ...msg,
            }),
          EPHEMERAL_FALLBACK,
        );
        return;
      } catch (e) {
        const code = slackCodeOf(e);
        if (!code || !EPHEMERAL_FALLBACK.includes(code)) throw e;
      }
    }
    const dm = await this.openPersonalDestination(to.userId);
    await this.call('chat.postMessage', dm, () => this.o.client.chat.postMessage({ channel: dm, ...msg }));
  }

  /** response_url answers (valid 30 minutes, 5 uses): false when it no longer works, so the caller falls back. */
  private async respond(url: string, msg: Message, replace: boolean): Promise<boolean> {
    try {
      const r = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response_type: 'ephemeral', replace_original: replace, ...msg }),
        signal: AbortSignal.timeout(10_000),
      });
      if (r.ok) return true;
      this.o.log.warn({ status: r.status }, 'Slack response_url refused the answer; posting it another way');
    } catch (e) {
      this.o.log.warn({ err: (e as Error).message }, 'Slack response_url failed; posting the answer another way');
    }
    return false;
  }

  private async openTransferModal(
    to: Requester,
    form: Parameters<typeof renderTransferModal>[0],
    triggerId: string,
  ): Promise<boolean> {
    const meta = JSON.stringify({ ref: form.ref, destination: to.destination, threadRootId: to.threadRootId ?? null });
    try {
      await this.call(
        'views.open',
        undefined,
        () => this.o.client.views.open({ trigger_id: triggerId, view: renderTransferModal(form, meta) as never }),
        ['expired_trigger_id', 'invalid_trigger_id', 'exchanged_trigger_id'],
      );
      return true;
    } catch (e) {
      // The trigger lives 3 s; when it has expired, the form goes as a message with a button that opens it.
      this.o.log.info({ code: slackCodeOf(e) }, 'could not open the transfer modal; sending the form as a message');
      return false;
    }
  }

  /** The whisper-draft modal (views.open); false when the trigger expired, so the caller answers another way. */
  async openDraftModal(to: Requester, draft: WhisperDraftView, triggerId: string): Promise<boolean> {
    const meta = { ref: draft.ref, destination: to.destination, threadRootId: to.threadRootId ?? null };
    try {
      await this.call(
        'views.open',
        undefined,
        () => this.o.client.views.open({ trigger_id: triggerId, view: renderWhisperDraftModal(draft, meta) as never }),
        ['expired_trigger_id', 'invalid_trigger_id', 'exchanged_trigger_id'],
      );
      return true;
    } catch (e) {
      this.o.log.info(
        { code: slackCodeOf(e) },
        'could not open the whisper draft modal; sending the draft as a message',
      );
      return false;
    }
  }

  /** A "Drafting…" modal opened at once on the trigger; its view id, or null when it could not open. */
  async openDraftingModal(ref: string, triggerId: string): Promise<string | null> {
    try {
      const r = await this.call(
        'views.open',
        undefined,
        () => this.o.client.views.open({ trigger_id: triggerId, view: renderDraftingModal(ref) as never }),
        ['expired_trigger_id', 'invalid_trigger_id', 'exchanged_trigger_id'],
      );
      return r.view?.id ?? null;
    } catch (e) {
      this.o.log.info({ code: slackCodeOf(e) }, 'could not open the drafting modal');
      return null;
    }
  }

  /**
   * The answer to `suggest` in the modal opened for it: the draft to edit, or the refusal. Where the modal is gone
   * (closed meanwhile), the answer goes the usual way (a draft with "Edit and send").
   */
  async answerInModal(to: Requester, viewId: string, ref: string, view: ReplyView): Promise<void> {
    const modal =
      view.type === 'whisper-draft'
        ? renderWhisperDraftModal(view.draft, {
            ref: view.draft.ref,
            destination: to.destination,
            threadRootId: to.threadRootId ?? null,
          })
        : view.type === 'notice'
          ? renderModalNotice(ref, view.text)
          : null;
    if (modal) {
      try {
        await this.call('views.update', undefined, () =>
          this.o.client.views.update({ view_id: viewId, view: modal as never }),
        );
        return;
      } catch (e) {
        this.o.log.info({ code: slackCodeOf(e) }, 'could not show the answer in the modal; answering as a message');
      }
    }
    await this.reply({ ...to, context: { ...to.context, triggerId: '' } }, view);
  }

  /** Every Web API call goes through here: Slack's errors become AppErrors (admin actions logged once, here). */
  private async call<T>(
    method: string,
    channel: string | undefined,
    fn: () => Promise<T>,
    expected: string[] = [],
  ): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      const code = slackCodeOf(e);
      throw toAppError(e, { method, channel }, code && expected.includes(code) ? undefined : this.o.log);
    }
  }
}
