// TypeORM → pino. Query parameters (they may hold message text) are only logged at trace.
import type { Logger as PinoLogger } from 'pino';
import type { Logger as OrmLogger } from 'typeorm';

export class PinoOrmLogger implements OrmLogger {
  constructor(private readonly pino: PinoLogger) {}

  logQuery(query: string, parameters?: unknown[] | object): void {
    if (this.pino.isLevelEnabled('trace')) this.pino.trace({ query, parameters }, 'db query');
  }

  logQueryError(error: string | Error, query: string): void {
    this.pino.warn({ err: error, query }, 'db query failed');
  }

  logQuerySlow(time: number, query: string): void {
    this.pino.warn({ ms: time, query }, 'db query slow');
  }

  logSchemaBuild(message: string): void {
    this.pino.debug({ message }, 'db schema');
  }

  logMigration(message: string): void {
    this.pino.info({ message }, 'db migration');
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.pino.warn({ message }, 'db');
    else this.pino.debug({ message }, 'db');
  }
}
