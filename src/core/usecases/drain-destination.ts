// The per-destination drain: posts pending lines of each thread in order, paced, recording each post before the next.
import type { Deps } from '../deps';
import { surfaceOf } from '../deps';
import { AppError, isAppError } from '../errors';
import { chatRefOf, type SurfaceName, type Thread } from '../model';
import type { OutboxItem, SupervisorSurface, ThreadTarget } from '../ports';
import { actionsFor, chatCard, messageLine } from '../present';

const BATCH = 500;
/** Posts (and time) one drain run may take before yielding to other destinations. */
const MAX_POSTS_PER_RUN = 50;
const MAX_RUN_MS = 5_000;
/**
 * How soon to look again at a chat whose accepted events are still being applied: usually they are done within
 * milliseconds; when the event workers are behind (the event waited long already), look less often, so that
 * polling drains do not take the workers' time from the events they wait for. Applying an event that adds lines
 * asks for a drain anyway.
 */
const APPLYING_RECHECK_MS = 50;
/** How much slower than the platform's rate posts are paced (see drainDestination). */
const PACING_MARGIN = 0.02;
const APPLYING_RECHECK_MAX_MS = 1_000;
const applyingRecheck = (waitedMs: number) => Math.min(APPLYING_RECHECK_MAX_MS, Math.max(APPLYING_RECHECK_MS, waitedMs / 4));

export interface DrainResult {
  posts: number;
  lines: number;
  rateLimited?: number;
  /** For each line posted: milliseconds from its arrival to the post that carried it. */
  latenciesMs: number[];
  /** When set, pending lines remain and the drain should run again at this time. */
  again?: Date;
}

export async function drainDestination(deps: Deps, surfaceName: SurfaceName, destination: string): Promise<DrainResult> {
  const surface = surfaceOf(deps, surfaceName);
  const result: DrainResult = { posts: 0, lines: 0, latenciesMs: [] };
  const budget = surface.postBudget(destination);
  // A little slower than the platform's rate: requests reach it with some jitter, and a post that arrives a few
  // milliseconds early is refused (429) and holds the whole destination for Retry-After.
  const interval = (1000 / budget.perSecond) * (1 + PACING_MARGIN);
  const started = deps.clock.now().getTime();
  // The pacing state is read once per run: while this run holds the destination, only it moves it.
  let knownTat: number | undefined;
  for (let run = 0; run < MAX_POSTS_PER_RUN && deps.clock.now().getTime() - started < MAX_RUN_MS; run++) {
    const now = deps.clock.now();
    // One read: the pending lines, the chats' unapplied events, the pacing state.
    const view = await deps.store.outbox.drainView(surfaceName, destination, BATCH);
    const pending = view.items;
    if (!pending.length) return result;
    const applying = view.applying;
    const { ready, retryAt } = readyPrefixes(pending, now.getTime(), deps.settings.reorderWindowMs, applying);
    if (!ready.length) {
      result.again = new Date(retryAt!);
      return result;
    }
    const tat = knownTat ?? view.nextPostAt?.getTime() ?? 0;
    // GCRA: a post may go when the theoretical arrival time is within the burst allowance.
    if (tat - now.getTime() > (budget.burst - 1) * interval) {
      result.again = new Date(tat - (budget.burst - 1) * interval);
      return result;
    }
    const group = firstThreadGroup(ready, pending, surface.maxLinesPerPost);
    let posted: Posted;
    try {
      posted = await postGroup(deps, surface, group);
    } catch (e) {
      if (!isAppError(e) || e.code !== 'rate_limited') throw e;
      // The platform said slow down: hold the whole destination until Retry-After, then one post at a time
      // (no fresh burst, which would hit the limit again). Nothing landed, so there is no attempt to look for.
      const until = new Date(deps.clock.now().getTime() + (e.retryAfterMs ?? 1000));
      await deps.store.destinations.setNextPostAt(surfaceName, destination, new Date(until.getTime() + (budget.burst - 1) * interval));
      await deps.store.outbox.markAttempt(group.map((g) => g.id), null);
      result.rateLimited = (result.rateLimited ?? 0) + 1;
      result.again = until;
      return result;
    }
    knownTat = Math.max(tat, now.getTime()) + interval * posted.posts;
    const pacing = { surface: surfaceName, destination, nextPostAt: new Date(knownTat) };
    // The post and the pacing it used, recorded together.
    if (posted.record) await deps.store.outbox.markPosted(posted.record.ids, posted.record.postId, pacing);
    else await deps.store.destinations.setNextPostAt(surfaceName, destination, pacing.nextPostAt);
    result.posts += posted.posts;
    result.lines += posted.lines;
    if (posted.lines) {
      const at = deps.clock.now().getTime();
      for (const g of group) result.latenciesMs.push(at - g.message.receivedAt.getTime());
    }
    // That was everything waiting when we looked: done, without another query. A line stored since then asked
    // for a drain of its own (the queue keeps one follow-up while this run is active).
    if (pending.length < BATCH && group.length === pending.length) return result;
    // The rest is held (too young, or behind an unapplied event): come back when the first of it may go.
    if (group.length === ready.length && retryAt !== undefined && retryAt > deps.clock.now().getTime()) {
      result.again = new Date(retryAt);
      return result;
    }
  }
  result.again = deps.clock.now();
  return result;
}

/**
 * Per thread, the lines that may go now, in display order, stopping at the first line still held (a
 * later-stamped line never overtakes a held earlier one). A line is held for the reorder window after it
 * arrived (a late delivery stamped earlier may still come), and while an accepted event of its chat is not
 * applied yet (it may carry an earlier line: processing lag must not reorder either).
 */
function readyPrefixes(items: OutboxItem[], now: number, windowMs: number, applying: Map<string, Date>): { ready: OutboxItem[]; retryAt?: number } {
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

/** The oldest-waiting thread's pending lines, in order, up to `max`. Threads take turns across runs. */
function firstThreadGroup(items: OutboxItem[], pending: OutboxItem[], max: number): OutboxItem[] {
  // An unrecorded earlier attempt is settled first, with exactly the lines it carried.
  const unsettled = items.find((it) => it.attemptKey);
  if (unsettled) return pending.filter((it) => it.attemptKey === unsettled.attemptKey);
  const byThread = new Map<number, OutboxItem[]>();
  for (const it of items) {
    const list = byThread.get(it.thread.id) ?? [];
    list.push(it);
    byThread.set(it.thread.id, list);
  }
  let best: OutboxItem[] = [];
  for (const list of byThread.values()) {
    if (!best.length || list[0].message.receivedAt < best[0].message.receivedAt) best = list;
  }
  return best.slice(0, max);
}

/** What a group's posting did; `record` is the post to record for its rows (the caller records it with the pacing). */
interface Posted { posts: number; lines: number; record?: { ids: number[]; postId: string } }

async function postGroup(deps: Deps, surface: SupervisorSurface, group: OutboxItem[]): Promise<Posted> {
  let thread = group[0].thread;
  let posts = 0;
  try {
    if (!thread.rootPostId) {
      thread = await startThread(deps, surface, thread);
      posts++;
    }
    const ids = group.map((g) => g.id);
    const target = targetOf(thread);
    if (group[0].attemptKey) {
      // Only after the last recorded post can the unrecorded one be (Slack reads threads a page a minute for new apps).
      const landed = await surface.findPost({ ...target, lastPostId: await deps.store.outbox.lastPostId(thread.id) }, group[0].attemptKey);
      if (landed) {
        deps.log.warn({ surface: surface.name, threadId: thread.id, lines: ids.length }, 'an unrecorded post had landed before a restart; recorded it, not reposted');
        return { posts, lines: group.length, record: { ids, postId: landed } };
      }
    }
    // Record the attempt before calling the surface, so a crash in between cannot double the post.
    const key = group[0].attemptKey ?? `p${thread.id}-${group[0].id}`;
    if (!group[0].attemptKey) await deps.store.outbox.markAttempt(ids, key);
    const postId = await surface.postLines(target, group.map((g) => messageLine(g.message)), key);
    return { posts: posts + 1, lines: group.length, record: { ids, postId } };
  } catch (e) {
    if (isAppError(e) && !e.retryable && e.code !== 'rate_limited') {
      // Permanent (channel gone, bot removed…): stop this thread rather than retrying forever.
      deps.log.error({ surface: surface.name, destination: thread.destination, threadId: thread.id, code: e.code, err: e.message }, 'thread closed after a permanent posting error');
      await deps.store.outbox.markSkipped(group.map((g) => g.id), `${e.code}: ${e.message}`);
      await deps.store.threads.close(thread.id);
      return { posts, lines: 0 };
    }
    throw e;
  }
}

async function startThread(deps: Deps, surface: SupervisorSurface, thread: Thread): Promise<Thread> {
  const chat = await deps.store.chats.get(thread.chatId);
  if (!chat) throw new AppError('not_found', `chat ${thread.chatId} is missing`);
  const agent = chat.agentEmail ? await deps.store.agents.byEmail(chat.agentEmail) : null;
  const { rootPostId } = await surface.startThread(targetOf(thread), chatCard(chat, agent, actionsFor(thread.kind, chat)));
  return deps.store.threads.setRoot(thread.id, rootPostId);
}

export function targetOf(t: Thread): ThreadTarget {
  return { threadId: t.id, chatRef: chatRefOf(t.chatId), destination: t.destination, kind: t.kind, rootPostId: t.rootPostId, ownerUserId: t.ownerUserId };
}
