// Whisper: a supervisor's thread reply (or `whisper` command) goes to Convrs as a whisper to the agent, nothing else.
import { requirePermission, requireSupervisor } from '../access';
import type { Deps } from '../deps';
import { surfaceOf } from '../deps';
import { AppError, isAppError, userMessageOf } from '../errors';
import type { Chat, Thread } from '../model';
import type { Requester } from '../ports';
import { appendMessage } from '../threads';
import type { ReplyView } from '../views';
import { findChat } from './find-chat';
import { presenceChanged } from './refresh-cards';

export interface ThreadReply {
  /** Root post of the thread the reply was made in. */
  rootPostId: string;
  /** The reply's own id on the surface (dedupes redeliveries). */
  replyId: string;
  text: string;
}

export type WhisperOutcome = 'sent' | 'duplicate' | 'not-a-mirrored-thread' | 'refused';

/** A reply in a thread: acknowledged to its author on the surface (✅ or a private reason). */
export async function whisperFromThreadReply(deps: Deps, who: Requester, reply: ThreadReply): Promise<WhisperOutcome> {
  const thread = await deps.store.threads.byRoot(who.surface, who.destination, reply.rootPostId);
  if (!thread) return 'not-a-mirrored-thread';
  const surface = surfaceOf(deps, who.surface);
  try {
    const chat = await deps.store.chats.get(thread.chatId);
    if (!chat) return 'not-a-mirrored-thread';
    const r = await sendWhisper(deps, who, chat, reply.text, `thread:${thread.id}:${reply.replyId}`, thread);
    if (r === 'sent') await surface.acknowledgeWhisper(who, { ok: true });
    return r;
  } catch (e) {
    logFailure(deps, who, e);
    await surface.acknowledgeWhisper(who, { ok: false, reason: userMessageOf(e) });
    return 'refused';
  }
}

/** `whisper <chat> <text>` from anywhere. */
export async function whisperCommand(
  deps: Deps,
  who: Requester,
  ref: string,
  text: string,
  requestId: string,
): Promise<ReplyView> {
  const chat = await findChat(deps, ref);
  const r = await sendWhisper(deps, who, chat, text, `command:${who.surface}:${who.userId}:${requestId}`);
  if (r === 'duplicate') return { type: 'notice', tone: 'info', text: `That whisper to ${chat.ref} was already sent.` };
  return {
    type: 'notice',
    tone: 'success',
    text: `Whispered to ${chat.agentName ?? 'the agent'} on ${chat.ref}. The customer does not see it.`,
  };
}

/** Who may whisper to the chat's agent now (Supervise in its unit), and that it has an agent to whisper to. */
export async function requireWhisperer(
  deps: Deps,
  who: Requester,
  chat: Chat,
): Promise<Awaited<ReturnType<typeof requireSupervisor>>> {
  const me = await requireSupervisor(deps, who);
  requirePermission(me, 'Supervise', chat.businessUnit);
  if (chat.status !== 'open')
    throw new AppError('conflict', `${chat.ref} is finished, so there is no agent to whisper to.`);
  if (!chat.agentEmail)
    throw new AppError(
      'conflict',
      `${chat.ref} is still waiting in the queue, so there is no agent to whisper to yet. Try again once an agent has it.`,
    );
  return me;
}

async function sendWhisper(
  deps: Deps,
  who: Requester,
  chat: Chat,
  text: string,
  sourceKey: string,
  fromThread?: Thread,
): Promise<'sent' | 'duplicate'> {
  const me = await requireWhisperer(deps, who, chat);
  if (!text.trim()) throw new AppError('bad_input', 'A whisper needs some text.');
  const { whisper, fresh } = await deps.store.whispers.begin({
    sourceKey,
    chatId: chat.id,
    supervisorEmail: me.email,
    text: deps.redactStored?.(text) ?? text,
    surface: who.surface,
  });
  if (!fresh) return 'duplicate';
  let mid: string;
  try {
    ({ mid } = await deps.platform.sendWhisper(chat.conversationId, text, me.email));
  } catch (e) {
    await deps.store.whispers.complete(whisper.id, { status: 'failed', error: isAppError(e) ? e.code : 'internal' });
    await deps.store.audit.record({
      actor: me.email,
      action: 'whisper-failed',
      chatId: chat.id,
      detail: isAppError(e) ? e.code : 'internal',
    });
    throw isAppError(e) && e.code === 'platform_unavailable'
      ? new AppError(
          'platform_unavailable',
          'Convrs is not answering right now, so your whisper was NOT sent. Please try again in a minute.',
          { retryable: false },
        )
      : e;
  }
  await deps.store.whispers.complete(whisper.id, { status: 'sent', convrsMid: mid });
  await deps.store.audit.record({ actor: me.email, action: 'whisper', chatId: chat.id, detail: `mid ${mid}` });
  const author = me.agent?.name ?? me.email;
  await appendMessage(
    deps,
    chat,
    {
      mid,
      conversationId: chat.conversationId,
      role: 'whisper',
      authorName: author,
      authorEmail: me.email,
      text,
      attachments: [],
      at: deps.clock.now(),
      kind: 'message',
    },
    { skipThreadId: fromThread?.id },
  );
  // Every card of the chat says "last whisper by <her> at HH:MM" (also when Convrs's event of it was stored first).
  await presenceChanged(deps, chat.id);
  return 'sent';
}

function logFailure(deps: Deps, who: Requester, e: unknown): void {
  const code = isAppError(e) ? e.code : 'internal';
  const level = isAppError(e) && e.code !== 'internal' ? 'info' : 'error';
  deps.log[level](
    { surface: who.surface, user: who.userId, code, err: isAppError(e) ? undefined : (e as Error).message },
    'whisper not sent',
  );
}
