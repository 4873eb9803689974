// Terminal input: a line typed as `> text` or `>C-1001 text` is a reply in a chat's thread on screen (a whisper);
// anything else is a command. Every thread of this surface is on the one screen: personal and watched (wall) ones.
import { normalizeChatRef } from '../../src/core/commands/grammar';
import type { Store } from '../../src/core/ports';
import type { Thread } from '../../src/core/model';

export interface ReplyLine {
  /** The chat named after `>` (normalised, e.g. C-1001); absent for `> text`. */
  ref?: string;
  text: string;
}

/** `> text` and `>C-1001 text` (also `>c1001 text`); null when the line is not a reply. */
export function parseReplyLine(line: string): ReplyLine | null {
  const m = /^>\s*(?:(c-?\d+)(?=\s|$))?\s*([\s\S]*)$/i.exec(line.trim());
  if (!m) return null;
  const text = m[2].trim();
  return m[1] ? { ref: normalizeChatRef(m[1]), text } : { text };
}

/**
 * The thread of a chat that a terminal user sees: their own personal thread first (`supervise`), else the chat's
 * thread on a wall (`watch bu:…`), which every terminal user shares. Null when the chat is on no thread here.
 */
export async function threadOnScreen(store: Store, userId: string, chatId: number): Promise<Thread | null> {
  const shown = (await store.threads.forChat(chatId)).filter(
    (t) => t.surface === 'terminal' && t.active && t.rootPostId,
  );
  return (
    shown.find((t) => t.kind === 'personal' && t.ownerUserId === userId) ?? shown.find((t) => t.kind === 'team') ?? null
  );
}
