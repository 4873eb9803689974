// Slack → core: Bolt's receiver (POST /slack/events with signatures, or Socket Mode); handlers translate and hand the
// request to the core intake port (acknowledged only once it took the request).
import {
  App,
  ExpressReceiver,
  HTTPModuleFunctions,
  type BlockAction,
  type Receiver,
  type ButtonAction,
  type MessageShortcut,
} from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Router } from 'express';
import type { Logger } from 'pino';
import { normalizeChatRef, parseCommand } from '../../src/core/commands/grammar';
import type { Deps } from '../../src/core/deps';
import { TEMPLATE_DRAFTER } from '../../src/core/drafter';
import { isIntakeRefused, type Intake } from '../../src/core/intake';
import { redactReply } from '../../src/core/redact-views';
import type { Requester } from '../../src/core/ports';
import { answerCommand, answerSafely } from '../../src/core/usecases/run-command';
import { threadCard } from '../../src/core/usecases/thread-card';
import { slackLogger, webClientOptions } from './client';
import type { SlackConfig } from './config';
import type { SeenGuard } from './dedupe';
import { createSlackSocket } from './socket-mode';
import { publishHome } from './home';
import {
  ACTION,
  CALLBACK,
  TRANSFER_ERRORS,
  TRANSFER_BLOCK,
  DRAFT_BLOCK,
  draftText,
  parseClaimValue,
  parseDraftEditValue,
  transferChoice,
  transferCommand,
  transferErrors,
} from './render';
import type { SlackRequestContext, SlackSurface } from './surface';
import { slackToPlain } from './text';

export const SLACK_EVENTS_PATH = '/slack/events';

export interface SlackReceiverOptions {
  config: SlackConfig;
  deps: Deps;
  surface: SlackSurface;
  client: WebClient;
  intake: Intake;
  seen: SeenGuard;
  log: Logger;
}

export interface SlackReceiver {
  /** POST /slack/events; absent in Socket Mode, where Slack is reached over the app's own connection. */
  router?: Router;
  /** Verifies the token (auth.test); Bolt needs it before the first event. */
  init(): Promise<void>;
  /** Socket Mode: opens the connection (rejects with a SlackSocketStartError when Slack refuses the app token). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Socket Mode only: whether the connection is up (readiness). */
  connected?: () => boolean;
}

export function createSlackReceiver(o: SlackReceiverOptions): SlackReceiver {
  const { deps, surface, log } = o;
  // One set of handlers below, whichever way Slack's requests arrive.
  const inbound = o.config.appToken ? socketInbound(o.config, log) : httpInbound(o.config, log);
  const app = new App({
    token: o.config.token,
    receiver: inbound.receiver,
    logger: slackLogger(log),
    clientOptions: webClientOptions(o.config, log),
    deferInitialization: true,
  });

  /**
   * Runs a command: in the worker, except the transfer form and a suggested whisper, which need Slack's 3-second
   * trigger to open a modal (both only read; what they lead to is submitted through the intake like any command).
   */
  async function dispatch(who: Requester, text: string, requestId: string): Promise<void> {
    const modal = opensModal(text);
    const triggerId = (who.context as SlackRequestContext | undefined)?.triggerId;
    if (modal === 'whisper draft' && triggerId && deps.drafter && deps.drafter.name !== TEMPLATE_DRAFTER) {
      // A model may take longer than the trigger lives: a "Drafting…" modal opens now and gets the draft when it comes.
      void draftIntoModal(who, text, requestId, triggerId).catch((e) =>
        log.warn({ err: (e as Error).message }, 'whisper draft failed'),
      );
      return;
    }
    if (modal) {
      // Through the app's surface (wrapped with REDACT_PII's masking), so a draft opens already masked.
      void answerCommand(deps, who, text, requestId)
        .then((view) => (deps.surfaces.get('slack') ?? surface).reply(who, view))
        .catch((e) => log.warn({ err: (e as Error).message }, `${modal} failed`));
      return;
    }
    try {
      await o.intake.submit({ kind: 'command', who, text, requestId });
    } catch (e) {
      log.error({ err: (e as Error).message }, 'could not take a Slack command (is the database up?)');
      await surface
        .reply(who, {
          type: 'notice',
          tone: 'error',
          text: "I couldn't take that command right now. Please try again in a minute.",
        })
        .catch(() => undefined);
    }
  }

  async function draftIntoModal(who: Requester, text: string, requestId: string, triggerId: string): Promise<void> {
    const parsed = parseCommand(text);
    const ref = parsed.name === 'suggest' ? normalizeChatRef(parsed.chat) : '';
    const viewId = await surface.openDraftingModal(ref, triggerId);
    const answer = await answerCommand(deps, who, text, requestId);
    // Masked as every other answer is (REDACT_PII): this one is not sent through the wrapped surface.
    const view = deps.redact ? redactReply(deps.redact, answer) : answer;
    if (viewId) await surface.answerInModal(who, viewId, ref, view);
    else
      await (deps.surfaces.get('slack') ?? surface).reply(
        { ...who, context: { ...who.context, triggerId: '' } },
        answer,
      );
  }

  app.command('/convrs', async ({ command, ack }) => {
    await ack();
    const who: Requester = {
      surface: 'slack',
      userId: command.user_id,
      destination: command.channel_id,
      context: ctx({ responseUrl: command.response_url, triggerId: command.trigger_id }),
    };
    // Slack sends &, < and > of the typed text as HTML entities (and links as <…>), as in messages.
    await dispatch(who, slackToPlain(command.text) || 'help', `slash-${command.trigger_id}`);
  });

  app.action({ type: 'block_actions', action_id: /^convrs_cmd(_\d+)?$/ }, async ({ ack, body, action }) => {
    await ack();
    const b = body as BlockAction;
    const value = (action as ButtonAction).value ?? '';
    await dispatch(
      requesterOf(b, value),
      value,
      `act-${b.container?.message_ts ?? b.view?.id ?? ''}-${(action as ButtonAction).action_ts}`,
    );
  });

  app.action(
    { type: 'block_actions', action_id: new RegExp(`^${ACTION.transferOpen}`) },
    async ({ ack, body, action }) => {
      await ack();
      const ref = (action as ButtonAction).value ?? '';
      await dispatch(requesterOf(body as BlockAction), `transfer ${ref}`, `act-${(action as ButtonAction).action_ts}`);
    },
  );

  app.action({ type: 'block_actions', action_id: new RegExp(`^${ACTION.claim}`) }, async ({ ack, body, action }) => {
    await ack();
    const claim = parseClaimValue((action as ButtonAction).value ?? '');
    if (claim)
      await dispatch(
        requesterOf(body as BlockAction),
        `claim ${claim.ref} ${claim.kind}`,
        `act-${(action as ButtonAction).action_ts}`,
      );
  });

  // "Edit and send" on a draft sent as a message: the draft rides in the button, so the modal opens at once.
  app.action(
    { type: 'block_actions', action_id: new RegExp(`^${ACTION.draftEdit}`) },
    async ({ ack, body, action }) => {
      await ack();
      const b = body as BlockAction;
      const draft = parseDraftEditValue((action as ButtonAction).value ?? '');
      const who = requesterOf(b);
      if (draft && b.trigger_id && (await surface.openDraftModal(who, draft, b.trigger_id))) return;
      await surface
        .reply(who, {
          type: 'notice',
          tone: 'error',
          text: draft
            ? `I couldn't open the editor in time. Click again, or type \`whisper ${draft.ref} <text>\`.`
            : 'This button no longer works. Type `suggest <chat>` again.',
        })
        .catch((e) => log.info({ err: (e as Error).message }, 'could not answer an Edit and send click'));
    },
  );

  // Send on the draft modal: the edited text goes the whisper path (permission then, recorded once per modal, audited).
  app.view(CALLBACK.whisperDraft, async ({ ack, body, view }) => {
    const meta = modalMeta(view.private_metadata);
    const text = draftText(view.state.values);
    if (!text || !meta.ref) {
      await ack({ response_action: 'errors', errors: { [DRAFT_BLOCK]: 'Type a whisper first, or press Cancel.' } });
      return;
    }
    await ack();
    const who = modalRequester(body.user.id, meta);
    // One id per modal: a retried or repeated submission of the same modal whispers once.
    await dispatch(who, `whisper ${meta.ref} ${text}`, `draft-${view.id}`);
  });

  app.action({ type: 'block_actions', action_id: new RegExp(`^${ACTION.cancel}`) }, async ({ ack, respond }) => {
    await ack();
    await respond({ delete_original: true }).catch((e) =>
      log.info({ err: (e as Error).message }, 'could not remove the cancelled message'),
    );
  });

  app.view(CALLBACK.transferModal, async ({ ack, body, view }) => {
    const meta = modalMeta(view.private_metadata);
    const choice = transferChoice(view.state.values);
    const command = meta.ref ? transferCommand(meta.ref, choice) : null;
    if (!command) {
      await ack({
        response_action: 'errors',
        errors: transferErrors(choice) ?? { [TRANSFER_BLOCK.agent]: TRANSFER_ERRORS.none },
      });
      return;
    }
    await ack();
    const who = modalRequester(body.user.id, meta);
    await dispatch(who, command, `view-${view.id}`);
  });

  app.shortcut(CALLBACK.shortcut, async ({ ack, shortcut }) => {
    await ack();
    const s = shortcut as MessageShortcut;
    const root = s.message.thread_ts ?? s.message.ts;
    const who: Requester = {
      surface: 'slack',
      userId: s.user.id,
      destination: s.channel.id,
      threadRootId: root,
      context: ctx({ triggerId: s.trigger_id }),
    };
    void answerSafely(deps, who, () => threadCard(deps, who, root))
      .then((view) => surface.reply(who, view))
      .catch((e) => log.warn({ err: (e as Error).message }, 'chat actions shortcut failed'));
  });

  // Opening the tab runs `home` on a worker like its Refresh button, so building it (coverage included) never holds the ack.
  app.event('app_home_opened', async ({ event, body }) => {
    if (event.tab !== 'home') return;
    const who: Requester = { surface: 'slack', userId: event.user, destination: '', context: ctx({ home: 'true' }) };
    await o.intake
      .submit({
        kind: 'command',
        who,
        text: 'home',
        requestId: `home-${(body as { event_id?: string }).event_id ?? event.event_ts}`,
      })
      .catch(async (e) => {
        log.warn(
          { err: (e as Error).message },
          'could not take the App Home (is the database up?); publishing it here',
        );
        await publishHome(deps, o.client, log, event.user).catch((err) =>
          log.warn({ err: (err as Error).message }, 'could not publish App Home'),
        );
      });
  });

  app.event('message', async ({ event, body }) => {
    const m = event as {
      subtype?: string;
      bot_id?: string;
      user?: string;
      text?: string;
      ts: string;
      thread_ts?: string;
      channel: string;
      channel_type?: string;
    };
    // Edits, deletions, joins, bot posts (ours and others'): never a whisper, never a command.
    if (m.subtype || m.bot_id || !m.user) return;
    const isReply = !!m.thread_ts && m.thread_ts !== m.ts;
    if (!isReply && m.channel_type !== 'im') return;
    const text = slackToPlain(m.text ?? '');
    if (!text) return;
    const keys = [`ev:${(body as { event_id?: string }).event_id ?? ''}`, `msg:${m.channel}:${m.ts}`];
    if (!(await o.seen.claim(keys))) return;
    const who: Requester = {
      surface: 'slack',
      userId: m.user,
      destination: m.channel,
      threadRootId: m.thread_ts ?? null,
      context: ctx({ ts: m.ts }),
    };
    try {
      if (isReply)
        await o.intake.submit({
          kind: 'thread-reply',
          who,
          reply: { rootPostId: m.thread_ts!, replyId: `${m.channel}:${m.ts}`, text },
        });
      // A top-level message in the bot's DM is a command, as if typed after /convrs.
      else await o.intake.submit({ kind: 'command', who, text, requestId: `im-${m.channel}-${m.ts}` });
    } catch (e) {
      await o.seen.release(keys);
      throw e;
    }
  });

  app.error(async (e) => {
    log.error({ err: e.message, code: (e as { code?: string }).code }, 'Slack request handling failed');
    // Not stored, so not acknowledged: Bolt answers 500 and Slack retries the event.
    if (isIntakeRefused((e as { original?: unknown }).original ?? e)) throw e;
  });

  return { ...inbound, init: () => app.init() };
}

type Inbound = Omit<SlackReceiver, 'init'> & { receiver: Receiver };

/** POST /slack/events: signatures checked, and Slack's answer held until the handler has queued the work. */
function httpInbound(config: SlackConfig, log: Logger): Inbound {
  // Events are acknowledged only after they are queued, so a failure makes Slack retry instead of losing them.
  const receiver = new ExpressReceiver({
    signingSecret: config.signingSecret,
    endpoints: SLACK_EVENTS_PATH,
    processBeforeResponse: true,
    logger: slackLogger(log),
    // Bolt answers 500 saying only "An unhandled error occurred" (the error itself goes to debug): log what failed.
    processEventErrorHandler: async (args) => {
      const e = args.error as { message?: unknown; code?: unknown } | undefined;
      log.error(
        { err: typeof e?.message === 'string' ? e.message : String(args.error), code: e?.code },
        'Slack request could not be processed',
      );
      return HTTPModuleFunctions.defaultProcessEventErrorHandler(args);
    },
  });
  return {
    receiver,
    router: receiver.router as unknown as Router,
    start: async () => undefined,
    stop: async () => undefined,
  };
}

/** Socket Mode: no public URL and no signatures; the app-level token authenticates the connection (socket-mode.ts). */
function socketInbound(config: SlackConfig, log: Logger): Inbound {
  const socket = createSlackSocket(config, log);
  return { receiver: socket.receiver, start: socket.start, stop: socket.stop, connected: socket.connected };
}

function ctx(c: SlackRequestContext): Record<string, string> {
  return Object.fromEntries(Object.entries(c).filter(([, v]) => typeof v === 'string' && v !== '')) as Record<
    string,
    string
  >;
}

/**
 * Who clicked, where, and how to answer them. A click on a card answers next to the card (in its thread only
 * when the card itself is a reply); a click on a private answer replaces it only for a page turn or a
 * confirmation, so a Supervise click on a list row keeps the list.
 */
function requesterOf(b: BlockAction, command = ''): Requester {
  const ephemeral = Boolean(b.container?.is_ephemeral);
  const home = b.view?.type === 'home';
  const threadRootId = b.container?.thread_ts ?? b.message?.thread_ts;
  // A page turn, a confirmation and a Refresh of `home` replace the answer they were clicked on.
  const replaces =
    ephemeral && (/\bpage:\d+\b/i.test(command) || /\bconfirm\s*$/i.test(command) || /^\s*home\s*$/i.test(command));
  return {
    surface: 'slack',
    userId: b.user.id,
    destination: b.channel?.id ?? '',
    threadRootId: threadRootId ?? null,
    context: ctx({
      responseUrl: ephemeral ? b.response_url : undefined,
      triggerId: b.trigger_id,
      replace: replaces ? 'true' : undefined,
      home: home ? 'true' : undefined,
    }),
  };
}

/** The commands answered with a modal (which needs the 3-second trigger): what they are, for the log. */
function opensModal(text: string): 'transfer form' | 'whisper draft' | null {
  try {
    const c = parseCommand(text);
    if (c.name === 'transfer' && !c.to) return 'transfer form';
    return c.name === 'suggest' ? 'whisper draft' : null;
  } catch {
    return null;
  }
}

/** What our modals keep in private_metadata: the chat, and where the request came from. */
interface ModalMeta {
  ref?: string;
  destination?: string;
  threadRootId?: string | null;
}

function modalMeta(raw: string | undefined): ModalMeta {
  try {
    const v = JSON.parse(raw || '{}') as unknown;
    return v && typeof v === 'object' ? (v as ModalMeta) : {};
  } catch {
    return {};
  }
}

/** The requester of a modal's submission: its author, answered where the modal was opened from. */
const modalRequester = (userId: string, meta: ModalMeta): Requester => ({
  surface: 'slack',
  userId,
  destination: meta.destination ?? '',
  threadRootId: meta.threadRootId ?? null,
  context: {},
});
