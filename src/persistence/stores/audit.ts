// Audit log: who did what to which chat, newest first.
import type { AuditStore, Clock } from '../../core/ports';
import type { Db } from '../db';
import { E, type AuditRow } from '../entities';

export function auditStore(db: Db, clock: Clock): AuditStore {
  return {
    record: async (e) => {
      await db.run((m) =>
        m
          .getRepository<AuditRow>(E.audit)
          .insert({ actor: e.actor, action: e.action, chatId: e.chatId, detail: e.detail, at: clock.now() }),
      );
    },
    recent: (limit) =>
      db.run((m) =>
        m
          .getRepository<AuditRow>(E.audit)
          .createQueryBuilder('a')
          .orderBy('a.at', 'DESC')
          .addOrderBy('a.id', 'DESC')
          .limit(limit)
          .getMany(),
      ),
  };
}
