// Identities: cached surface user → email lookups (null email = the surface does not know it).
import { In } from 'typeorm';
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
    // A card names its supervisors: one read for all of them (user ids are matched with their surface afterwards).
    getMany: (users) =>
      db.run(async (m) => {
        if (!users.length) return [];
        const wanted = new Set(users.map((u) => `${u.surface}\u0000${u.userId}`));
        const rows = await m
          .getRepository<IdentityRow>(E.identity)
          .findBy({ userId: In([...new Set(users.map((u) => u.userId))]) });
        return rows
          .filter((r) => wanted.has(`${r.surface}\u0000${r.userId}`))
          .map((r) => ({ surface: r.surface, userId: r.userId, email: r.email }));
      }),
    put: async (surface, userId, email) => {
      await db.run((m) =>
        db.insert(m, E.identity, [{ surface, userId, email, cachedAt: clock.now() }], {
          conflict: ['surface', 'userId'],
          update: ['email', 'cachedAt'],
          returning: 'id',
        }),
      );
    },
    // Emails are stored lower-cased (access.ts), so an equality on the lower-cased argument uses the table as is.
    usersWithEmail: (email) =>
      db.run(async (m) =>
        (await m.getRepository<IdentityRow>(E.identity).findBy({ email: email.toLowerCase() })).map((r) => ({
          surface: r.surface,
          userId: r.userId,
        })),
      ),
  };
}
