// SurfaceInboxStore on SQLite and PostgreSQL: a surface request stored once by its key, worked once, found by the
// sweeper while unprocessed.
import type { DataSource } from 'typeorm';
import type { Store } from '../core/ports';
import { postgresTestDatabase, sqliteTestDatabase } from './test-databases';
import { createStore } from './store';

function contract(name: string, open: () => Promise<{ ds: DataSource; dispose: () => Promise<void> }>) {
  describe(`SurfaceInboxStore: ${name}`, () => {
    let dispose: () => Promise<void>;
    let now = Date.parse('2026-12-07T09:00:00Z');
    let s: Store;
    beforeAll(async () => {
      let ds: DataSource;
      ({ ds, dispose } = await open());
      s = createStore(ds, { clock: { now: () => new Date(now) } });
    });
    afterAll(async () => dispose());

    it('stores a request once by its key; a redelivery answers the stored id', async () => {
      const a = await s.surfaceInbox.accept('slack|thread-reply|U1|D1|D1:1.2', '{"n":1}');
      const b = await s.surfaceInbox.accept('slack|thread-reply|U1|D1|D1:1.2', '{"n":2}');
      expect(a.fresh).toBe(true);
      expect(b).toEqual({ id: a.id, fresh: false });
      expect(await s.surfaceInbox.get(a.id)).toEqual({
        id: a.id,
        key: 'slack|thread-reply|U1|D1|D1:1.2',
        payload: '{"n":1}',
        receivedAt: new Date(now),
        processedAt: null,
        error: null,
      });
      expect(await s.surfaceInbox.get(a.id + 999)).toBeNull();
    });

    it('lists unprocessed requests received before a time, oldest first; done and failed ones are not listed', async () => {
      now += 60_000;
      const x = await s.surfaceInbox.accept('teams|command|u|c|1', '{}');
      now += 1000;
      const y = await s.surfaceInbox.accept('teams|command|u|c|2', '{}');
      now += 1000;
      const z = await s.surfaceInbox.accept('teams|command|u|c|3', '{}');
      const listed = async (before: number) =>
        (await s.surfaceInbox.unprocessed(new Date(before), 10))
          .map((r) => r.id)
          .filter((id) => [x.id, y.id, z.id].includes(id));
      expect(await listed(now)).toEqual([x.id, y.id]);
      expect(await listed(now + 1)).toEqual([x.id, y.id, z.id]);
      await s.surfaceInbox.markDone(x.id);
      await s.surfaceInbox.markFailed(y.id, 'bad');
      expect(await listed(now + 1)).toEqual([z.id]);
      expect(await s.surfaceInbox.get(x.id)).toMatchObject({ processedAt: new Date(now), error: null });
      expect(await s.surfaceInbox.get(y.id)).toMatchObject({ processedAt: new Date(now), error: 'bad' });
    });
  });
}

contract('SQLite', () => sqliteTestDatabase('surface-inbox'));

contract('PostgreSQL', () => postgresTestDatabase('t'));
