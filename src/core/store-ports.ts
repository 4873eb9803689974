// Persistence ports: the stores the core reads and writes (src/persistence implements them over TypeORM).
import type {
  Agent,
  Alert,
  AlertKind,
  Chat,
  ChatSummary,
  ChatSnapshot,
  ChatStatus,
  IncomingMessage,
  SentimentLabel,
  StoredMessage,
  SurfaceName,
  Thread,
  ThreadKind,
  Thumbs,
  Watch,
} from './model';
import type { OutboxStore } from './outbox-ports';

export interface InboxRow {
  id: number;
  key: string;
  type: string;
  payload: string;
  conversationId: string | null;
  receivedAt: Date;
  processedAt: Date | null;
  error: string | null;
}

/** An inbound event to store (see InboxStore.acceptMany). */
export interface NewInboxEvent {
  key: string;
  type: string;
  payload: string;
  conversationId?: string | null;
}

export interface InboxStore {
  /** Stores an event once; `fresh` is false when its key was already stored. */
  accept(
    key: string,
    type: string,
    payload: string,
    conversationId?: string | null,
  ): Promise<{ id: number; fresh: boolean }>;
  /**
   * Stores each event once, in one insert (ids in the order given); answers per event, in order. A key already stored,
   * or repeated earlier in the same call, is not fresh and answers the stored id.
   */
  acceptMany(events: NewInboxEvent[]): Promise<{ id: number; fresh: boolean }[]>;
  /** Per conversation, when the oldest accepted-but-not-applied event of it was accepted (absent: none waiting). */
  oldestUnapplied(conversationIds: string[]): Promise<Map<string, Date>>;
  get(id: number): Promise<InboxRow | null>;
  /**
   * Up to `limit` events not yet processed and not being retried on their own (see markRetrying) whose id is in
   * `shard` (id modulo `of` equals `index`) and greater than `after`, oldest first: the next batch for the shard's applier.
   */
  pending(shard: { index: number; of: number }, after: number, limit: number): Promise<InboxRow[]>;
  markDone(id: number): Promise<void>;
  /** How many accepted events are not applied yet, and since when the oldest of them waits (for the gauges). */
  backlog(): Promise<{ count: number; oldest: Date | null }>;
  /** Marks these events processed (one statement). */
  markDoneMany(ids: number[]): Promise<void>;
  markFailed(id: number, error: string): Promise<void>;
  /** Not processed yet, retried on its own (with this error): batches leave it out until it is processed. */
  markRetrying(id: number, error: string): Promise<void>;
  /** Not yet processed, received before `before`: for recovery after a crash. */
  unprocessed(before: Date, limit: number): Promise<InboxRow[]>;
}

/** A request from a supervisor surface as stored (surface_inbox): `payload` is the SurfaceWork, as JSON. */
export interface SurfaceInboxRow {
  id: number;
  key: string;
  payload: string;
  receivedAt: Date;
  processedAt: Date | null;
  error: string | null;
}

/** Surface requests stored before they are acknowledged, each once by the platform's own id for it (see core/intake.ts). */
export interface SurfaceInboxStore {
  /** Stores the request once; `fresh` is false when its key was already stored (a retried delivery). */
  accept(key: string, payload: string): Promise<{ id: number; fresh: boolean }>;
  get(id: number): Promise<SurfaceInboxRow | null>;
  markDone(id: number): Promise<void>;
  /** Processed with this error (a request that can never be worked is set aside, not replayed forever). */
  markFailed(id: number, error: string): Promise<void>;
  /** Not yet processed, received before `before`, oldest first: for the sweeper after a lost job. */
  unprocessed(before: Date, limit: number): Promise<SurfaceInboxRow[]>;
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

/** An open chat no active thread mirrors; `queuedSince`: for a chat without an agent, since when it waits for one. */
export interface UncoveredChat {
  chat: Chat;
  queuedSince: Date | null;
}

/** The open chats of a scope: how many, how many an active thread mirrors, and (some of) the others. */
export interface ChatCoverage {
  total: number;
  covered: number;
  uncovered: UncoveredChat[];
}

export interface ChatStore {
  /**
   * Inserts or refreshes a chat from a platform snapshot; keeps our own fields (state, scores). A snapshot may be
   * older than events already applied, so refreshing never reopens a closed chat, never clears thumbs, never moves
   * the last activity back, and takes the agent and unit only when nothing newer is known: `asOf`, when the snapshot
   * was read (a transfer's answer, a reconcile), lets it replace an assignment stamped before then; without it (a
   * chat.started event) it fills them only when no assignment event was applied yet.
   */
  upsert(snapshot: ChatSnapshot, opts?: { asOf?: Date }): Promise<{ chat: Chat; created: boolean }>;
  /** An assignment stamped `at` by Convrs: applied unless a later one already was (a late or redelivered event). */
  applyAssignment(
    id: number,
    a: { agentEmail: string | null; agentName: string | null; businessUnit: string; state?: Chat['state'] },
    at: Date,
  ): Promise<{ chat: Chat; applied: boolean }>;
  /** Feedback stamped `at`: applied unless later feedback already was. */
  applyThumbs(id: number, thumbs: Thumbs, at: Date): Promise<{ chat: Chat; applied: boolean }>;
  get(id: number): Promise<Chat | null>;
  /** By "C-1042", "c-1042", "1042" or a Convrs conversation id. */
  find(refOrConversationId: string): Promise<Chat | null>;
  byConversationId(conversationId: string): Promise<Chat | null>;
  /** Several at once (one read for a batch of events), by conversation id; unknown ids are absent. */
  byConversationIds(conversationIds: string[]): Promise<Map<string, Chat>>;
  update(id: number, patch: ChatPatch): Promise<Chat>;
  /**
   * Inside a transaction: takes the chat's row lock (the one message inserts take) until the transaction ends, so
   * opening a thread and appending a message of the same chat cannot miss each other. False when there is no such chat.
   */
  lock(id: number): Promise<boolean>;
  query(filter: ChatFilter, page: { page: number; pageSize: number }): Promise<{ items: Chat[]; total: number }>;
  /** Open chats per assigned agent (emails lower-cased): an agent's true load. */
  openCountsByAgent(): Promise<Map<string, number>>;
  /**
   * Coverage of the open chats of `businessUnits` (case-insensitive; undefined: every unit): how many there are, how
   * many have at least one active thread (a personal supervision or a wall), and up to `limit` of the uncovered ones,
   * likely riskiest first (negative, inactive, without an agent, then longest idle), for the core to rank exactly.
   */
  coverage(scope: { businessUnits?: string[] }, limit: number): Promise<ChatCoverage>;
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
  /**
   * `append` for several messages in one unit of work (PostgreSQL: one round trip), results in the order given. The
   * chats are locked in id order (each chat's messages keep their order), so batches running at once cannot deadlock.
   */
  appendMany(items: { chatId: number; message: IncomingMessage; opts: AppendOptions }[]): Promise<AppendedMessage[]>;
  /** Stores a message once per (chat, mid); assigns the next seq of the chat (nothing queued: history backfill). */
  insert(chatId: number, message: IncomingMessage): Promise<{ message: StoredMessage; inserted: boolean }>;
  /** The last `limit` messages of a chat, in display order (at, seq). */
  recent(chatId: number, limit: number): Promise<StoredMessage[]>;
  maxSeq(chatId: number): Promise<number>;
  byMid(chatId: number, mid: string): Promise<StoredMessage | null>;
  /** Per chat: the first customer message, and the first agent message after it (null when none yet). */
  firstResponses(chatIds: number[]): Promise<Map<number, { customerAt: Date; agentAt: Date | null }>>;
  /**
   * Per chat, its latest whisper (ours or one typed in the platform's own app), in display order (at, seq); chats
   * without one are absent. One statement for any number of chats (a chat card shows who whispered last).
   */
  lastWhispers(chatIds: number[]): Promise<Map<number, { authorName: string; authorEmail: string | null; at: Date }>>;
}

export interface ThreadStore {
  /** Opens (or re-activates) the thread of a chat in a destination. */
  open(t: {
    chatId: number;
    surface: SurfaceName;
    destination: string;
    kind: ThreadKind;
    ownerUserId: string | null;
    fromSeq: number;
  }): Promise<{ thread: Thread; created: boolean }>;
  get(id: number): Promise<Thread | null>;
  close(id: number): Promise<void>;
  /**
   * Ends a thread for good (its viewers lost the right to see the chat): lines still waiting for it are dropped with
   * `reason`, and `finalMessageId`, a closing note, is still posted to it after the thread is closed. Call it inside a
   * transaction holding the chat's lock, so no line of the chat is queued for the thread in between.
   */
  end(id: number, finalMessageId: number | null, reason: string): Promise<void>;
  setRoot(id: number, rootPostId: string, destination?: string): Promise<Thread>;
  forChat(chatId: number): Promise<Thread[]>;
  /** The active thread whose root post is `rootPostId` in `destination`. */
  byRoot(surface: SurfaceName, destination: string, rootPostId: string): Promise<Thread | null>;
  personalOf(surface: SurfaceName, ownerUserId: string): Promise<Thread[]>;
  /** Active thread of a chat in a destination, if any. */
  find(chatId: number, surface: SurfaceName, destination: string): Promise<Thread | null>;
}

export * from './outbox-ports';

export interface WatchStore {
  add(w: {
    surface: SurfaceName;
    destination: string;
    businessUnit: string;
    createdBy: string;
  }): Promise<{ watch: Watch; created: boolean }>;
  remove(surface: SurfaceName, destination: string, businessUnit: string): Promise<boolean>;
  forBusinessUnit(businessUnit: string): Promise<Watch[]>;
  list(surface?: SurfaceName, destination?: string): Promise<Watch[]>;
}

export interface AgentStore {
  /** Replaces the known agents with a fresh list from the platform. */
  replaceAll(agents: Agent[]): Promise<void>;
  upsert(agent: Agent): Promise<void>;
  byEmail(email: string): Promise<Agent | null>;
  /** Several at once (one read), keyed by the lower-cased email; unknown emails are absent. */
  byEmails(emails: string[]): Promise<Map<string, Agent>>;
  all(): Promise<Agent[]>;
  refreshedAt(): Promise<Date | null>;
}

export interface IdentityStore {
  get(surface: SurfaceName, userId: string): Promise<{ email: string | null; cachedAt: Date } | null>;
  /** Several surface users at once (one read); users never cached are absent. */
  getMany(
    users: { surface: SurfaceName; userId: string }[],
  ): Promise<{ surface: SurfaceName; userId: string; email: string | null }[]>;
  put(surface: SurfaceName, userId: string, email: string | null): Promise<void>;
  /** The surface users known to have this email (case-insensitive). */
  usersWithEmail(email: string): Promise<{ surface: SurfaceName; userId: string }[]>;
}

export type WhisperStatus = 'pending' | 'sent' | 'failed';
export interface WhisperRow {
  id: number;
  sourceKey: string;
  chatId: number;
  supervisorEmail: string;
  text: string;
  status: WhisperStatus;
  convrsMid: string | null;
  error: string | null;
  createdAt: Date;
}

export interface WhisperStore {
  /** Records a whisper request once per source key (e.g. the Slack reply's channel+ts). */
  begin(w: {
    sourceKey: string;
    chatId: number;
    supervisorEmail: string;
    text: string;
    surface: SurfaceName;
  }): Promise<{ whisper: WhisperRow; fresh: boolean }>;
  complete(
    id: number,
    result: { status: 'sent'; convrsMid: string } | { status: 'failed'; error: string },
  ): Promise<void>;
  bySourceKey(sourceKey: string): Promise<WhisperRow | null>;
  byConvrsMid(mid: string): Promise<WhisperRow | null>;
  /** The newest whisper still waiting for Convrs's answer with this chat, author and text (its event can arrive before the answer). */
  pendingLike(chatId: number, supervisorEmail: string, text: string): Promise<WhisperRow | null>;
}

export interface AuditEntry {
  id: number;
  actor: string;
  action: string;
  chatId: number | null;
  detail: string;
  at: Date;
}

export interface AuditStore {
  record(e: { actor: string; action: string; chatId: number | null; detail: string }): Promise<void>;
  recent(limit: number): Promise<AuditEntry[]>;
}

export interface AlertStore {
  /** `agentEmail` and `businessUnit` for an orphaned-chats alert, `summary` for a negative or inactive one. */
  create(a: {
    chatId: number;
    kind: AlertKind;
    text: string;
    score: number | null;
    agentEmail?: string | null;
    businessUnit?: string | null;
    summary?: ChatSummary | null;
  }): Promise<Alert>;
  get(id: number): Promise<Alert | null>;
  /** The newest alert of a kind for a chat (cooldown and claims). */
  latest(chatId: number, kind: AlertKind): Promise<Alert | null>;
  /**
   * An agent's alerts of a kind (orphaned chats), newest first: by email (any case), of one unit when given, raised at
   * or after `since` when given, at most `limit` (default 20).
   */
  forAgent(
    agentEmail: string,
    kind: AlertKind,
    opts?: { businessUnit?: string; since?: Date; limit?: number },
  ): Promise<Alert[]>;
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
 * before the cutoff are deleted, `whispers` and `alerts` texts of those chats are blanked (rows kept; an alert's
 * summary too, and the text of a negative one, which quotes the customer),
 * `inbox` rows processed before the cutoff are deleted.
 */
export type PurgeKind = 'outbox' | 'messages' | 'whispers' | 'alerts' | 'inbox' | 'surfaceInbox' | 'surfaceState';

export interface RetentionStore {
  /**
   * Purges at most `limit` rows of one kind older than `before`: `picked` rows were chosen (fewer than `limit`: that
   * was all of them), `changed` of them were changed by this call (another process purging at once may take some).
   */
  purge(kind: PurgeKind, before: Date, limit: number): Promise<{ picked: number; changed: number }>;
}

export interface Store {
  inbox: InboxStore;
  surfaceInbox: SurfaceInboxStore;
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
