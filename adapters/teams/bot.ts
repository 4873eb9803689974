// Teams → core: each activity is translated into a command or a thread reply and handed to the core intake port (the
// activity is answered only once it took it); references are remembered.
import type { Activity, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { Deps } from '../../src/core/deps';
import type { Requester } from '../../src/core/ports';
import { tokenize } from '../../src/core/commands/tokens';
import { commandNamed } from '../../src/core/commands/usage';
import type { Intake } from '../../src/core/intake';
import { rootOf } from './refs';
import { submitToCommand } from './render';
import type { TeamsRequestContext, TeamsSurface } from './surface';
import { teamsToPlain } from './text';

export interface TeamsBotOptions {
  deps: Deps;
  surface: TeamsSurface;
  intake: Intake;
  log: Logger;
}

interface TeamsChannelData {
  channel?: { id?: string };
  team?: { id?: string };
}

const WELCOME =
  "Hi, I'm Convrs Supervisor. Type `help` to see what I can do, `open` to list open chats, or `supervise C-1042` to follow one here.";

export function teamsTurnHandler(o: TeamsBotOptions): (ctx: TurnContext) => Promise<void> {
  return async (ctx) => {
    const a = ctx.activity;
    const userId = a.from?.aadObjectId ?? a.from?.id;
    if (a.type === 'conversationUpdate' || a.type === 'installationUpdate' || a.type === 'message')
      await o.surface.refs.remember(a, userId);
    if (isBotInstalled(a) && a.conversation?.conversationType === 'personal') {
      await ctx.sendActivity({ type: 'message', text: WELCOME, textFormat: 'markdown' });
      // The welcome card is the `home` answer: built on a worker (coverage reads the database), never in this request.
      if (userId) {
        await o.intake
          .submit({
            kind: 'command',
            who: requesterOf(a, userId),
            text: 'home',
            requestId: `teams-welcome-${a.id ?? Date.now()}`,
          })
          .catch((e) =>
            o.log.warn({ err: (e as Error).message }, 'could not take the Teams welcome card (is the database up?)'),
          );
      }
      return;
    }
    if (a.type !== 'message' || !userId) return;
    // Our own posts and other bots' never become whispers or commands.
    if (a.from?.role === 'bot' || a.from?.id === a.recipient?.id) return;
    const who = requesterOf(a, userId);

    if (a.value !== undefined && a.value !== null) {
      const submit = submitToCommand(a.value);
      if (!submit) return;
      if ('error' in submit) await o.surface.reply(who, { type: 'notice', tone: 'error', text: submit.error });
      else if ('cancelled' in submit)
        await o.surface.reply(who, {
          type: 'notice',
          tone: 'info',
          text: `Cancelled. Nothing was done to ${submit.chat}.`,
        });
      else if ('claim' in submit)
        await o.intake.submit({
          kind: 'command',
          who,
          text: `claim ${submit.claim.ref} ${submit.claim.kind}`,
          requestId: `teams-${a.id}`,
        });
      else
        await o.intake.submit({
          kind: 'command',
          who,
          text: submit.command,
          requestId: submit.requestId ?? `teams-${a.id}`,
        });
      return;
    }

    const text = teamsToPlain(a.text ?? '');
    const root = who.threadRootId;
    if (a.conversation?.conversationType === 'channel') {
      // A reply in a thread we mirror is a whisper, mentioned or not (RSC delivers every channel message).
      if (root && root !== a.id && (await o.deps.store.threads.byRoot('teams', who.destination, root))) {
        if (text)
          await o.intake.submit({ kind: 'thread-reply', who, reply: { rootPostId: root, replyId: a.id ?? '', text } });
        return;
      }
      if (!mentionsBot(a)) return;
    } else {
      // Personal and group chats are flat: a BU wall needs a channel's threads.
      const word = tokenize(text)[0]?.value ?? '';
      const name = commandNamed(word);
      if (name === 'watch' || name === 'unwatch') {
        await o.surface.reply(who, { type: 'notice', tone: 'info', text: CHANNEL_ONLY[name] });
        return;
      }
    }
    await o.intake.submit({ kind: 'command', who, text: text || 'help', requestId: `teams-${a.id}` });
  };
}

const CHANNEL_ONLY = {
  watch:
    '`watch` works in a team channel, where every chat of the business unit gets its own thread: add me to the team, then @mention me in the channel, e.g. `@Convrs Supervisor watch bu:"Customer Support"`. To follow one chat here, use `supervise <chat>`.',
  unwatch:
    '`unwatch` works in the channel that watches the business unit: @mention me there, e.g. `@Convrs Supervisor unwatch bu:Sales`.',
} as const;

function requesterOf(a: Activity, userId: string): Requester {
  const data = (a.channelData ?? {}) as TeamsChannelData;
  const channelId = data.channel?.id;
  const inChannel = a.conversation?.conversationType === 'channel' && channelId;
  // A card submit names the card it came from (replyToId), so an answer that replaces the card (Refresh) can update it.
  const submitted = a.value !== undefined && a.value !== null ? a.replyToId : undefined;
  const context: TeamsRequestContext = {
    conversationId: a.conversation?.id,
    memberId: a.from?.id,
    teamId: data.team?.id,
    activityId: a.id,
    cardId: submitted,
  };
  return {
    surface: 'teams',
    userId,
    destination: inChannel ? channelId : (a.conversation?.id ?? ''),
    threadRootId: inChannel ? rootOf(a.conversation?.id ?? '') : null,
    context: Object.fromEntries(Object.entries(context).filter(([, v]) => typeof v === 'string' && v)) as Record<
      string,
      string
    >,
  };
}

function mentionsBot(a: Activity): boolean {
  return (a.entities ?? []).some(
    (e) => e.type === 'mention' && (e as { mentioned?: { id?: string } }).mentioned?.id === a.recipient?.id,
  );
}

function isBotInstalled(a: Activity): boolean {
  if (a.type === 'installationUpdate') return a.action === 'add';
  return a.type === 'conversationUpdate' && (a.membersAdded ?? []).some((m) => m.id === a.recipient?.id);
}
