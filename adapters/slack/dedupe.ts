// Short-lived "seen" guard for Slack deliveries (Bolt does not dedupe): Redis SET NX when available, memory otherwise.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

const MEMORY_MAX = 20_000;

export class SeenGuard {
  private readonly memory = new Map<string, number>();

  constructor(private readonly o: { redis?: Redis; prefix: string; ttlSeconds: number; log: Logger }) {}

  /**
   * Claims every key; false when one was already claimed (a retry or a duplicate). A caller that then
   * fails to hand the delivery on must `release` it, so Slack's next retry is processed (never drop every retry).
   */
  async claim(keys: string[]): Promise<boolean> {
    const claimed: string[] = [];
    for (const key of keys) {
      if (!(await this.claimOne(key))) {
        await this.release(claimed);
        return false;
      }
      claimed.push(key);
    }
    return true;
  }

  async release(keys: string[]): Promise<void> {
    for (const key of keys) {
      this.memory.delete(key);
      await this.o.redis?.del(this.redisKey(key)).catch(() => undefined);
    }
  }

  private async claimOne(key: string): Promise<boolean> {
    const now = Date.now();
    const until = this.memory.get(key);
    if (until && until > now) return false;
    if (this.o.redis) {
      try {
        const r = await this.o.redis.set(this.redisKey(key), '1', 'EX', this.o.ttlSeconds, 'NX');
        if (r !== 'OK') return false;
      } catch (e) {
        this.o.log.warn(
          { err: (e as Error).message },
          'Slack dedupe guard: Redis unavailable, using this process only',
        );
      }
    }
    this.memory.set(key, now + this.o.ttlSeconds * 1000);
    if (this.memory.size > MEMORY_MAX) this.sweep(now);
    return true;
  }

  private sweep(now: number): void {
    for (const [k, until] of this.memory) if (until <= now || this.memory.size > MEMORY_MAX / 2) this.memory.delete(k);
  }

  private redisKey(key: string): string {
    return `${this.o.prefix}:slack-seen:${key}`;
  }
}
