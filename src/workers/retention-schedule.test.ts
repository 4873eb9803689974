// The purge schedule: at start and then every interval, counted in convrs_purged_rows_total; off when RETENTION_DAYS=0.
import pino from 'pino';
import type { PurgeKind, Store } from '../core/ports';
import { createMetrics } from '../http/metrics';
import { scheduleRetentionPurge } from './retention-schedule';

const log = pino({ level: 'silent' });

function fakeStore() {
  const calls: { kind: PurgeKind; before: Date }[] = [];
  const store = {
    retention: {
      purge: async (kind: PurgeKind, before: Date) => {
        calls.push({ kind, before });
        const n = kind === 'messages' ? 3 : 0;
        return { picked: n, changed: n };
      },
    },
  } as unknown as Store;
  return { store, calls };
}
const now = new Date('2024-05-01T00:00:00Z');

it('purges at start and on every interval, counting rows per table, until stopped', async () => {
  const { store, calls } = fakeStore();
  const metrics = createMetrics();
  const schedule = scheduleRetentionPurge({
    deps: { store, clock: { now: () => now }, log },
    retentionDays: 30,
    metrics,
    log,
    everyMs: 40,
  });
  await new Promise((r) => setTimeout(r, 100));
  await schedule.stop();
  const runs = calls.filter((c) => c.kind === 'messages').length;
  expect(runs).toBeGreaterThanOrEqual(2);
  expect(calls.find((c) => c.kind === 'messages')?.before).toEqual(new Date('2024-04-01T00:00:00Z'));
  expect(calls.find((c) => c.kind === 'inbox')?.before).toEqual(new Date('2024-04-24T00:00:00Z'));
  const text = await metrics.registry.metrics();
  expect(text).toContain(`convrs_purged_rows_total{table="messages"} ${3 * runs}`);
  expect(text).toContain('convrs_purged_rows_total{table="inbox"} 0');
  const after = calls.length;
  await new Promise((r) => setTimeout(r, 80));
  expect(calls.length).toBe(after);
});

it('does nothing when RETENTION_DAYS=0', async () => {
  const { store, calls } = fakeStore();
  const schedule = scheduleRetentionPurge({
    deps: { store, clock: { now: () => now }, log },
    retentionDays: 0,
    metrics: createMetrics(),
    log,
    everyMs: 10,
  });
  await new Promise((r) => setTimeout(r, 50));
  await schedule.stop();
  expect(calls).toEqual([]);
});
