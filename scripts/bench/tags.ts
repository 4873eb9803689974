// Every benchmark message carries a unique tag "b-<chat>-<n>" (n counts up per chat in send order), so a post can be
// traced back to the messages it carries, however the bot combined or formatted them.
export const tagOf = (chat: number, n: number): string => `b-${chat}-${n}`;

const TAG = /\bb-(\d+)-(\d+)\b/g;

export interface TagRef {
  tag: string;
  chat: number;
  n: number;
}

/** Tags in a text, in order of first appearance, each once. */
export function tagsIn(text: string): TagRef[] {
  const seen = new Set<string>();
  const out: TagRef[] = [];
  for (const m of text.matchAll(TAG)) {
    if (seen.has(m[0])) continue;
    seen.add(m[0]);
    out.push({ tag: m[0], chat: Number(m[1]), n: Number(m[2]) });
  }
  return out;
}

export interface SentMessage {
  chat: number;
  n: number;
  /** When the bench made Convrs emit it (the message's Convrs timestamp). */
  emittedAt: number;
  /** When the bot first answered 2xx to a webhook delivery carrying it. */
  acceptedAt?: number;
  /** Round trip of that accepted delivery. */
  ackMs?: number;
}

/** The messages sent, by tag. */
export class TagBook {
  readonly sent = new Map<string, SentMessage>();

  record(chat: number, n: number, emittedAt: number): string {
    const tag = tagOf(chat, n);
    this.sent.set(tag, { chat, n, emittedAt });
    return tag;
  }

  accepted(text: string, sentAt: number, acceptedAt: number): void {
    for (const { tag } of tagsIn(text)) {
      const m = this.sent.get(tag);
      if (m && m.acceptedAt === undefined) Object.assign(m, { acceptedAt, ackMs: acceptedAt - sentAt });
    }
  }
}
