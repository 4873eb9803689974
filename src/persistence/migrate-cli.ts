// `npm run migrate`: applies pending migrations to DATABASE_URL, prints one line, exits 0 (or 1 on failure).
import 'dotenv/config';
import { ConfigError, loadDatabaseConfig } from '../config';
import { openDatabase, runMigrations } from './data-source';

async function main(): Promise<void> {
  const url = loadDatabaseConfig().DATABASE_URL;
  // Opening without migrating, then migrating, is migrate:true with the count of what ran.
  const ds = await openDatabase(url, { migrate: false });
  try {
    const ran = await runMigrations(ds);
    console.log(`migrations applied (${ran.length} pending ran)`);
  } finally {
    await ds.destroy();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    const msg = err instanceof Error ? err.message : String(err);
    console.error(err instanceof ConfigError ? msg : `migrations failed: ${msg.split('\n')[0]}`);
    process.exit(1);
  },
);
