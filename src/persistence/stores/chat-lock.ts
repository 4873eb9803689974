// The one lock that serialises writers of a chat (message inserts, thread opening).
import type { EntityManager } from 'typeorm';
import type { Db } from '../db';

/** PostgreSQL row lock; on SQLite a no-op write takes the database write lock up front. Null when there is no such chat. */
export async function lockChat(db: Db, m: EntityManager, chatId: number): Promise<{ conversationId: string } | null> {
  const sql =
    db.dialect === 'postgres'
      ? 'SELECT conversation_id FROM chats WHERE id = :id FOR UPDATE'
      : 'UPDATE chats SET id = id WHERE id = :id RETURNING conversation_id';
  const [row] = await db.sql<{ conversation_id: string }>(m, sql, { id: chatId });
  return row ? { conversationId: row.conversation_id } : null;
}
