// Agents: the platform's list, replaced wholesale on refresh; emails match case-insensitively.
import type { EntityManager } from 'typeorm';
import type { Agent } from '../../core/model';
import type { AgentStore, Clock } from '../../core/ports';
import type { Db } from '../db';
import { E, type AgentRow, type RefreshRow } from '../entities';

const repo = (m: EntityManager) => m.getRepository<AgentRow>(E.agent);
const FIELDS = ['name', 'businessUnits', 'permissions', 'status', 'selfStatus', 'openChats', 'maxChats', 'refreshedAt'];
const CHUNK = 200;

function toAgent(row: AgentRow): Agent {
  const { refreshedAt: _r, ...agent } = row;
  return agent;
}

function rowOf(a: Agent, at: Date): AgentRow {
  return {
    email: a.email,
    name: a.name,
    businessUnits: a.businessUnits ?? [],
    permissions: a.permissions ?? [],
    status: a.status,
    selfStatus: a.selfStatus ?? null,
    openChats: a.openChats ?? 0,
    maxChats: a.maxChats ?? 0,
    refreshedAt: at,
  };
}

export function agentStore(db: Db, clock: Clock): AgentStore {
  return {
    replaceAll: (agents) =>
      db.atomic(async (m, tx) => {
        const now = clock.now();
        await repo(m).createQueryBuilder().delete().execute();
        const rows = agents.map((a) => rowOf(a, now));
        for (let i = 0; i < rows.length; i += CHUNK) {
          await tx.insert(m, E.agent, rows.slice(i, i + CHUNK), {
            conflict: ['email'],
            update: FIELDS,
            returning: 'email',
          });
        }
        await tx.insert<string>(m, E.refresh, [{ name: 'agents', at: now } satisfies RefreshRow], {
          conflict: ['name'],
          update: ['at'],
          returning: 'name',
        });
      }),

    upsert: async (agent) => {
      await db.run((m) =>
        db.insert(m, E.agent, [rowOf(agent, clock.now())], { conflict: ['email'], update: FIELDS, returning: 'email' }),
      );
    },

    byEmail: (email) =>
      db.run(async (m) => {
        const row = await repo(m)
          .createQueryBuilder('a')
          .where('LOWER(a.email) = :email', { email: email.trim().toLowerCase() })
          .orderBy('a.email', 'ASC')
          .getOne();
        return row ? toAgent(row) : null;
      }),

    byEmails: (emails) =>
      db.run(async (m) => {
        const out = new Map<string, Agent>();
        const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()))];
        if (!wanted.length) return out;
        const rows = await repo(m)
          .createQueryBuilder('a')
          .where('LOWER(a.email) IN (:...emails)', { emails: wanted })
          .orderBy('a.email', 'ASC')
          .getMany();
        for (const row of rows) if (!out.has(row.email.toLowerCase())) out.set(row.email.toLowerCase(), toAgent(row));
        return out;
      }),

    all: () =>
      db.run(async (m) =>
        (
          await repo(m).createQueryBuilder('a').orderBy('LOWER(a.name)', 'ASC').addOrderBy('a.email', 'ASC').getMany()
        ).map(toAgent),
      ),

    refreshedAt: () =>
      db.run(async (m) => (await m.getRepository<RefreshRow>(E.refresh).findOneBy({ name: 'agents' }))?.at ?? null),
  };
}
