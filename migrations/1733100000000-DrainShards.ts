// threads.drain_hash: the drain takes a shard of destinations per job (one read, one attempt write and one post write
// for many destinations); ix_outbox_pending and ix_inbox_unapplied keep the hot reads on what is still waiting, however
// large the tables grow.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { destinationHash } from '../src/core/drain-shard';

export class DrainShards1733100000000 implements MigrationInterface {
  name = 'DrainShards1733100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE threads ADD COLUMN drain_hash integer NOT NULL DEFAULT 0');
    const places = (await queryRunner.query('SELECT DISTINCT surface, destination FROM threads')) as {
      surface: string;
      destination: string;
    }[];
    const pg = queryRunner.connection.options.type === 'postgres';
    for (const p of places) {
      await queryRunner.query(
        pg
          ? 'UPDATE threads SET drain_hash = $1 WHERE surface = $2 AND destination = $3'
          : 'UPDATE threads SET drain_hash = ? WHERE surface = ? AND destination = ?',
        [destinationHash(p.surface, p.destination), p.surface, p.destination],
      );
    }
    await queryRunner.query(
      'CREATE INDEX ix_outbox_pending ON outbox (thread_id) WHERE posted_at IS NULL AND skipped_reason IS NULL',
    );
    // The event workers' read of a shard's pending events: without it, a generic plan walked the primary key from the
    // cursor and filtered (2.6 ms a read at 9 000 rows, growing with the table).
    await queryRunner.query(
      'CREATE INDEX ix_inbox_unapplied ON inbox (id) WHERE processed_at IS NULL AND error IS NULL',
    );
    // Every message moves its chat's last activity, and every post records its rows: with these two indexes gone (lists
    // sort a unit's chats in memory; the drain reads ix_outbox_pending) those writes touch fewer indexes, and a chat's
    // update can stay on its page (PostgreSQL HOT update: no index write at all; fillfactor leaves it the room).
    await queryRunner.query('DROP INDEX ix_chats_last_activity');
    await queryRunner.query('DROP INDEX ix_outbox_place_posted');
    if (queryRunner.connection.options.type === 'postgres')
      await queryRunner.query('ALTER TABLE chats SET (fillfactor = 80)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres')
      await queryRunner.query('ALTER TABLE chats RESET (fillfactor)');
    await queryRunner.query('CREATE INDEX ix_outbox_place_posted ON outbox (surface, destination, posted_at)');
    await queryRunner.query('CREATE INDEX ix_chats_last_activity ON chats (last_activity_at)');
    await queryRunner.query('DROP INDEX ix_inbox_unapplied');
    await queryRunner.query('DROP INDEX ix_outbox_pending');
    await queryRunner.query('ALTER TABLE threads DROP COLUMN drain_hash');
  }
}
