// The two databases a contract test runs against: a fresh SQLite file, or a fresh schema in the test PostgreSQL.
// Each comes with another connection to the same database (two processes at once) and a dispose that removes it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { openDatabase } from './data-source';

export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  ds: DataSource;
  /** A second connection to the same database, without migrating it again. */
  another(): Promise<DataSource>;
  dispose(): Promise<void>;
}

/** A migrated SQLite database in a temporary directory named after `name`. */
export async function sqliteTestDatabase(name: string): Promise<TestDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `convrs-${name}-`));
  const url = `sqlite:${path.join(dir, 'test.sqlite')}`;
  const ds = await openDatabase(url);
  return {
    ds,
    another: () => openDatabase(url, { migrate: false }),
    dispose: async () => {
      await ds.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A migrated schema of its own (prefix, process id, random) in the test PostgreSQL, dropped on dispose. */
export async function postgresTestDatabase(prefix: string): Promise<TestDatabase> {
  const schema = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const ds = await openDatabase(PG_URL, { schema });
  return {
    ds,
    another: () => openDatabase(PG_URL, { schema, migrate: false }),
    dispose: async () => {
      await ds.query(`DROP SCHEMA "${schema}" CASCADE`);
      await ds.destroy();
    },
  };
}
