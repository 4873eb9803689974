// Messages: stored once per (chat, mid) and numbered 1, 2, … per chat under a lock on the chat row.
import type { EntityManager } from 'typeorm';
import { notFound } from '../../core/errors';
import type { Clock, MessageStore } from '../../core/ports';
import { dbDate, num, type Db } from '../db';
import { E, type MessageRow } from '../entities';
import { lockChat } from './chat-lock';

const repo = (m: EntityManager) => m.getRepository<MessageRow>(E.message);

async function maxSeqOn(db: Db, m: EntityManager, chatId: number): Promise<number> {
  const [row] = await db.sql<{ max: unknown }>(m, 'SELECT MAX(seq) AS max FROM messages WHERE chat_id = :chatId', { chatId });
  return num(row?.max);
}

/** The chat's next seq, read by the INSERT itself: a statement that starts after the lock sees every earlier insert. */
const NEXT_SEQ = '(SELECT COALESCE(MAX(seq), 0) + 1 FROM messages WHERE chat_id = :seqChat)';

export function messageStore(db: Db, clock: Clock): MessageStore {
  return {
    // Two statements under the chat lock: the lock, then the insert that numbers the message and returns it.
    insert: (chatId, message) =>
      db.atomic(async (m, tx) => {
        const chat = await lockChat(tx, m, chatId);
        if (!chat) throw notFound(`Chat ${chatId} was not found.`);
        const [stored] = await tx.insertRows<MessageRow>(m, E.message, [{
          chatId, conversationId: chat.conversationId, mid: message.mid, role: message.role, authorName: message.authorName,
          authorEmail: message.authorEmail, text: message.text, attachments: message.attachments ?? [], at: message.at,
          kind: message.kind, receivedAt: clock.now(),
        }], { conflict: ['chatId', 'mid'], computed: { seq: NEXT_SEQ }, params: { seqChat: chatId } });
        if (stored) return { message: stored, inserted: true };
        return { message: await repo(m).findOneByOrFail({ chatId, mid: message.mid }), inserted: false };
      }),

    // Every scoring run reads up to 80 of these: a plain statement.
    recent: (chatId, limit) =>
      db.run(async (m) => {
        const rows = await db.rows<MessageRow>(m, E.message,
          `SELECT * FROM messages WHERE chat_id = :chatId ORDER BY at DESC, seq DESC LIMIT ${Math.max(1, Math.floor(limit))}`, { chatId });
        return rows.reverse();
      }),

    maxSeq: (chatId) => db.run((m) => maxSeqOn(db, m, chatId)),
    byMid: (chatId, mid) => db.run((m) => repo(m).findOneBy({ chatId, mid })),

    firstResponses: (chatIds) =>
      db.run(async (m) => {
        const out = new Map<number, { customerAt: Date; agentAt: Date | null }>();
        for (let i = 0; i < chatIds.length; i += 500) {
          const ids = chatIds.slice(i, i + 500);
          const rows = await db.sql<{ chat_id: unknown; customer_at: unknown; agent_at: unknown }>(m, `
            SELECT c.chat_id AS chat_id, c.customer_at AS customer_at,
              (SELECT MIN(a.at) FROM messages a WHERE a.chat_id = c.chat_id AND a.role = 'agent' AND a.kind = 'message' AND a.at >= c.customer_at) AS agent_at
            FROM (SELECT chat_id, MIN(at) AS customer_at FROM messages WHERE role = 'customer' AND kind = 'message' AND chat_id IN (:...ids) GROUP BY chat_id) c`,
          { ids });
          for (const r of rows) out.set(num(r.chat_id), { customerAt: dbDate(r.customer_at)!, agentAt: dbDate(r.agent_at) });
        }
        return out;
      }),
  };
}
