// Ports: what the core needs from the outside world. Adapters implement them; app.ts wires them.
import type { PlatformEvent } from './events';
import type { Agent, Chat, ChatSnapshot, ChatStatus, IncomingMessage, SurfaceName, ThreadKind } from './model';
import type { AlertView, ChatCardView, FileView, MessageLineView, ReplyView } from './views';

// ---------- Chat platform (Convrs) ----------

export interface ConversationQuery {
  from: Date;
  to: Date;
  status?: ChatStatus;
  agentEmail?: string;
  businessUnit?: string;
  page: number;
  pageSize: number;
}

export interface ChatPlatform {
  getOpenConversations(): Promise<ChatSnapshot[]>;
  getConversation(conversationId: string): Promise<{ chat: ChatSnapshot; messages: IncomingMessage[] }>;
  getConversations(q: ConversationQuery): Promise<{ items: ChatSnapshot[]; total: number }>;
  getAgents(): Promise<Agent[]>;
  getBusinessUnits(): Promise<string[]>;
  /** Supervisor → agent message the customer never sees. `by` is the supervisor's email. */
  sendWhisper(conversationId: string, text: string, by: string): Promise<{ mid: string }>;
  transfer(
    conversationId: string,
    to: { agentEmail?: string; businessUnit?: string },
    by: string,
  ): Promise<ChatSnapshot>;
  finish(conversationId: string, by: string): Promise<ChatSnapshot>;
}

/**
 * Receives translated platform events from an intake (webhook or websocket). Calls may overlap (the app's sink stores
 * overlapping calls together, in the order they were made); it resolves once the event is safely stored.
 */
export type PlatformEventSink = (event: PlatformEvent, raw: unknown) => Promise<void>;

// ---------- Supervisor surfaces (Slack, Teams, terminal) ----------

/** Who asked, and where to answer them. `context` holds surface-specific reply handles. */
export interface Requester {
  surface: SurfaceName;
  userId: string;
  /** Conversation/channel the request came from. */
  destination: string;
  /** Root of the thread the request was made in, if any. */
  threadRootId?: string | null;
  context?: Record<string, string>;
}

/** A thread as a surface needs it to post. */
export interface ThreadTarget {
  threadId: number;
  chatRef: string;
  destination: string;
  kind: ThreadKind;
  rootPostId: string | null;
  ownerUserId: string | null;
  /** The thread's last recorded post, when asked by findPost: an unrecorded later one can only come after it. */
  lastPostId?: string | null;
}

export interface SupervisorSurface {
  readonly name: SurfaceName;
  /** Steady posts per second and burst allowed into one destination. */
  postBudget(destination: string): { perSecond: number; burst: number };
  /** Most message lines combined into one post when a thread is behind. */
  readonly maxLinesPerPost: number;
  /** The supervisor's personal (direct) destination with the bot. */
  openPersonalDestination(userId: string): Promise<string>;
  /** Posts the chat card as the root of a new thread. May return a new destination (Teams channel threads). */
  startThread(target: ThreadTarget, card: ChatCardView): Promise<{ rootPostId: string; destination?: string }>;
  updateCard(target: ThreadTarget, card: ChatCardView): Promise<void>;
  /** One post carrying one or more lines, in order, tagged with `key`. Returns the post id. */
  postLines(target: ThreadTarget, lines: MessageLineView[], key: string): Promise<string>;
  /**
   * The id of the post tagged `key` in this thread, or null when it never landed. Only asked after an
   * attempt whose outcome was not recorded (a crash), so it may be slow or rate-limited.
   */
  findPost(target: ThreadTarget, key: string): Promise<string | null>;
  reply(to: Requester, view: ReplyView): Promise<void>;
  deliverFile(to: Requester, file: FileView): Promise<string>;
  /** Tells the author of a thread reply how their whisper went (Slack: ✅ reaction or ephemeral). */
  acknowledgeWhisper(to: Requester, result: { ok: true } | { ok: false; reason: string }): Promise<void>;
  postAlert(destination: string, alert: AlertView): Promise<string>;
  /** Re-renders a posted alert (e.g. "Claimed by Ann Lee"). */
  updateAlert(destination: string, postId: string, alert: AlertView): Promise<void>;
  /** The email (or UPN) of a surface user, or null when the surface does not know it. */
  emailOf(userId: string, context?: Record<string, string>): Promise<string | null>;
  /**
   * A link that opens post `postId` of the thread (summaries link each point to the line it rests on), or null where
   * the surface cannot link to it (the terminal; a Teams personal chat, whose lines live on one card).
   */
  linkToPost?(target: ThreadTarget, postId: string): Promise<string | null>;
}

// ---------- Persistence: see store-ports.ts ----------
export * from './store-ports';

// ---------- Time ----------
export interface Clock {
  now(): Date;
}

// ---------- Background work ----------

/** What the core asks the job system to do later. */
export interface Jobs {
  /** Post pending lines of every thread in a destination (coalesced per destination). */
  drain(surface: SurfaceName, destination: string, notBefore?: Date): Promise<void>;
  /**
   * Re-render the chat card in every thread of a chat (coalesced per chat). `state`: something a supervisor must
   * see at once; `routine` (default): paced, because card edits are rate-limited.
   */
  refreshCards(chatId: number, change?: 'state' | 'routine'): Promise<void>;
  /**
   * Score a chat: after new messages at most once per debounce window (calls in between fold into one); on finish
   * right away, once however many finishes are reported (ours, then Convrs's event); on feedback right away.
   */
  scoreChat(chatId: number, reason: 'messages' | 'finish' | 'feedback'): Promise<void>;
  /**
   * Arms the chat's one inactivity check for `dueAt` unless it is armed already: when it fires it re-reads the
   * chat's last activity and waits again if there was some since.
   */
  armInactivity(chatId: number, dueAt: Date): Promise<void>;
  /**
   * Checks an agent for orphaned chats (they went Offline or Disabled holding open chats) and refreshes the agent's
   * alerts, right away (calls while one waits fold into it). With `away`: the agent's one Away check, due at `dueAt`
   * (they went Away at `since`); `move` re-arms an armed one (they went Away again), else an armed one stays (start-up).
   */
  checkOrphans(agentEmail: string, away?: { since: Date; dueAt: Date; move: boolean }): Promise<void>;
}

/** Minimal structured logger the core writes to (pino-compatible). */
export interface CoreLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
