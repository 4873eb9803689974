// Identities: cached surface user → email lookups (null email = the surface does not know it).
import type { Clock, IdentityStore } from '../../core/ports';
import type { Db } from '../db';
import { E, type IdentityRow } from '../entities';

export function identityStore(db: Db, clock: Clock): IdentityStore {
  return {
    get: (surface, userId) =>
      db.run(async (m) => {
        const row = await m.getRepository<IdentityRow>(E.identity).findOneBy({ surface, userId });
        return row ? { email: row.email, cachedAt: row.cachedAt } : null;
      }),
    put: async (surface, userId, email) => {
      await db.run((m) => db.insert(m, E.identity, [{ surface, userId, email, cachedAt: clock.now() }],
        { conflict: ['surface', 'userId'], update: ['email', 'cachedAt'], returning: 'id' }));
    },
    // Emails are stored lower-cased (access.ts), so an equality on the lower-cased argument uses the table as is.
    usersWithEmail: (email) =>
      db.run(async (m) => (await m.getRepository<IdentityRow>(E.identity).findBy({ email: email.toLowerCase() }))
        .map((r) => ({ surface: r.surface, userId: r.userId }))),
  };
}
