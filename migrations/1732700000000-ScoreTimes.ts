// When each score was computed, next to its source (SPEC §3.6: scores stored with their source and time).
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ScoreTimes1732700000000 implements MigrationInterface {
  name = 'ScoreTimes1732700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const ts = queryRunner.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    await queryRunner.query(`ALTER TABLE chats ADD COLUMN sentiment_at ${ts} NULL`);
    await queryRunner.query(`ALTER TABLE chats ADD COLUMN csat_at ${ts} NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE chats DROP COLUMN csat_at');
    await queryRunner.query('ALTER TABLE chats DROP COLUMN sentiment_at');
  }
}
