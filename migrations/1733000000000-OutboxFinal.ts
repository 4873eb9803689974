// outbox.final: a closing note still posted to a thread that was just ended (its viewer lost access to the chat).
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OutboxFinal1733000000000 implements MigrationInterface {
  name = 'OutboxFinal1733000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE outbox ADD COLUMN final boolean NOT NULL DEFAULT false');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE outbox DROP COLUMN final');
  }
}
