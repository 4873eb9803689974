// Event delivery: webhook POSTs (retried, sequential per conversation) and websocket pushes, with faults on demand.
import { WebSocket } from 'ws';
import type { Rng } from './population';
import type { EventEnvelope } from './types';
import { postWithRetry, type WebhookConfig } from './webhook';

export interface DeliveryOptions extends WebhookConfig {
  rng: Rng;
  /** Probability (0–1) that an event is delivered a second time, a little later. */
  duplicateRate?: number;
  /** Events are buffered this long and flushed in random order (0 = in order). */
  shuffleWindowMs?: number;
}

export interface DeliveryStats {
  emitted: number;
  /** Successful webhook POSTs plus websocket frames sent (one per client). */
  delivered: number;
  failedAttempts: number;
  duplicatesSent: number;
  givenUp: number;
}

export class Delivery {
  readonly stats: DeliveryStats = { emitted: 0, delivered: 0, failedAttempts: 0, duplicatesSent: 0, givenUp: 0 };
  readonly clients = new Set<WebSocket>();
  private paused = false;
  private held: EventEnvelope[] = [];
  private buffer: EventEnvelope[] = [];
  private bufferTimer: NodeJS.Timeout | undefined;
  private readonly queues = new Map<string, EventEnvelope[]>();
  private pending = 0;
  private readonly waiters: Array<() => void> = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly abort = new AbortController();
  private stopped = false;

  constructor(private readonly o: DeliveryOptions) {}

  setWebhook(url: string | undefined, secret: string | undefined): void {
    Object.assign(this.o, { webhookUrl: url, webhookSecret: secret });
  }

  publish(env: EventEnvelope): void {
    if (this.stopped) return;
    this.stats.emitted++;
    if (this.paused) this.held.push(env);
    else this.route(env);
  }

  /** Holds events (in order) until resume(), like a Convrs outage followed by catch-up. */
  setPaused(paused: boolean): void {
    this.paused = paused;
    if (paused) return;
    for (const env of this.held.splice(0)) this.route(env);
  }

  /** Resolves when everything not held by pause() has been delivered or given up. */
  flush(): Promise<void> {
    this.drainBuffer();
    if (this.pending === 0 || this.stopped) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    this.abort.abort();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const ws of this.clients) ws.terminate();
    this.clients.clear();
    this.pending = 0;
    this.settle();
  }

  private route(env: EventEnvelope): void {
    if (!this.o.shuffleWindowMs) return this.dispatch(env, false);
    this.buffer.push(env);
    this.pending++;
    this.bufferTimer ??= this.timer(this.o.shuffleWindowMs, () => this.drainBuffer());
  }

  private drainBuffer(): void {
    if (this.bufferTimer) (clearTimeout(this.bufferTimer), this.timers.delete(this.bufferTimer));
    this.bufferTimer = undefined;
    const batch = this.buffer.splice(0);
    for (let i = batch.length - 1; i > 0; i--) {
      const j = Math.floor(this.o.rng() * (i + 1));
      [batch[i], batch[j]] = [batch[j]!, batch[i]!];
    }
    for (const env of batch) this.dispatch(env, false);
    this.pending -= batch.length;
    this.settle();
  }

  private dispatch(env: EventEnvelope, duplicate: boolean): void {
    const frame = JSON.stringify(env);
    for (const ws of this.clients) {
      if (ws.readyState !== WebSocket.OPEN) continue;
      ws.send(frame);
      this.stats.delivered++;
    }
    if (this.o.webhookUrl) this.enqueue(env);
    if (!duplicate && this.o.duplicateRate && this.o.rng() < this.o.duplicateRate) {
      this.pending++;
      this.timer(5 + Math.floor(this.o.rng() * 45), () => {
        this.stats.duplicatesSent++;
        this.dispatch(env, true);
        this.pending--;
        this.settle();
      });
    }
  }

  // Sequential per conversation, so only faults we inject on purpose reorder a chat's events.
  private enqueue(env: EventEnvelope): void {
    const data = env.data as { conversationId?: unknown; email?: unknown };
    const key = String(data.conversationId ?? data.email ?? '_');
    this.pending++;
    const q = this.queues.get(key);
    if (q) return void q.push(env);
    this.queues.set(key, [env]);
    void this.run(key);
  }

  private async run(key: string): Promise<void> {
    const q = this.queues.get(key)!;
    while (q.length && !this.stopped) {
      await postWithRetry(q[0]!, this.o, this.stats, this.abort.signal);
      q.shift();
      this.pending--;
      this.settle();
    }
    this.queues.delete(key);
  }

  private timer(ms: number, then: () => void): NodeJS.Timeout {
    const t = setTimeout(() => (this.timers.delete(t), then()), ms);
    t.unref();
    this.timers.add(t);
    return t;
  }

  private settle(): void {
    if (this.pending > 0 && !this.stopped) return;
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}
