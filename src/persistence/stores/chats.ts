// Chats: platform snapshots upserted by conversation id, plus our state and scores; the filters of `open` and `chats`.
import type { Chat, ChatSnapshot } from '../../core/model';
import { notFound } from '../../core/errors';
import type { ChatFilter, ChatPatch, ChatStore, Clock } from '../../core/ports';
import type { EntityManager } from 'typeorm';
import { num, type Db } from '../db';
import { E, type ChatRow } from '../entities';
import { lockChat } from './chat-lock';

export const refOf = (id: number) => `C-${1000 + id}`;

export function toChat(row: ChatRow): Chat {
  const { createdAt: _c, updatedAt: _u, assignedAt: _a, thumbsAt: _t, ...chat } = row;
  return { ...chat, ref: refOf(row.id) };
}

/** Convrs stamps events by its clock, we read snapshots by ours: the margin between the two we allow for. */
const SNAPSHOT_CLOCK_MARGIN_MS = 2_000;

/** What a snapshot may change on a chat we already hold (see ChatStore.upsert). */
function refreshFields(existing: ChatRow, snap: ChatSnapshot, asOf: Date | undefined): Partial<ChatRow> {
  const closed = existing.status === 'closed';
  const fields: Partial<ChatRow> = {
    uid: snap.uid,
    channel: snap.channel,
    customerName: snap.customerName,
    customerCountry: snap.customerCountry,
    startedAt: snap.startedAt,
    status: closed ? 'closed' : snap.status,
    closedAt: closed ? existing.closedAt : snap.closedAt,
    thumbs: existing.thumbs ?? snap.thumbs,
    lastActivityAt: snap.lastActivityAt > existing.lastActivityAt ? snap.lastActivityAt : existing.lastActivityAt,
  };
  // Newer than every assignment applied before it was asked for; an event Convrs stamps a moment later (within the
  // clocks' margin) must still count as newer than it.
  if (!existing.assignedAt || (asOf && existing.assignedAt <= asOf)) {
    Object.assign(fields, { agentEmail: snap.agentEmail, agentName: snap.agentName, businessUnit: snap.businessUnit });
    const stamp = asOf ? new Date(asOf.getTime() - SNAPSHOT_CLOCK_MARGIN_MS) : null;
    if (stamp && (!existing.assignedAt || stamp > existing.assignedAt)) fields.assignedAt = stamp;
  }
  return fields;
}

function snapshotOf(s: ChatSnapshot): ChatSnapshot {
  return {
    conversationId: s.conversationId,
    uid: s.uid,
    channel: s.channel,
    customerName: s.customerName,
    customerCountry: s.customerCountry,
    businessUnit: s.businessUnit,
    agentEmail: s.agentEmail,
    agentName: s.agentName,
    status: s.status,
    startedAt: s.startedAt,
    lastActivityAt: s.lastActivityAt,
    closedAt: s.closedAt,
    thumbs: s.thumbs,
  };
}

const PATCHABLE = new Set<string>([
  'uid',
  'channel',
  'customerName',
  'customerCountry',
  'businessUnit',
  'agentEmail',
  'agentName',
  'status',
  'startedAt',
  'lastActivityAt',
  'closedAt',
  'thumbs',
  'state',
  'inactive',
  'sentimentScore',
  'sentimentLabel',
  'sentimentSource',
  'sentimentAt',
  'csat',
  'csatReason',
  'csatSource',
  'csatAt',
  'csatBlind',
]);

const CSAT_OPS = { '<': '<', '<=': '<=', '=': '=', '>=': '>=', '>': '>' } as const;

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function chatStore(db: Db, clock: Clock): ChatStore {
  const repo = (m: EntityManager) => m.getRepository<ChatRow>(E.chat);
  // Hot reads (every event, every card) as plain statements: TypeORM's query builder costs more CPU than the query.
  const one = async (where: string, params: Record<string, unknown>) => {
    const [row] = await db.run((m) => db.rows<ChatRow>(m, E.chat, `SELECT * FROM chats WHERE ${where}`, params));
    return row ? toChat(row) : null;
  };
  /** Sets `fields` with the stamp `at` in `stampField`, unless the chat holds a later stamp already. */
  const applyStamped = (id: number, fields: Partial<ChatRow>, stampField: 'assignedAt' | 'thumbsAt', at: Date) =>
    db.run(async (m) => {
      const column = stampField === 'assignedAt' ? 'assigned_at' : 'thumbs_at';
      const all = { ...fields, [stampField]: at, updatedAt: clock.now() };
      // Compared with the very parameter the update binds (updateById names them f0, f1, … and prepares each for its
      // column: SQLite stores timestamps as text), so the comparison and the write agree on the format.
      const stamp = `f${Object.keys(all).indexOf(stampField)}`;
      const row = await db.updateById<ChatRow>(
        m,
        E.chat,
        id,
        all,
        ` AND (${column} IS NULL OR ${column} <= :${stamp})`,
      );
      if (row) return { chat: toChat(row), applied: true };
      const current = await repo(m).findOneBy({ id });
      if (!current) throw notFound(`Chat ${refOf(id)} was not found.`);
      return { chat: toChat(current), applied: false };
    });
  const byId = (id: number) => one('id = :id', { id });
  const byConversationId = (conversationId: string) => one('conversation_id = :conversationId', { conversationId });
  const refId = (n: string) => Number(n) - 1000;

  return {
    upsert: (snapshot, opts = {}) =>
      db.atomic(async (m, tx) => {
        const now = clock.now();
        const snap = snapshotOf(snapshot);
        // Look first: an insert that loses to the unique key still burns an id, and refs should stay dense.
        let existing = await repo(m).findOneBy({ conversationId: snap.conversationId });
        const [id] = existing
          ? [undefined]
          : await tx.insert<number>(
              m,
              E.chat,
              [
                {
                  ...snap,
                  state: 'open',
                  inactive: false,
                  sentimentScore: null,
                  sentimentLabel: null,
                  sentimentSource: null,
                  sentimentAt: null,
                  csat: null,
                  csatReason: null,
                  csatSource: null,
                  csatAt: null,
                  csatBlind: null,
                  assignedAt: null,
                  thumbsAt: null,
                  createdAt: now,
                  updatedAt: now,
                },
              ],
              { conflict: ['conversationId'], returning: 'id' },
            );
        if (id === undefined) {
          existing ??= await repo(m).findOneByOrFail({ conversationId: snap.conversationId });
          // What the snapshot may change depends on the row as it is: read it again under the chat's lock, so an
          // assignment applied meanwhile is not overwritten with what this older snapshot says.
          await lockChat(tx, m, existing.id);
          const current = await repo(m).findOneByOrFail({ id: existing.id });
          await repo(m).update({ id: current.id }, { ...refreshFields(current, snap, opts.asOf), updatedAt: now });
        }
        const row = await repo(m).findOneByOrFail({ conversationId: snap.conversationId });
        return { chat: toChat(row), created: id !== undefined };
      }),

    get: byId,
    byConversationId,
    byConversationIds: async (conversationIds) => {
      if (!conversationIds.length) return new Map();
      const rows = await db.run((m) =>
        db.rows<ChatRow>(m, E.chat, `SELECT * FROM chats WHERE ${db.inList('conversation_id', 'ids', 'text')}`, {
          ids: conversationIds,
        }),
      );
      return new Map(rows.map((r) => [r.conversationId, toChat(r)]));
    },

    // Bare digits are read as a ref first (that is what we print), then as a conversation id.
    find: async (input) => {
      const s = input.trim();
      const ref = /^c-(\d{1,12})$/i.exec(s);
      if (ref) return refId(ref[1]) > 0 ? byId(refId(ref[1])) : null;
      if (/^\d{1,12}$/.test(s) && refId(s) > 0) {
        const chat = await byId(refId(s));
        if (chat) return chat;
      }
      return s ? byConversationId(s) : null;
    },

    lock: (id) => db.run(async (m) => (await lockChat(db, m, id)) !== null),

    update: (id, patch: ChatPatch) =>
      db.run(async (m) => {
        const fields = Object.fromEntries(
          Object.entries(patch).filter(([k, v]) => PATCHABLE.has(k) && v !== undefined),
        );
        const row = await db.updateById<ChatRow>(m, E.chat, id, { ...fields, updatedAt: clock.now() });
        if (!row) throw notFound(`Chat ${refOf(id)} was not found.`);
        return toChat(row);
      }),

    applyAssignment: (id, a, at) =>
      applyStamped(
        id,
        {
          agentEmail: a.agentEmail,
          agentName: a.agentName,
          businessUnit: a.businessUnit,
          ...(a.state ? { state: a.state } : {}),
        },
        'assignedAt',
        at,
      ),

    applyThumbs: (id, thumbs, at) => applyStamped(id, { thumbs }, 'thumbsAt', at),

    query: (f: ChatFilter, page) =>
      db.run(async (m) => {
        const qb = repo(m).createQueryBuilder('c');
        if (f.status) qb.andWhere('c.status = :status', { status: f.status });
        if (f.businessUnits) {
          if (f.businessUnits.length === 0) qb.andWhere('1 = 0');
          else qb.andWhere('LOWER(c.businessUnit) IN (:...bus)', { bus: f.businessUnits.map((b) => b.toLowerCase()) });
        }
        if (f.businessUnit) qb.andWhere('LOWER(c.businessUnit) = :bu', { bu: f.businessUnit.toLowerCase() });
        if (f.agent?.trim()) {
          const a = f.agent.trim().toLowerCase();
          qb.andWhere("(LOWER(c.agentEmail) = :agent OR LOWER(c.agentName) LIKE :agentLike ESCAPE '\\')", {
            agent: a,
            agentLike: `%${likeEscape(a)}%`,
          });
        }
        if (f.from) qb.andWhere('c.startedAt >= :from', { from: f.from });
        if (f.to) qb.andWhere('c.startedAt <= :to', { to: f.to });
        if (f.inactive !== undefined) qb.andWhere('c.inactive = :inactive', { inactive: f.inactive });
        if (f.sentiment) qb.andWhere('c.sentimentLabel = :sentiment', { sentiment: f.sentiment });
        if (f.csat) {
          const op = CSAT_OPS[f.csat.op];
          if (!op) throw new Error(`unknown csat operator ${String(f.csat.op)}`);
          qb.andWhere(`c.csat ${op} :csat`, { csat: f.csat.value });
        }
        if (f.thumbs) qb.andWhere('c.thumbs = :thumbs', { thumbs: f.thumbs });
        qb.orderBy(f.sort === 'started' ? 'c.startedAt' : 'c.lastActivityAt', 'DESC').addOrderBy('c.id', 'DESC');
        const size = Math.max(1, Math.floor(page.pageSize));
        const n = Math.max(1, Math.floor(page.page));
        const [rows, total] = await qb
          .skip((n - 1) * size)
          .take(size)
          .getManyAndCount();
        return { items: rows.map(toChat), total };
      }),

    coverage: (scope, limit) =>
      db.run(async (m) => {
        if (scope.businessUnits?.length === 0) return { total: 0, covered: 0, uncovered: [] };
        const params = {
          open: 'open',
          yes: true,
          negative: 'negative',
          limit: Math.max(0, Math.floor(limit)),
          bus: scope.businessUnits?.map((b) => b.toLowerCase()),
        };
        const inScope = `c.status = :open${scope.businessUnits ? ` AND ${db.inList('LOWER(c.business_unit)', 'bus', 'text')}` : ''}`;
        // The (chat_id, surface, destination) unique index makes each probe one index look-up.
        const mirrored = 'EXISTS (SELECT 1 FROM threads t WHERE t.chat_id = c.id AND t.active = :yes)';
        const [counts] = await db.sql<{ total: unknown; covered: unknown }>(
          m,
          `SELECT COUNT(*) AS total, COALESCE(SUM(CASE WHEN ${mirrored} THEN 1 ELSE 0 END), 0) AS covered FROM chats c WHERE ${inScope}`,
          params,
        );
        // A rough risk order, so that a cut keeps the chats the core would rank first anyway.
        const rows =
          params.limit === 0
            ? []
            : await db.rows<ChatRow>(
                m,
                E.chat,
                `SELECT c.* FROM chats c WHERE ${inScope} AND NOT ${mirrored}
          ORDER BY CASE WHEN c.sentiment_label = :negative THEN 0 ELSE 1 END, CASE WHEN c.inactive = :yes THEN 0 ELSE 1 END,
            CASE WHEN c.agent_email IS NULL THEN 0 ELSE 1 END, c.last_activity_at ASC, c.id ASC
          LIMIT :limit`,
                params,
              );
        return {
          total: num(counts?.total),
          covered: num(counts?.covered),
          uncovered: rows.map((r) => ({
            chat: toChat(r),
            queuedSince: r.agentEmail ? null : (r.assignedAt ?? r.startedAt),
          })),
        };
      }),

    openCountsByAgent: () =>
      db.run(async (m) => {
        const rows = await repo(m)
          .createQueryBuilder('c')
          .select('LOWER(c.agentEmail)', 'email')
          .addSelect('COUNT(*)', 'n')
          .where('c.status = :status', { status: 'open' })
          .andWhere('c.agentEmail IS NOT NULL')
          .groupBy('LOWER(c.agentEmail)')
          .getRawMany<{ email: string; n: unknown }>();
        return new Map(rows.map((r) => [r.email, num(r.n)]));
      }),
  };
}
