// Reads what the fake Slack received and turns it into deliveries: which tagged message reached which thread, when,
// how often, and in what order. Incremental, so the drain can ask "is everything there yet?" cheaply.
import type { FakeSlack, SlackCall } from '../../test/fakes/slack-api';
import { tagsIn } from './tags';

/** All visible text of a post (text and every block text), where the tags are looked for. */
export function visibleText(body: { text?: unknown; blocks?: unknown }): string {
  const parts: string[] = [typeof body.text === 'string' ? body.text : ''];
  const walk = (x: unknown): void => {
    if (!x || typeof x !== 'object') return;
    const o = x as Record<string, unknown>;
    if (typeof o.text === 'string') parts.push(o.text);
    for (const v of Object.values(o)) if (v && typeof v === 'object') walk(v);
  };
  walk(body.blocks);
  return parts.join('\n');
}

interface ThreadState {
  /** The chat whose tags this thread carries (the first tag seen defines it). */
  chat?: number;
  /** Highest message number posted so far, for order. */
  maxN: number;
}

export interface Delivery {
  firstAt: number;
  times: number;
}

export class PostLedger {
  /** "<tag>|<channel>" → when it was first posted there and how many times in all. */
  readonly deliveries = new Map<string, Delivery>();
  outOfOrder = 0;
  /** Tags that showed up in another chat's thread. */
  misthreaded = 0;
  /** Tags posted outside any thread (the bot always posts lines as replies). */
  unthreaded = 0;
  readonly callsByMethod: Record<string, number> = {};
  rateLimited = 0;
  readonly rateLimitedByMethod: Record<string, number> = {};
  private readonly threads = new Map<string, ThreadState>();
  private cursor = 0;

  /** Counts only calls at or after `since` (the setup's calls are not part of the measurement). */
  constructor(
    private readonly slack: FakeSlack,
    private readonly since: number,
  ) {}

  get slackCalls(): number {
    return Object.values(this.callsByMethod).reduce((a, b) => a + b, 0);
  }

  /** Takes in the calls made since the last scan. */
  scan(): void {
    const calls = this.slack.calls;
    // The fake records a call and answers it in the same synchronous handler, so every recorded call has its status.
    while (this.cursor < calls.length) {
      const c = calls[this.cursor++]!;
      if (c.at < this.since) continue;
      this.callsByMethod[c.method] = (this.callsByMethod[c.method] ?? 0) + 1;
      if (c.status === 429) {
        this.rateLimited++;
        this.rateLimitedByMethod[c.method] = (this.rateLimitedByMethod[c.method] ?? 0) + 1;
      }
      if (c.method === 'chat.postMessage' && c.status === 200 && !c.error) this.post(c);
    }
  }

  delivery(tag: string, channel: string): Delivery | undefined {
    return this.deliveries.get(`${tag}|${channel}`);
  }

  private post(c: SlackCall): void {
    const tags = tagsIn(visibleText(c.body));
    if (!tags.length) return;
    const channel = String(c.body.channel);
    const threadTs = typeof c.body.thread_ts === 'string' ? c.body.thread_ts : undefined;
    if (!threadTs) this.unthreaded += tags.length;
    const threadKey = `${channel}|${threadTs ?? 'root'}`;
    const thread = this.threads.get(threadKey) ?? { maxN: -1 };
    this.threads.set(threadKey, thread);
    for (const t of tags) {
      const key = `${t.tag}|${channel}`;
      const d = this.deliveries.get(key);
      if (d) {
        d.times++;
        continue;
      }
      this.deliveries.set(key, { firstAt: c.at, times: 1 });
      thread.chat ??= t.chat;
      if (t.chat !== thread.chat) this.misthreaded++;
      if (t.n < thread.maxN) this.outOfOrder++;
      thread.maxN = Math.max(thread.maxN, t.n);
    }
  }
}
