// Alerts: raised once per crossing (the use case checks the cooldown), claimed once, shown in several places.
import type { AlertStore, Clock } from '../../core/ports';
import type { Db } from '../db';
import { E, type AlertPostRow, type AlertRow } from '../entities';

export function alertStore(db: Db, clock: Clock): AlertStore {
  return {
    create: (a) =>
      db.atomic(async (m, tx) => {
        const row = {
          agentEmail: null,
          businessUnit: null,
          summary: null,
          ...a,
          raisedAt: clock.now(),
          claimedBy: null,
          claimedAt: null,
        };
        if (row.agentEmail) row.agentEmail = row.agentEmail.trim().toLowerCase();
        const [id] = await tx.insert<number>(m, E.alert, [row], { conflict: ['id'], returning: 'id' });
        return m.getRepository<AlertRow>(E.alert).findOneByOrFail({ id: Number(id) });
      }),
    get: (id) => db.run((m) => m.getRepository<AlertRow>(E.alert).findOneBy({ id })),
    latest: (chatId, kind) =>
      db.run((m) =>
        m
          .getRepository<AlertRow>(E.alert)
          .findOne({ where: { chatId, kind }, order: { raisedAt: 'DESC', id: 'DESC' } }),
      ),
    forAgent: (agentEmail, kind, o = {}) =>
      db.run((m) => {
        // Orphaned-chats alerts store the email lower-cased, so the (agent_email, business_unit, raised_at) index serves this.
        const qb = m
          .getRepository<AlertRow>(E.alert)
          .createQueryBuilder('a')
          .where('a.agentEmail = :email', { email: agentEmail.trim().toLowerCase() })
          .andWhere('a.kind = :kind', { kind });
        if (o.businessUnit !== undefined) qb.andWhere('a.businessUnit = :bu', { bu: o.businessUnit });
        if (o.since) qb.andWhere('a.raisedAt >= :since', { since: o.since });
        return qb
          .orderBy('a.raisedAt', 'DESC')
          .addOrderBy('a.id', 'DESC')
          .take(Math.max(1, o.limit ?? 20))
          .getMany();
      }),
    // A conditional update: of two supervisors clicking at once, exactly one claims it.
    claim: (id, by) =>
      db.atomic(async (m) => {
        const repo = m.getRepository<AlertRow>(E.alert);
        const r = await repo
          .createQueryBuilder()
          .update()
          .set({ claimedBy: by, claimedAt: clock.now() })
          .where('id = :id', { id })
          .andWhere('claimed_by IS NULL')
          .execute();
        return r.affected ? repo.findOneByOrFail({ id }) : null;
      }),
    addPost: async (alertId, surface, destination, postId) => {
      await db.run((m) =>
        db.insert(m, E.alertPost, [{ alertId, surface, destination, postId }], {
          conflict: ['alertId', 'surface', 'destination'],
          returning: 'id',
        }),
      );
    },
    posts: (alertId) =>
      db.run(async (m) =>
        (await m.getRepository<AlertPostRow>(E.alertPost).find({ where: { alertId }, order: { id: 'ASC' } })).map(
          (p) => ({ surface: p.surface, destination: p.destination, postId: p.postId }),
        ),
      ),
  };
}
