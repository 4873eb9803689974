// The drain: posts the waiting lines of one shard of destinations (see drain-shard.ts). Each destination's lines go per
// thread in order, paced, one post per destination per round; a round records the attempts of all its posts in one
// write, makes the posts at once, and records them with their pacing in one write.
import { calibratedCsat } from '../calibration-source';
import type { Deps } from '../deps';
import { surfaceOf } from '../deps';
import type { DrainShard } from '../drain-shard';
import { AppError, isAppError } from '../errors';
import { chatRefOf, type SurfaceName, type Thread } from '../model';
import { placeKey, type OutboxItem, type SupervisorSurface, type ThreadTarget } from '../ports';
import { presenceOf } from '../presence';
import { actionsFor, chatCard, messageLine } from '../present';
import { groupBy } from '../group-by';

/** Rows read per destination per round (the first thread's lines and the other threads' first ones are what counts). */
const PER_DESTINATION = 200;
/** Destinations posted to in one round (more wait for the next round). */
const MAX_DESTINATIONS_PER_ROUND = 100;
/** Rounds (and time) one run may take before it makes way (a graceful shutdown waits for running jobs). */
const MAX_ROUNDS = 20;
const MAX_RUN_MS = 5_000;
/**
 * A run that leaves lines waiting comes back no sooner than this: lines that come due meanwhile are posted by one
 * run (one read, one attempt write, one post write) instead of one run each.
 */
export const DRAIN_GATHER_MS = 60;
/**
 * Nor later than this: a line of another destination queued by another worker process meanwhile folds into this
 * run (one job per shard), so a destination paced a second out must not hold its shard-mates that long.
 */
const MAX_AGAIN_MS = 250;
/**
 * How soon to look again at a chat whose accepted events are still being applied: usually they are done within
 * milliseconds; when the event workers are behind (the event waited long already), look less often, so that
 * polling drains do not take the workers' time from the events they wait for. Applying an event that adds lines
 * asks for a drain anyway.
 */
const APPLYING_RECHECK_MS = 50;
/** How much slower than the platform's rate posts are paced (see drainShard). */
const PACING_MARGIN = 0.02;
const APPLYING_RECHECK_MAX_MS = 1_000;
const applyingRecheck = (waitedMs: number) =>
  Math.min(APPLYING_RECHECK_MAX_MS, Math.max(APPLYING_RECHECK_MS, waitedMs / 4));

export interface DrainResult {
  posts: number;
  /** Posts per surface (for metrics). */
  postsBySurface: Partial<Record<SurfaceName, { posts: number; lines: number; rateLimited: number }>>;
  lines: number;
  rateLimited?: number;
  /** For each line posted: its surface and milliseconds from its arrival to the post that carried it. */
  latencies: { surface: SurfaceName; ms: number }[];
  /** When set, pending lines remain and the drain should run again at this time. */
  again?: Date;
}

/** One destination's post in a round. */
interface Plan {
  surface: SupervisorSurface;
  destination: string;
  key: string;
  interval: number;
  burst: number;
  /** The destination's pacing (GCRA theoretical arrival time) before this post. */
  tat: number;
  group: OutboxItem[];
  /** Ready lines of the destination left for the next round (other threads, more than one post holds). */
  more: boolean;
}

type Outcome =
  | { kind: 'posted'; posts: number; lines: number; record?: { ids: number[]; postId: string } }
  | { kind: 'limited'; retryAfterMs: number }
  | { kind: 'failed'; error: unknown };

export async function drainShard(deps: Deps, shard: DrainShard): Promise<DrainResult> {
  const result: DrainResult = { posts: 0, lines: 0, latencies: [], postsBySurface: {} };
  const started = deps.clock.now().getTime();
  // Pacing this run moved: while this run holds the shard, only it moves its destinations' pacing.
  const knownTat = new Map<string, number>();
  let failure: unknown;
  for (let round = 0; round < MAX_ROUNDS && deps.clock.now().getTime() - started < MAX_RUN_MS; round++) {
    const now = deps.clock.now().getTime();
    result.again = undefined;
    const view = await deps.store.outbox.shardView(shard, PER_DESTINATION);
    if (!view.items.length) break;
    let again: number | undefined;
    const later = (t: number) => (again = Math.min(again ?? Infinity, t));
    const plans: Plan[] = [];
    for (const [key, items] of groupBy(view.items, (it) => placeKey(it.thread.surface, it.thread.destination))) {
      const { surface: name, destination } = items[0]!.thread;
      // A surface this process does not run (its configuration was removed): its lines wait.
      if (!deps.surfaces.has(name)) continue;
      const surface = surfaceOf(deps, name);
      const budget = surface.postBudget(destination);
      // A little slower than the platform's rate: requests reach it with some jitter, and a post that arrives a few
      // milliseconds early is refused (429) and holds the whole destination for Retry-After.
      const interval = (1000 / budget.perSecond) * (1 + PACING_MARGIN);
      const { ready, retryAt } = readyPrefixes(items, now, deps.settings.reorderWindowMs, view.applying);
      if (retryAt !== undefined) later(retryAt);
      if (!ready.length) continue;
      const tat = knownTat.get(key) ?? view.nextPostAt.get(key)?.getTime() ?? 0;
      // GCRA: a post may go when the theoretical arrival time is within the burst allowance.
      const allowedAt = tat - (budget.burst - 1) * interval;
      if (allowedAt > now) {
        later(allowedAt);
        continue;
      }
      if (plans.length >= MAX_DESTINATIONS_PER_ROUND) {
        later(now);
        continue;
      }
      const group = firstThreadGroup(ready, items, surface.maxLinesPerPost);
      plans.push({
        surface,
        destination,
        key,
        interval,
        burst: budget.burst,
        tat,
        group,
        more: group.length < ready.length,
      });
    }
    if (!plans.length) {
      if (again !== undefined) result.again = new Date(again);
      break;
    }
    const outcomes = await postRound(deps, plans);
    const posted: { ids: number[]; postId: string }[] = [];
    const pacing: { surface: SurfaceName; destination: string; nextPostAt: Date }[] = [];
    const at = deps.clock.now().getTime();
    for (const [i, plan] of plans.entries()) {
      const o = outcomes[i]!;
      const name = plan.surface.name;
      const counts = (result.postsBySurface[name] ??= { posts: 0, lines: 0, rateLimited: 0 });
      if (o.kind === 'failed') {
        failure ??= o.error;
        continue;
      }
      if (o.kind === 'limited') {
        // The platform said slow down: hold the destination until Retry-After, then one post at a time (no fresh
        // burst, which would hit the limit again). Nothing landed, so there is no attempt to look for.
        const until = deps.clock.now().getTime() + o.retryAfterMs;
        const next = until + (plan.burst - 1) * plan.interval;
        knownTat.set(plan.key, next);
        await deps.store.destinations.setNextPostAt(name, plan.destination, new Date(next));
        await deps.store.outbox.markAttempt(
          plan.group.map((g) => g.id),
          null,
        );
        result.rateLimited = (result.rateLimited ?? 0) + 1;
        counts.rateLimited++;
        later(until);
        continue;
      }
      const tat = Math.max(plan.tat, now) + plan.interval * o.posts;
      knownTat.set(plan.key, tat);
      pacing.push({ surface: name, destination: plan.destination, nextPostAt: new Date(tat) });
      if (o.record) posted.push(o.record);
      result.posts += o.posts;
      result.lines += o.lines;
      counts.posts += o.posts;
      counts.lines += o.lines;
      if (o.lines)
        for (const g of plan.group) result.latencies.push({ surface: name, ms: at - g.message.receivedAt.getTime() });
      if (plan.more) later(Math.max(now, tat - (plan.burst - 1) * plan.interval));
    }
    // The posts and the pacing they used, recorded together.
    if (posted.length || pacing.length) await deps.store.outbox.markPostedMany(posted, pacing);
    if (failure !== undefined) break;
    if (again !== undefined) result.again = new Date(again);
    // Ready lines left that may go now (another thread of a destination, a burst): another round at once (if the run
    // has rounds and time left; otherwise `again` brings it back).
    if (again !== undefined && again <= deps.clock.now().getTime()) continue;
    break;
  }
  // A failure the platform may get over (a 5xx, a timeout): the job is retried with backoff, after the other posts
  // of its round were recorded; the failed post's attempt stays, so the retry first asks whether it landed.
  if (failure !== undefined) throw failure;
  const end = deps.clock.now().getTime();
  if (result.again)
    result.again = new Date(Math.min(Math.max(result.again.getTime(), end + DRAIN_GATHER_MS), end + MAX_AGAIN_MS));
  return result;
}

/** A round's posts: roots and look-ups per destination, every new attempt recorded in one write, then the posts at once. */
async function postRound(deps: Deps, plans: Plan[]): Promise<Outcome[]> {
  const prepared = await Promise.all(plans.map((p) => settle(deps, p, () => prepare(deps, p))));
  const fresh = prepared.flatMap((r) => (r.kind === 'ready' && r.fresh ? [{ ids: r.ids, key: r.key }] : []));
  // Recorded before calling the surface, so a crash in between cannot double a post.
  if (fresh.length) await deps.store.outbox.markAttempts(fresh);
  return Promise.all(
    prepared.map((r, i) => {
      if (r.kind !== 'ready') return r;
      const plan = plans[i]!;
      return settle(deps, plan, async (): Promise<Outcome> => {
        const postId = await plan.surface.postLines(
          r.target,
          plan.group.map((g) => messageLine(g.message)),
          r.key,
        );
        return { kind: 'posted', posts: r.posts + 1, lines: plan.group.length, record: { ids: r.ids, postId } };
      });
    }),
  );
}

type Prepared =
  { kind: 'ready'; target: ThreadTarget; ids: number[]; key: string; fresh: boolean; posts: number } | Outcome;

/** The thread's root (first post), and for an attempt not recorded before a crash, whether it landed. */
async function prepare(deps: Deps, plan: Plan): Promise<Prepared> {
  const { surface, group } = plan;
  let thread = group[0]!.thread;
  let posts = 0;
  if (!thread.rootPostId) {
    thread = await startThread(deps, surface, thread);
    posts++;
  }
  const ids = group.map((g) => g.id);
  const target = targetOf(thread);
  const attempt = group[0]!.attemptKey;
  if (attempt) {
    // Only after the last recorded post can the unrecorded one be (Slack reads threads a page a minute for new apps).
    const landed = await surface.findPost(
      { ...target, lastPostId: await deps.store.outbox.lastPostId(thread.id) },
      attempt,
    );
    if (landed) {
      deps.log.warn(
        { surface: surface.name, threadId: thread.id, lines: ids.length },
        'an unrecorded post had landed before a restart; recorded it, not reposted',
      );
      return { kind: 'posted', posts, lines: group.length, record: { ids, postId: landed } };
    }
  }
  return { kind: 'ready', target, ids, key: attempt ?? `p${thread.id}-${group[0]!.id}`, fresh: !attempt, posts };
}

/** Runs one destination's step; a refusal becomes its outcome, so one destination cannot stop the others. */
async function settle<T>(deps: Deps, plan: Plan, step: () => Promise<T>): Promise<T | Outcome> {
  try {
    return await step();
  } catch (e) {
    if (isAppError(e) && e.code === 'rate_limited') return { kind: 'limited', retryAfterMs: e.retryAfterMs ?? 1000 };
    if (!isAppError(e) || e.retryable) return { kind: 'failed', error: e };
    // Permanent (channel gone, bot removed…): stop this thread rather than retrying forever.
    const thread = plan.group[0]!.thread;
    deps.log.error(
      {
        surface: plan.surface.name,
        destination: thread.destination,
        threadId: thread.id,
        code: e.code,
        err: e.message,
      },
      'thread closed after a permanent posting error',
    );
    await deps.store.outbox.markSkipped(
      plan.group.map((g) => g.id),
      `${e.code}: ${e.message}`,
    );
    await deps.store.threads.close(thread.id);
    return { kind: 'posted', posts: 0, lines: 0 };
  }
}

/**
 * Per thread, the lines that may go now, in display order, stopping at the first line still held (a
 * later-stamped line never overtakes a held earlier one). A line is held for the reorder window after it
 * arrived (a late delivery stamped earlier may still come), and while an accepted event of its chat is not
 * applied yet (it may carry an earlier line: processing lag must not reorder either).
 */
function readyPrefixes(
  items: OutboxItem[],
  now: number,
  windowMs: number,
  applying: Map<string, Date>,
): { ready: OutboxItem[]; retryAt?: number } {
  const ready: OutboxItem[] = [];
  const blocked = new Set<number>();
  let retryAt: number | undefined;
  const holdUntil = (t: number) => (retryAt = Math.min(retryAt ?? Infinity, t));
  for (const it of items) {
    if (blocked.has(it.thread.id)) continue;
    const received = it.message.receivedAt.getTime();
    // Only events accepted before this line's window closed can hold it (a later one is a delivery later than the
    // window allows), so a steady stream of new events, or a backlog of them, never starves a chat.
    const unapplied = applying.get(it.message.conversationId);
    if (received > now - windowMs) {
      // Still in its reorder window: look again when the window ends (an event being applied now is done by then).
      blocked.add(it.thread.id);
      holdUntil(received + windowMs);
    } else if (unapplied && unapplied.getTime() < received + windowMs) {
      blocked.add(it.thread.id);
      holdUntil(now + applyingRecheck(now - unapplied.getTime()));
    } else ready.push(it);
  }
  return { ready, retryAt };
}

/** The oldest-waiting thread's pending lines, in order, up to `max`. Threads take turns across rounds. */
function firstThreadGroup(items: OutboxItem[], pending: OutboxItem[], max: number): OutboxItem[] {
  // An unrecorded earlier attempt is settled first, with exactly the lines it carried.
  const unsettled = items.find((it) => it.attemptKey);
  if (unsettled) return pending.filter((it) => it.attemptKey === unsettled.attemptKey);
  let best: OutboxItem[] = [];
  for (const list of groupBy(items, (it) => String(it.thread.id)).values()) {
    if (!best.length || list[0]!.message.receivedAt < best[0]!.message.receivedAt) best = list;
  }
  return best.slice(0, max);
}

async function startThread(deps: Deps, surface: SupervisorSurface, thread: Thread): Promise<Thread> {
  const chat = await deps.store.chats.get(thread.chatId);
  if (!chat) throw new AppError('not_found', `chat ${thread.chatId} is missing`);
  const [agent, presence, calibrated] = await Promise.all([
    chat.agentEmail ? deps.store.agents.byEmail(chat.agentEmail) : null,
    // The new thread is among them: its own owner (or wall) is on the card it starts with.
    deps.store.threads.forChat(chat.id).then((threads) => presenceOf(deps, chat, threads)),
    calibratedCsat(deps, chat),
  ]);
  const { rootPostId } = await surface.startThread(
    targetOf(thread),
    chatCard(chat, agent, actionsFor(thread.kind, chat), presence, calibrated),
  );
  return deps.store.threads.setRoot(thread.id, rootPostId);
}

export function targetOf(t: Thread): ThreadTarget {
  return {
    threadId: t.id,
    chatRef: chatRefOf(t.chatId),
    destination: t.destination,
    kind: t.kind,
    rootPostId: t.rootPostId,
    ownerUserId: t.ownerUserId,
  };
}
