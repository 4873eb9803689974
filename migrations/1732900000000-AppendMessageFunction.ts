// PostgreSQL: appending a message (the hot path of every event) in one round trip instead of four (BEGIN, lock,
// write, COMMIT). The function runs the same steps as the store's SQLite path, in one implicit transaction: the
// chat's row lock first, then (each statement of a plpgsql function reads a fresh snapshot under READ COMMITTED)
// the insert numbered after every earlier message, the chat's activity, the outbox rows for the chat's active
// threads and, for a message that came in an accepted event, that event marked applied.
// Keep its column list in step with the messages table (src/persistence/entities/message.ts).
import type { MigrationInterface, QueryRunner } from 'typeorm';

export const APPEND_MESSAGE_FUNCTION = `
CREATE OR REPLACE FUNCTION convrs_append_message(p jsonb) RETURNS json
LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
  v_chat integer := (p->>'chat_id')::integer;
  v_conversation text;
  v_msg messages;
  v_queued json;
BEGIN
  SELECT conversation_id INTO v_conversation FROM chats WHERE id = v_chat FOR UPDATE;
  IF NOT FOUND THEN RETURN json_build_object('missing', true); END IF;
  -- Redone from its inbox row if a database crash loses it; an effect outside the database (a post) is only made
  -- after the synchronous commit that records the attempt, which flushes this one too.
  IF (p->>'inbox_id') IS NOT NULL THEN PERFORM set_config('synchronous_commit', 'off', true); END IF;
  INSERT INTO messages (chat_id, conversation_id, mid, seq, role, author_name, author_email, text, attachments, at, kind, received_at)
  VALUES (v_chat, v_conversation, p->>'mid',
    (SELECT COALESCE(MAX(seq), 0) + 1 FROM messages WHERE chat_id = v_chat),
    p->>'role', p->>'author_name', p->>'author_email', p->>'text', p->>'attachments',
    (p->>'at')::timestamptz, p->>'kind', (p->>'received_at')::timestamptz)
  ON CONFLICT (chat_id, mid) DO NOTHING
  RETURNING * INTO v_msg;
  IF v_msg.id IS NULL THEN RETURN json_build_object('inserted', false); END IF;
  IF (p->>'activity')::boolean THEN
    UPDATE chats SET last_activity_at = GREATEST(last_activity_at, v_msg.at), inactive = false, updated_at = (p->>'now')::timestamptz
    WHERE id = v_chat AND (last_activity_at < v_msg.at OR inactive);
  END IF;
  WITH queued AS (
    INSERT INTO outbox (thread_id, message_id, surface, destination, created_at)
    SELECT t.id, v_msg.id, t.surface, t.destination, (p->>'now')::timestamptz
    FROM threads t
    WHERE t.chat_id = v_chat AND t.active AND t.id IS DISTINCT FROM (p->>'skip_thread_id')::integer
    ON CONFLICT (thread_id, message_id) DO NOTHING
    RETURNING surface, destination
  )
  SELECT json_agg(DISTINCT jsonb_build_object('surface', surface, 'destination', destination)) INTO v_queued FROM queued;
  IF (p->>'inbox_id') IS NOT NULL THEN
    UPDATE inbox SET processed_at = (p->>'now')::timestamptz, error = NULL WHERE id = (p->>'inbox_id')::integer;
  END IF;
  RETURN json_build_object('inserted', true, 'message', row_to_json(v_msg), 'queued', COALESCE(v_queued, '[]'::json));
END
$fn$`;

export class AppendMessageFunction1732900000000 implements MigrationInterface {
  name = 'AppendMessageFunction1732900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    await queryRunner.query(APPEND_MESSAGE_FUNCTION);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    await queryRunner.query('DROP FUNCTION IF EXISTS convrs_append_message(jsonb)');
  }
}
