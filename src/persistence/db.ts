// Runs store work on the right EntityManager: the current transaction's, or the data source's.
// SQLite (better-sqlite3) has one connection shared by everyone, so there units of work take turns:
// otherwise a concurrent statement would land inside (and roll back with) someone else's transaction.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import {
  QueryFailedError,
  type DataSource,
  type EntityManager,
  type ObjectLiteral,
  type QueryResult,
  type QueryRunner,
} from 'typeorm';
import { dialectOf } from './data-source';
import type { Dialect } from './entities';

/** Work in progress on a data source: a transaction, or (SQLite) a turn on the shared connection. */
interface Scope {
  ds: DataSource;
  manager: EntityManager;
  open: boolean;
  tx: boolean;
}

const ambient = new AsyncLocalStorage<Scope>();

/** One at a time, in arrival order. */
class Turns {
  private tail: Promise<unknown> = Promise.resolve();
  take<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
const turnsByDs = new WeakMap<DataSource, Turns>();
const selectLists = new Map<string, string>();
/** Statement text → prepared statement name (see Db.prepared). */
const preparedNames = new Map<string, string>();
const PREPARED_MAX = 500;

export class Db {
  readonly dialect: Dialect;
  private readonly turns: Turns | null;

  constructor(
    readonly ds: DataSource,
    private readonly bound: Scope | null = null,
  ) {
    this.dialect = dialectOf(ds);
    let turns = turnsByDs.get(ds) ?? null;
    if (!turns && this.dialect === 'sqlite') turnsByDs.set(ds, (turns = new Turns()));
    this.turns = this.dialect === 'sqlite' ? turns : null;
  }

  /**
   * `column` is one of the list bound as `:param`. PostgreSQL: one array parameter (`= ANY`), so every list length
   * is the same prepared statement; SQLite: an expanded IN list.
   */
  inList(column: string, param: string, pgType: 'integer' | 'text'): string {
    return this.dialect === 'postgres'
      ? `${column} = ANY(CAST(:${param} AS ${pgType}[]))`
      : `${column} IN (:...${param})`;
  }

  get inTransaction(): boolean {
    return this.bound !== null;
  }

  private current(): Scope | null {
    if (this.bound) {
      if (!this.bound.open) throw new Error('store used after its transaction ended');
      return this.bound;
    }
    const s = ambient.getStore();
    return s && s.open && s.ds === this.ds ? s : null;
  }

  /** One unit of work; not atomic unless already inside a transaction. */
  run<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    const s = this.current();
    if (s) return fn(s.manager);
    if (!this.turns) return fn(this.ds.manager);
    return this.turns.take(() =>
      this.within({ ds: this.ds, manager: this.ds.manager, open: true, tx: false }, () => fn(this.ds.manager)),
    );
  }

  /** Runs fn in a transaction; inside one already, fn joins it. */
  atomic<T>(fn: (m: EntityManager, db: Db) => Promise<T>): Promise<T> {
    const s = this.current();
    if (s?.tx) return fn(s.manager, this.bound ? this : new Db(this.ds, s));
    const go = () =>
      this.ds.transaction((manager) => {
        const scope: Scope = { ds: this.ds, manager, open: true, tx: true };
        return this.within(scope, () => fn(manager, new Db(this.ds, scope)));
      });
    // Holding the SQLite turn already (a non-transactional unit of work) means we may begin right away.
    return this.turns && !s ? this.turns.take(go) : go();
  }

  private async within<T>(scope: Scope, fn: () => Promise<T>): Promise<T> {
    try {
      return await ambient.run(scope, fn);
    } finally {
      scope.open = false;
    }
  }

  /** A raw statement with :named parameters, escaped by the driver (locks, aggregates, hot paths). */
  async sql<R = ObjectLiteral>(m: EntityManager, text: string, params: ObjectLiteral = {}): Promise<R[]> {
    return (await this.exec<R>(m, text, params)).rows;
  }

  /**
   * A raw statement with its rows (also of UPDATE … RETURNING, which TypeORM's plain `query` answers with
   * [rows, count] on PostgreSQL) and the number of rows it changed.
   */
  async exec<R = ObjectLiteral>(
    m: EntityManager,
    text: string,
    params: ObjectLiteral = {},
  ): Promise<{ rows: R[]; affected: number }> {
    const [query, values] = this.ds.driver.escapeQueryWithParameters(text, params);
    const run = async (qr: QueryRunner) => {
      if (this.dialect === 'postgres') return this.prepared<R>(qr, query, values);
      const r = (await qr.query(query, values, true)) as QueryResult;
      return { rows: Array.isArray(r.records) ? (r.records as R[]) : [], affected: r.affected ?? 0 };
    };
    if (m.queryRunner) return run(m.queryRunner);
    const qr = this.ds.createQueryRunner();
    try {
      return await run(qr);
    } finally {
      await qr.release();
    }
  }

  /**
   * PostgreSQL: our raw statements run as named prepared statements (parsed and planned once per connection rather
   * than on every call: these are the hot paths, run thousands of times a second under load). The name is the text's
   * hash, so one name never means two texts; past PREPARED_MAX distinct texts a statement runs unnamed.
   */
  private async prepared<R>(
    qr: QueryRunner,
    text: string,
    values: unknown[],
  ): Promise<{ rows: R[]; affected: number }> {
    let name = preparedNames.get(text);
    if (name === undefined && preparedNames.size < PREPARED_MAX) {
      name = `q${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
      preparedNames.set(text, name);
    }
    const client = (await qr.connect()) as {
      query(q: { name?: string; text: string; values: unknown[] }): Promise<{ rows?: R[]; rowCount?: number | null }>;
    };
    const started = Date.now();
    try {
      const r = await client.query({ name, text, values });
      const ms = Date.now() - started;
      const slow = this.ds.options.maxQueryExecutionTime;
      if (slow && ms > slow) this.ds.logger.logQuerySlow(ms, text, values, qr);
      return { rows: r.rows ?? [], affected: r.rowCount ?? 0 };
    } catch (err) {
      this.ds.logger.logQueryError(err as Error, text, values, qr);
      throw new QueryFailedError(text, values, err as Error);
    }
  }

  /** `alias.column AS "prefix" + column` for every column of an entity: the select list that `hydrate` reads back. */
  selectList(entity: string, alias: string, prefix = ''): string {
    const key = `${entity}\u0000${alias}\u0000${prefix}`;
    let list = selectLists.get(key);
    if (!list) {
      const q = (name: string) => this.ds.driver.escape(name);
      list = this.ds
        .getMetadata(entity)
        .columns.map((c) => `${q(alias)}.${q(c.databaseName)} AS ${q(prefix + c.databaseName)}`)
        .join(', ');
      selectLists.set(key, list);
    }
    return list;
  }

  /** A raw row (columns by database name, optionally prefixed) as the entity TypeORM would load: dates, booleans, JSON. */
  hydrate<T>(entity: string, raw: ObjectLiteral, prefix = ''): T {
    const out: ObjectLiteral = {};
    for (const c of this.ds.getMetadata(entity).columns) {
      const v = raw[prefix + c.databaseName];
      if (v !== undefined) out[c.propertyName] = this.ds.driver.prepareHydratedValue(v, c);
    }
    return out as T;
  }

  /** Rows of a raw SELECT (or … RETURNING *) as entities. */
  async rows<T>(m: EntityManager, entity: string, text: string, params: ObjectLiteral = {}): Promise<T[]> {
    return (await this.sql(m, text, params)).map((r) => this.hydrate<T>(entity, r));
  }

  /**
   * UPDATE … SET fields WHERE id = :id RETURNING *, one statement on both dialects (rather than an update and a
   * re-read). Fields are entity properties, bound as :f0, :f1, … in their order (an `extraWhere` may use them); returns the
   * updated entity, or null when no row has that id.
   */
  async updateById<T>(
    m: EntityManager,
    entity: string,
    id: number,
    fields: ObjectLiteral,
    extraWhere = '',
  ): Promise<T | null> {
    const meta = this.ds.getMetadata(entity);
    const q = (name: string) => this.ds.driver.escape(name);
    const params: ObjectLiteral = { id };
    const sets = Object.entries(fields).map(([prop, value], i) => {
      const c = meta.findColumnWithPropertyName(prop);
      if (!c) throw new Error(`${entity} has no column for property ${prop}`);
      params[`f${i}`] = this.ds.driver.preparePersistentValue(value, c);
      return `${q(c.databaseName)} = :f${i}`;
    });
    const [row] = await this.sql(
      m,
      `UPDATE ${q(meta.tableName)} SET ${sets.join(', ')} WHERE id = :id${extraWhere} RETURNING *`,
      params,
    );
    return row ? this.hydrate<T>(entity, row) : null;
  }

  /**
   * INSERT … ON CONFLICT (target) DO NOTHING | DO UPDATE … RETURNING, the same on SQLite (≥ 3.35) and PostgreSQL.
   * Rows and names are entity properties; returns the `returning` property of the rows actually written.
   */
  async insert<V = unknown>(
    m: EntityManager,
    entity: string,
    rows: ObjectLiteral[],
    opts: { conflict: string[]; update?: string[]; returning: string },
  ): Promise<V[]> {
    const ret = this.column(entity, opts.returning).databaseName;
    return (await this.insertRaw(m, entity, rows, opts, this.ds.driver.escape(ret))).map((r) => r[ret] as V);
  }

  /** The same INSERT returning several properties of the rows actually written (not the whole rows: no payloads back). */
  async insertPick<R extends ObjectLiteral>(
    m: EntityManager,
    entity: string,
    rows: ObjectLiteral[],
    opts: { conflict: string[]; returning: (keyof R & string)[] },
  ): Promise<R[]> {
    const cols = opts.returning.map((p) => [p, this.column(entity, p).databaseName] as const);
    const raw = await this.insertRaw(m, entity, rows, opts, cols.map(([, c]) => this.ds.driver.escape(c)).join(', '));
    return raw.map((r) => Object.fromEntries(cols.map(([p, c]) => [p, r[c]])) as R);
  }

  /**
   * The same INSERT returning the written rows as entities. `computed` sets columns to SQL expressions with their
   * own :params (e.g. the next number of a sequence, read in the same statement).
   */
  async insertRows<T>(
    m: EntityManager,
    entity: string,
    rows: ObjectLiteral[],
    opts: { conflict: string[]; update?: string[]; computed?: Record<string, string>; params?: ObjectLiteral },
  ): Promise<T[]> {
    return (await this.insertRaw(m, entity, rows, opts, '*')).map((r) => this.hydrate<T>(entity, r));
  }

  private column(entity: string, prop: string) {
    const c = this.ds.getMetadata(entity).findColumnWithPropertyName(prop);
    if (!c) throw new Error(`${entity} has no column for property ${prop}`);
    return c;
  }

  private async insertRaw(
    m: EntityManager,
    entity: string,
    rows: ObjectLiteral[],
    opts: { conflict: string[]; update?: string[]; computed?: Record<string, string>; params?: ObjectLiteral },
    /** '*', or escaped column names. */
    returning: string,
  ): Promise<ObjectLiteral[]> {
    if (rows.length === 0) return [];
    const meta = this.ds.getMetadata(entity);
    const col = (prop: string) => this.column(entity, prop);
    const q = (name: string) => this.ds.driver.escape(name);
    const computed = opts.computed ?? {};
    const props = [...Object.keys(rows[0]).filter((p) => !(p in computed)), ...Object.keys(computed)];
    const cols = props.map(col);
    const params: ObjectLiteral = { ...opts.params };
    const values = rows.map(
      (row, i) =>
        `(${cols
          .map((c, j) => {
            if (props[j] in computed) return computed[props[j]];
            params[`v${i}_${j}`] = this.ds.driver.preparePersistentValue(row[props[j]] ?? null, c);
            return `:v${i}_${j}`;
          })
          .join(', ')})`,
    );
    const target = opts.conflict.map((p) => q(col(p).databaseName)).join(', ');
    const action = opts.update?.length
      ? `DO UPDATE SET ${opts.update.map((p) => `${q(col(p).databaseName)} = excluded.${q(col(p).databaseName)}`).join(', ')}`
      : 'DO NOTHING';
    return this.sql<ObjectLiteral>(
      m,
      `INSERT INTO ${q(meta.tableName)} (${cols.map((c) => q(c.databaseName)).join(', ')}) VALUES ${values.join(', ')} ON CONFLICT (${target}) ${action} RETURNING ${returning}`,
      params,
    );
  }
}

/** Numbers from aggregates (PostgreSQL returns bigint and numeric as strings). */
export function num(v: unknown): number {
  if (v === null || v === undefined) return 0;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n)) throw new Error(`expected a number from the database, got ${String(v)}`);
  return n;
}

/** A timestamp from a raw query: PostgreSQL gives a Date, SQLite its UTC text. */
export function dbDate(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  const s = String(v);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(' ', 'T')}Z`);
}
