// Tagged chat traffic through the Convrs simulator, supervisors' thread replies through Slack, and the checks that
// follow a fault: every line exactly once and in order in every thread, every accepted whisper delivered once or its
// author told. Tags and the post ledger are the benchmark's (scripts/bench), so the two measure the same way.
import { PostLedger, visibleText } from '../../scripts/bench/ledger';
import { TagBook, tagOf } from '../../scripts/bench/tags';
import type { ChaosCluster } from './cluster';

export const UNIT = 'Sales';
/** Types the commands and the thread replies; the simulator's supervisor with every permission. */
export const SUPERVISOR = { user: 'UCHAOSSAM', email: 'sam.boss@acme.test' };

export interface TrafficChat {
  index: number;
  conversationId: string;
  hasAgent: boolean;
  lines: number;
}

export interface DeliveryReport {
  expected: number;
  missing: string[];
  duplicated: string[];
  outOfOrder: number;
  misthreaded: number;
  unthreaded: number;
}

export class ChaosTraffic {
  readonly book = new TagBook();
  private chatSeq = 0;

  constructor(
    private readonly c: ChaosCluster,
    readonly channels: string[],
  ) {}

  /** Each channel watches the unit, so every new chat gets a thread in every channel. */
  async watch(): Promise<void> {
    this.c.slack.emails[SUPERVISOR.user] = SUPERVISOR.email;
    for (const channel of this.channels) {
      const answer = await this.c.slash(SUPERVISOR.user, channel, `watch bu:"${UNIT}"`);
      if (!/Watching|already watches/.test(answer)) throw new Error(`watch failed: ${answer}`);
    }
  }

  startChats(n: number): TrafficChat[] {
    return Array.from({ length: n }, () => {
      const conv = this.c.sim.control.startChat({ businessUnit: UNIT });
      return { index: this.chatSeq++, conversationId: conv.conversationId, hasAgent: Boolean(conv.agent), lines: 0 };
    });
  }

  /**
   * `total` lines at `ratePerS`, round-robin over the chats. `midway` (the fault) starts when half are out and runs
   * while the rest keep coming; both are awaited.
   */
  async send(chats: TrafficChat[], total: number, ratePerS: number, midway?: () => Promise<void>): Promise<void> {
    let fault: Promise<void> | undefined;
    const started = Date.now();
    for (let k = 0; k < total; k++) {
      const wait = started + (k * 1000) / ratePerS - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (k === Math.floor(total / 2) && midway) fault = midway();
      const chat = chats[k % chats.length]!;
      const n = chat.lines++;
      const tag = this.book.record(chat.index, n, Date.now());
      this.c.sim.control.say(
        chat.conversationId,
        n % 2 === 1 && chat.hasAgent ? 'agent' : 'customer',
        `${tag} line ${n} of chat ${chat.index}`,
      );
    }
    await fault;
  }

  /** Waits until every line of `chats` is in every channel's thread (or the time is up), then a little longer to catch late duplicates. */
  async settle(chats: TrafficChat[], since: number, timeoutMs: number): Promise<DeliveryReport> {
    const ledger = new PostLedger(this.c.slack, since);
    const wanted = chats.flatMap((ch) => Array.from({ length: ch.lines }, (_, n) => tagOf(ch.index, n)));
    const missing = () =>
      wanted.flatMap((t) => this.channels.filter((ch) => !ledger.delivery(t, ch)).map((ch) => `${t}@${ch}`));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      ledger.scan();
      if (!missing().length || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    await new Promise((r) => setTimeout(r, 2000));
    ledger.scan();
    const duplicated = wanted.flatMap((t) =>
      this.channels.filter((ch) => (ledger.delivery(t, ch)?.times ?? 0) > 1).map((ch) => `${t}@${ch}`),
    );
    return {
      expected: wanted.length * this.channels.length,
      missing: missing(),
      duplicated,
      outOfOrder: ledger.outOfOrder,
      misthreaded: ledger.misthreaded,
      unthreaded: ledger.unthreaded,
    };
  }

  /** The thread of a chat in a channel: the thread its first line was posted in. */
  threadOf(chat: TrafficChat, channel: string): string {
    const first = tagOf(chat.index, 0);
    const post = this.c.slack.messages.find(
      (m) => m.channel === channel && m.thread_ts && visibleText(m).includes(first),
    );
    if (!post?.thread_ts) throw new Error(`no thread for chat ${chat.index} in ${channel}`);
    return post.thread_ts;
  }

  /** A supervisor's reply in the chat's thread, delivered as Slack would (retried until a 2xx or Slack gives up). */
  async reply(chat: TrafficChat, channel: string, text: string): Promise<{ accepted: boolean; ts: string }> {
    const ts = `${Math.floor(Date.now() / 1000)}.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
    const event = {
      type: 'message',
      user: SUPERVISOR.user,
      text,
      ts,
      thread_ts: this.threadOf(chat, channel),
      channel,
      channel_type: 'channel',
      event_ts: ts,
      team: 'T0001',
    };
    const r = await this.c.slackEvent(event);
    return { accepted: r.accepted, ts };
  }

  /** What became of a thread reply: whispers in Convrs with its text, ✅ reactions on it, failure notes to its author. */
  whisperOutcome(
    chat: TrafficChat,
    channel: string,
    reply: { ts: string; text: string },
  ): { inConvrs: number; acked: number; told: number } {
    const inConvrs = this.c.sim.state
      .messagesOf(chat.conversationId)
      .filter((m) => m.sender === 'whisper' && m.text === reply.text).length;
    const acked = this.c.slack
      .callsOf('reactions.add', true)
      .filter((x) => x.body.timestamp === reply.ts && x.body.channel === channel).length;
    const told =
      this.c.slack.ephemerals.filter(
        (e) => e.user === SUPERVISOR.user && e.channel === channel && /Whisper not sent/.test(visibleText(e)),
      ).length +
      this.c.slack.responses.filter((r) => /Whisper not sent/.test(visibleText(r.body as { text?: unknown }))).length;
    return { inConvrs, acked, told };
  }

  /** Posts (anywhere) whose text carries `text`: a mirrored whisper must show up once per other thread. */
  postsWith(text: string, channel?: string): number {
    return this.c.slack.messages.filter((m) => (!channel || m.channel === channel) && visibleText(m).includes(text))
      .length;
  }
}
