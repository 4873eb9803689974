// Whispers: each request recorded once per source key, then completed as sent (with the Convrs mid) or failed.
import type { EntityManager } from 'typeorm';
import type { Clock, WhisperRow, WhisperStore } from '../../core/ports';
import type { Db } from '../db';
import { E, type WhisperRow as Row } from '../entities';

const repo = (m: EntityManager) => m.getRepository<Row>(E.whisper);

function toWhisper(row: Row): WhisperRow {
  const { surface: _s, ...whisper } = row;
  return whisper;
}

export function whisperStore(db: Db, clock: Clock): WhisperStore {
  return {
    begin: (w) =>
      db.atomic(async (m, tx) => {
        const [id] = await tx.insert<number>(
          m,
          E.whisper,
          [{ ...w, status: 'pending', convrsMid: null, error: null, createdAt: clock.now() }],
          { conflict: ['sourceKey'], returning: 'id' },
        );
        return {
          whisper: toWhisper(await repo(m).findOneByOrFail({ sourceKey: w.sourceKey })),
          fresh: id !== undefined,
        };
      }),
    complete: async (id, result) => {
      const fields =
        result.status === 'sent'
          ? { status: result.status, convrsMid: result.convrsMid, error: null }
          : { status: result.status, error: result.error };
      await db.run((m) => repo(m).update({ id }, fields));
    },
    bySourceKey: (sourceKey) =>
      db.run(async (m) => {
        const row = await repo(m).findOneBy({ sourceKey });
        return row ? toWhisper(row) : null;
      }),
    byConvrsMid: (mid) =>
      db.run(async (m) => {
        const row = await repo(m).findOne({ where: { convrsMid: mid }, order: { id: 'DESC' } });
        return row ? toWhisper(row) : null;
      }),
    pendingLike: (chatId, supervisorEmail, text) =>
      db.run(async (m) => {
        const row = await repo(m).findOne({
          where: { chatId, supervisorEmail, text, status: 'pending' },
          order: { id: 'DESC' },
        });
        return row ? toWhisper(row) : null;
      }),
  };
}
