// PostgreSQL: the messages of a batch of events appended in one round trip (convrs_append_message for each, in one
// transaction). The caller sends them sorted by chat (each chat's messages in their order), so two batches running at
// once lock their chats in the same order and cannot deadlock.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export const APPEND_MESSAGES_FUNCTION = `
CREATE OR REPLACE FUNCTION convrs_append_messages(p jsonb) RETURNS json
LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
  v_out json[] := '{}';
  v_el jsonb;
  v_r json;
BEGIN
  FOR v_el IN SELECT e FROM jsonb_array_elements(p) WITH ORDINALITY AS a(e, n) ORDER BY n LOOP
    v_r := convrs_append_message(v_el);
    -- All or nothing: a chat that is gone undoes the whole batch (the caller applies its events one by one).
    IF (v_r->>'missing') IS NOT NULL THEN
      RAISE EXCEPTION 'chat % was not found', v_el->>'chat_id' USING ERRCODE = 'no_data_found';
    END IF;
    v_out := v_out || v_r;
  END LOOP;
  RETURN array_to_json(v_out);
END
$fn$`;

export class AppendMessagesFunction1733100000001 implements MigrationInterface {
  name = 'AppendMessagesFunction1733100000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    await queryRunner.query(APPEND_MESSAGES_FUNCTION);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    await queryRunner.query('DROP FUNCTION IF EXISTS convrs_append_messages(jsonb)');
  }
}
