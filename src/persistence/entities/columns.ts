// Column types that mean the same on SQLite and PostgreSQL; JSON lives in text columns we serialise.
import type { EntitySchemaColumnOptions, ValueTransformer } from 'typeorm';

export type Dialect = 'sqlite' | 'postgres';

const jsonText: ValueTransformer = {
  to: (v: unknown) => (v === undefined ? v : JSON.stringify(v)),
  from: (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v),
};

/** Column builders for one dialect: timestamps are `timestamptz` on PostgreSQL, `datetime` (UTC text) on SQLite. */
export function columns(d: Dialect) {
  const c = (
    type: EntitySchemaColumnOptions['type'],
    name: string,
    nullable = false,
    extra: Partial<EntitySchemaColumnOptions> = {},
  ): EntitySchemaColumnOptions => ({ type, name, nullable, ...extra });
  return {
    id: (): EntitySchemaColumnOptions => ({ type: 'integer', primary: true, generated: 'increment' }),
    text: (name: string, nullable = false) => c('text', name, nullable),
    int: (name: string, nullable = false) => c('integer', name, nullable),
    real: (name: string, nullable = false) => c(d === 'postgres' ? 'double precision' : 'real', name, nullable),
    bool: (name: string) => c('boolean', name),
    at: (name: string, nullable = false) => c(d === 'postgres' ? 'timestamptz' : 'datetime', name, nullable),
    json: (name: string, nullable = false) => c('text', name, nullable, { transformer: jsonText }),
  };
}
