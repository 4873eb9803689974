// alerts.agent_email / business_unit (orphaned-chats alerts are about an agent in a unit) and alerts.summary (what a
// negative or inactive chat was about when its alert was raised).
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AwarenessAlerts1733200000000 implements MigrationInterface {
  name = 'AwarenessAlerts1733200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE alerts ADD COLUMN agent_email text NULL');
    await queryRunner.query('ALTER TABLE alerts ADD COLUMN business_unit text NULL');
    await queryRunner.query('ALTER TABLE alerts ADD COLUMN summary text NULL');
    await queryRunner.query('CREATE INDEX ix_alerts_agent ON alerts (agent_email, business_unit, raised_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX ix_alerts_agent');
    await queryRunner.query('ALTER TABLE alerts DROP COLUMN summary');
    await queryRunner.query('ALTER TABLE alerts DROP COLUMN business_unit');
    await queryRunner.query('ALTER TABLE alerts DROP COLUMN agent_email');
  }
}
