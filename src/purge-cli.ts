// `npm run purge`: one retention purge of DATABASE_URL now (RETENTION_DAYS), logs counts per table, exits 0 (or 1).
import 'dotenv/config';
import { ConfigError, loadPurgeConfig } from './config';
import { purgeOldData } from './core/usecases/purge-old-data';
import { createLogger } from './logger';
import { openDatabase } from './persistence/data-source';
import { createStore } from './persistence/store';

async function main(): Promise<void> {
  const config = loadPurgeConfig();
  const log = createLogger(config.LOG_LEVEL);
  // Never migrates: a purge must not change the schema under running workers.
  const ds = await openDatabase(config.DATABASE_URL, { migrate: false, logger: log });
  const store = createStore(ds);
  try {
    const counts = await purgeOldData(
      { store, clock: { now: () => new Date() }, log },
      { retentionDays: config.RETENTION_DAYS },
    );
    console.log(
      counts
        ? `purged: ${Object.entries(counts)
            .map(([t, n]) => `${t} ${n}`)
            .join(', ')}`
        : 'RETENTION_DAYS=0: nothing purged',
    );
  } finally {
    await store.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    const msg = err instanceof Error ? err.message : String(err);
    console.error(err instanceof ConfigError ? msg : `purge failed: ${msg.split('\n')[0]}`);
    process.exit(1);
  },
);
