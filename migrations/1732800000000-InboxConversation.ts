// inbox.conversation_id: the drain holds a chat's lines while an accepted event of that chat is not applied yet.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InboxConversation1732800000000 implements MigrationInterface {
  name = 'InboxConversation1732800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE inbox ADD COLUMN conversation_id text NULL');
    await queryRunner.query('CREATE INDEX ix_inbox_conversation_pending ON inbox (conversation_id, processed_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX ix_inbox_conversation_pending');
    await queryRunner.query('ALTER TABLE inbox DROP COLUMN conversation_id');
  }
}
