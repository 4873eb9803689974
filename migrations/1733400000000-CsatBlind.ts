// The CSAT predicted before the customer's thumbs were known (issue #16): calibration compares it with the thumbs;
// the stored CSAT of a rated chat was scored knowing them and is held to them.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CsatBlind1733400000000 implements MigrationInterface {
  name = 'CsatBlind1733400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const real = queryRunner.connection.options.type === 'postgres' ? 'double precision' : 'real';
    await queryRunner.query(`ALTER TABLE chats ADD COLUMN csat_blind ${real} NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE chats DROP COLUMN csat_blind');
  }
}
