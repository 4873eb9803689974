// Opens the database named by a URL (sqlite:<path> or postgres://…) and applies migrations on request.
import path from 'node:path';
import type { Logger } from 'pino';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { migrations } from '../../migrations';
import { entities, type Dialect } from './entities';
import { PinoOrmLogger } from './typeorm-logger';

export interface OpenOptions {
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
  logger?: Logger;
  /** PostgreSQL only: use (and create if missing) this schema instead of the default one. */
  schema?: string;
  /** PostgreSQL only: connections in the pool (node-postgres default 10). */
  poolSize?: number;
}

export type DatabaseTarget = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };

export function parseDatabaseUrl(url: string): DatabaseTarget {
  const u = url.trim();
  if (u.startsWith('sqlite:')) {
    const file = u.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (file) return { dialect: 'sqlite', file: file === ':memory:' ? file : path.resolve(file) };
  }
  if (/^postgres(ql)?:\/\/\S+/.test(u)) return { dialect: 'postgres', url: u };
  throw new Error(
    `DATABASE_URL is not supported (got ${JSON.stringify(u.replace(/\/\/[^@/]*@/, '//…@').slice(0, 60))}): expected sqlite:<path>, sqlite::memory: or postgres://user@host:port/db`,
  );
}

export function dialectOf(ds: DataSource): Dialect {
  return ds.options.type === 'postgres' ? 'postgres' : 'sqlite';
}

function options(target: DatabaseTarget, opts: OpenOptions): DataSourceOptions {
  const common = {
    entities: entities(target.dialect),
    migrations,
    synchronize: false,
    migrationsRun: false,
    logger: opts.logger ? new PinoOrmLogger(opts.logger.child({ component: 'db' })) : undefined,
    maxQueryExecutionTime: opts.logger ? 1000 : undefined,
  };
  if (target.dialect === 'sqlite') {
    // A busy timeout lets a second process (e.g. `npm run migrate`) wait for the write lock instead of failing.
    return {
      ...common,
      type: 'better-sqlite3',
      database: target.file,
      enableWAL: target.file !== ':memory:',
      timeout: 5000,
    };
  }
  const schema = opts.schema;
  return {
    ...common,
    type: 'postgres',
    url: target.url,
    schema,
    // The search path makes our raw statements (unqualified table names) land in the same schema.
    extra: schema ? { options: `-c search_path=${schema}` } : undefined,
    poolSize: opts.poolSize,
  };
}

/** Opens (and by default migrates) the database; the caller owns the returned data source. */
export async function openDatabase(url: string, opts: OpenOptions = {}): Promise<DataSource> {
  const target = parseDatabaseUrl(url);
  if (opts.schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(opts.schema)) {
    throw new Error(`database schema name ${JSON.stringify(opts.schema)} is not valid: use letters, digits and _`);
  }
  const ds = new DataSource(options(target, opts));
  await ds.initialize();
  try {
    if (target.dialect === 'postgres' && opts.schema) await ds.query(`CREATE SCHEMA IF NOT EXISTS "${opts.schema}"`);
    if (opts.migrate ?? true) await runMigrations(ds);
  } catch (err) {
    await ds.destroy().catch(() => undefined);
    throw err;
  }
  return ds;
}

/** Applies pending migrations in one transaction; returns the names of those that ran. */
export async function runMigrations(ds: DataSource): Promise<string[]> {
  const ran = await ds.runMigrations({ transaction: 'all' });
  return ran.map((m) => m.name);
}

/** Reverts the last applied migration (for tests and manual rollbacks). */
export async function undoLastMigration(ds: DataSource): Promise<void> {
  await ds.undoLastMigration({ transaction: 'all' });
}
