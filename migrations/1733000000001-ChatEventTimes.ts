// chats.assigned_at / thumbs_at: the Convrs time of the assignment and the feedback we hold, so a late or redelivered
// older event never overwrites a newer one.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ChatEventTimes1733000000001 implements MigrationInterface {
  name = 'ChatEventTimes1733000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const at = queryRunner.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    await queryRunner.query(`ALTER TABLE chats ADD COLUMN assigned_at ${at} NULL`);
    await queryRunner.query(`ALTER TABLE chats ADD COLUMN thumbs_at ${at} NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE chats DROP COLUMN thumbs_at');
    await queryRunner.query('ALTER TABLE chats DROP COLUMN assigned_at');
  }
}
