// Ports: what the core needs from the outside world. Adapters implement them; app.ts wires them.
import type { PlatformEvent } from './events';
import type {
  Agent, Alert, AlertKind, Chat, ChatSnapshot, ChatStatus, IncomingMessage, SentimentLabel, StoredMessage, SurfaceName,
  Thread, ThreadKind, Thumbs, Watch,
} from './model';
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
  transfer(conversationId: string, to: { agentEmail?: string; businessUnit?: string }, by: string): Promise<ChatSnapshot>;
  finish(conversationId: string, by: string): Promise<ChatSnapshot>;
}

/** Receives translated platform events from an intake (webhook or websocket). */
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
}

// ---------- Persistence ----------

export interface InboxRow { id: number; key: string; type: string; payload: string; conversationId: string | null; receivedAt: Date; processedAt: Date | null; error: string | null }

export interface InboxStore {
  /** Stores an event once; `fresh` is false when its key was already stored. */
  accept(key: string, type: string, payload: string, conversationId?: string | null): Promise<{ id: number; fresh: boolean }>;
  /** Per conversation, when the oldest accepted-but-not-applied event of it was accepted (absent: none waiting). */
  oldestUnapplied(conversationIds: string[]): Promise<Map<string, Date>>;
  get(id: number): Promise<InboxRow | null>;
  markDone(id: number): Promise<void>;
  markFailed(id: number, error: string): Promise<void>;
  /** Not yet processed, received before `before`: for recovery after a crash. */
  unprocessed(before: Date, limit: number): Promise<InboxRow[]>;
}

export type CsatOp = '<' | '<=' | '=' | '>=' | '>';

export interface ChatFilter {
  status?: ChatStatus;
  /** Scope: only chats of these BUs (undefined = all). */
  businessUnits?: string[];
  businessUnit?: string;
  /** Agent email or name (case-insensitive, name may be partial). */
  agent?: string;
  from?: Date;
  to?: Date;
  inactive?: boolean;
  sentiment?: SentimentLabel;
  csat?: { op: CsatOp; value: number };
  thumbs?: Thumbs;
  sort?: 'last-active' | 'started';
}

export type ChatPatch = Partial<Omit<Chat, 'id' | 'ref' | 'conversationId'>>;

export interface ChatStore {
  /** Inserts or refreshes a chat from a platform snapshot; keeps our own fields (state, scores). */
  upsert(snapshot: ChatSnapshot): Promise<{ chat: Chat; created: boolean }>;
  get(id: number): Promise<Chat | null>;
  /** By "C-1042", "c-1042", "1042" or a Convrs conversation id. */
  find(refOrConversationId: string): Promise<Chat | null>;
  byConversationId(conversationId: string): Promise<Chat | null>;
  update(id: number, patch: ChatPatch): Promise<Chat>;
  /**
   * Inside a transaction: takes the chat's row lock (the one message inserts take) until the transaction ends, so
   * opening a thread and appending a message of the same chat cannot miss each other. False when there is no such chat.
   */
  lock(id: number): Promise<boolean>;
  query(filter: ChatFilter, page: { page: number; pageSize: number }): Promise<{ items: Chat[]; total: number }>;
}

export interface AppendedMessage {
  message: StoredMessage;
  inserted: boolean;
  /** Where it was queued (destinations of the threads it will be posted to). */
  destinations: { surface: SurfaceName; destination: string }[];
}

export interface AppendOptions {
  /** Moves the chat's last activity and clears its inactive flag (customer and agent messages). */
  activity: boolean;
  skipThreadId?: number;
  /** When the event that carried the message was accepted (default: now). */
  receivedAt?: Date;
  /** That event's inbox row: marked applied in the same transaction (only when the message is new). */
  inboxId?: number;
}

export interface MessageStore {
  /**
   * Stores a message once per (chat, mid) with the chat's next seq and, in the same transaction under the chat's
   * lock, queues it for every active thread of the chat but `skipThreadId`. With `activity` it also moves the chat's
   * last activity to the message's time (never back) and clears its inactive flag.
   */
  append(chatId: number, message: IncomingMessage, opts: AppendOptions): Promise<AppendedMessage>;
  /** Stores a message once per (chat, mid); assigns the next seq of the chat (nothing queued: history backfill). */
  insert(chatId: number, message: IncomingMessage): Promise<{ message: StoredMessage; inserted: boolean }>;
  /** The last `limit` messages of a chat, in display order (at, seq). */
  recent(chatId: number, limit: number): Promise<StoredMessage[]>;
  maxSeq(chatId: number): Promise<number>;
  byMid(chatId: number, mid: string): Promise<StoredMessage | null>;
  /** Per chat: the first customer message, and the first agent message after it (null when none yet). */
  firstResponses(chatIds: number[]): Promise<Map<number, { customerAt: Date; agentAt: Date | null }>>;
}

export interface ThreadStore {
  /** Opens (or re-activates) the thread of a chat in a destination. */
  open(t: { chatId: number; surface: SurfaceName; destination: string; kind: ThreadKind; ownerUserId: string | null; fromSeq: number }): Promise<{ thread: Thread; created: boolean }>;
  get(id: number): Promise<Thread | null>;
  close(id: number): Promise<void>;
  setRoot(id: number, rootPostId: string, destination?: string): Promise<Thread>;
  forChat(chatId: number): Promise<Thread[]>;
  /** The active thread whose root post is `rootPostId` in `destination`. */
  byRoot(surface: SurfaceName, destination: string, rootPostId: string): Promise<Thread | null>;
  personalOf(surface: SurfaceName, ownerUserId: string): Promise<Thread[]>;
  /** Active thread of a chat in a destination, if any. */
  find(chatId: number, surface: SurfaceName, destination: string): Promise<Thread | null>;
}

export interface OutboxItem {
  id: number;
  thread: Thread;
  message: StoredMessage;
  /** Key of a post attempt that may or may not have landed (a crash between posting and recording). */
  attemptKey: string | null;
}

/** What one drain step reads: pending lines, per chat (conversation id) since when an event is accepted but not yet applied, and pacing. */
export interface DrainView {
  items: OutboxItem[];
  applying: Map<string, Date>;
  /** When the destination's next post may go (GCRA theoretical arrival time); null when never posted or nothing pending. */
  nextPostAt: Date | null;
}

export interface OutboxStore {
  /** Queues messages for threads; pairs already queued are ignored. */
  enqueue(rows: { threadId: number; messageId: number }[]): Promise<number>;
  /** Destinations with unposted rows of active threads. */
  pendingDestinations(limit: number): Promise<{ surface: SurfaceName; destination: string }[]>;
  /** Destinations with waiting lines and the arrival time of the oldest one (for the lag gauge). */
  lagByDestination(limit: number): Promise<{ surface: SurfaceName; destination: string; oldest: Date }[]>;
  /** Unposted rows of active threads in a destination, per thread in display order (at, seq), received before `receivedBefore`. */
  pendingFor(surface: SurfaceName, destination: string, receivedBefore: Date, limit: number): Promise<OutboxItem[]>;
  /** Every pending row of a destination (as pendingFor) with what the drain needs besides, in one read. */
  drainView(surface: SurfaceName, destination: string, limit: number): Promise<DrainView>;
  /** Records that these rows are about to be posted together under `key` (before the surface is called). */
  /** `null` clears it (the attempt is known not to have landed, e.g. a 429). */
  markAttempt(ids: number[], key: string | null): Promise<void>;
  /** Records the post that carried these rows; with `pacing`, also the destination's next post time (one write). */
  markPosted(ids: number[], postId: string, pacing?: { surface: SurfaceName; destination: string; nextPostAt: Date }): Promise<void>;
  markSkipped(ids: number[], reason: string): Promise<void>;
  /** The post id that carried a message in a thread. */
  postIdOf(threadId: number, messageId: number): Promise<string | null>;
  /** Posts done (for tests, metrics): rows with a post id, in the order they were posted. */
  postedCount(threadId: number): Promise<number>;
}

export interface WatchStore {
  add(w: { surface: SurfaceName; destination: string; businessUnit: string; createdBy: string }): Promise<{ watch: Watch; created: boolean }>;
  remove(surface: SurfaceName, destination: string, businessUnit: string): Promise<boolean>;
  forBusinessUnit(businessUnit: string): Promise<Watch[]>;
  list(surface?: SurfaceName, destination?: string): Promise<Watch[]>;
}

export interface AgentStore {
  /** Replaces the known agents with a fresh list from the platform. */
  replaceAll(agents: Agent[]): Promise<void>;
  upsert(agent: Agent): Promise<void>;
  byEmail(email: string): Promise<Agent | null>;
  all(): Promise<Agent[]>;
  refreshedAt(): Promise<Date | null>;
}

export interface IdentityStore {
  get(surface: SurfaceName, userId: string): Promise<{ email: string | null; cachedAt: Date } | null>;
  put(surface: SurfaceName, userId: string, email: string | null): Promise<void>;
}

export type WhisperStatus = 'pending' | 'sent' | 'failed';
export interface WhisperRow { id: number; sourceKey: string; chatId: number; supervisorEmail: string; text: string; status: WhisperStatus; convrsMid: string | null; error: string | null; createdAt: Date }

export interface WhisperStore {
  /** Records a whisper request once per source key (e.g. the Slack reply's channel+ts). */
  begin(w: { sourceKey: string; chatId: number; supervisorEmail: string; text: string; surface: SurfaceName }): Promise<{ whisper: WhisperRow; fresh: boolean }>;
  complete(id: number, result: { status: 'sent'; convrsMid: string } | { status: 'failed'; error: string }): Promise<void>;
  bySourceKey(sourceKey: string): Promise<WhisperRow | null>;
  byConvrsMid(mid: string): Promise<WhisperRow | null>;
  /** The newest whisper still waiting for Convrs's answer with this chat, author and text (its event can arrive before the answer). */
  pendingLike(chatId: number, supervisorEmail: string, text: string): Promise<WhisperRow | null>;
}

export interface AuditEntry { id: number; actor: string; action: string; chatId: number | null; detail: string; at: Date }

export interface AuditStore {
  record(e: { actor: string; action: string; chatId: number | null; detail: string }): Promise<void>;
  recent(limit: number): Promise<AuditEntry[]>;
}

export interface AlertStore {
  create(a: { chatId: number; kind: AlertKind; text: string; score: number | null }): Promise<Alert>;
  get(id: number): Promise<Alert | null>;
  /** The newest alert of a kind for a chat (cooldown and claims). */
  latest(chatId: number, kind: AlertKind): Promise<Alert | null>;
  /** Claims an unclaimed alert; null when someone else claimed it first. */
  claim(id: number, by: string): Promise<Alert | null>;
  addPost(alertId: number, surface: SurfaceName, destination: string, postId: string): Promise<void>;
  posts(alertId: number): Promise<{ surface: SurfaceName; destination: string; postId: string }[]>;
}
/** A surface's own small records by key (Teams conversation references, one-time download tokens). */
export interface SurfaceStateStore {
  /** The value, or null when missing or expired. */
  get(surface: SurfaceName, key: string): Promise<string | null>;
  put(surface: SurfaceName, key: string, value: string, expiresAt?: Date | null): Promise<void>;
  /** Returns the value and deletes it; of concurrent takers only one gets it (one-time tokens). */
  take(surface: SurfaceName, key: string): Promise<string | null>;
  remove(surface: SurfaceName, key: string): Promise<void>;
}
export interface DestinationStore {
  /** Pacing state of a destination: when the next post may go out. */
  nextPostAt(surface: SurfaceName, destination: string): Promise<Date | null>;
  setNextPostAt(surface: SurfaceName, destination: string, at: Date): Promise<void>;
}

/**
 * What the retention purge removes, one kind at a time: `messages` and `outbox` rows of chats finished
 * before the cutoff are deleted, `whispers` and `alerts` texts of those chats are blanked (rows kept),
 * `inbox` rows processed before the cutoff are deleted.
 */
export type PurgeKind = 'outbox' | 'messages' | 'whispers' | 'alerts' | 'inbox';

export interface RetentionStore {
  /**
   * Purges at most `limit` rows of one kind older than `before`: `picked` rows were chosen (fewer than `limit`: that
   * was all of them), `changed` of them were changed by this call (another process purging at once may take some).
   */
  purge(kind: PurgeKind, before: Date, limit: number): Promise<{ picked: number; changed: number }>;
}

export interface Store {
  inbox: InboxStore;
  chats: ChatStore;
  messages: MessageStore;
  threads: ThreadStore;
  outbox: OutboxStore;
  watches: WatchStore;
  agents: AgentStore;
  identities: IdentityStore;
  whispers: WhisperStore;
  audit: AuditStore;
  destinations: DestinationStore;
  surfaceState: SurfaceStateStore;
  alerts: AlertStore;
  retention: RetentionStore;
  /** Runs `fn` in one database transaction with a store bound to it. */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

// ---------- Time ----------
export interface Clock { now(): Date }

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
   * Score a chat: after new messages at most once per debounce window (calls in between fold into one),
   * on finish right away.
   */
  scoreChat(chatId: number, reason: 'messages' | 'finish'): Promise<void>;
  /** (Re)arm the chat's inactivity check for `dueAt`; a later call moves the one timer. */
  armInactivity(chatId: number, dueAt: Date): Promise<void>;
}

/** Minimal structured logger the core writes to (pino-compatible). */
export interface CoreLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
