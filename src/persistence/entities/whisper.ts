// whispers: each whisper request once per source (e.g. the thread reply it came from).
import { EntitySchema } from 'typeorm';
import type { SurfaceName } from '../../core/model';
import type { WhisperRow as Whisper } from '../../core/ports';
import { columns, type Dialect } from './columns';

export interface WhisperRow extends Whisper {
  surface: SurfaceName;
}

export function whisperEntity(d: Dialect) {
  const c = columns(d);
  return new EntitySchema<WhisperRow>({
    name: 'whisper',
    tableName: 'whispers',
    columns: {
      id: c.id(),
      sourceKey: c.text('source_key'),
      chatId: c.int('chat_id'),
      supervisorEmail: c.text('supervisor_email'),
      text: c.text('text'),
      surface: c.text('surface'),
      status: c.text('status'),
      convrsMid: c.text('convrs_mid', true),
      error: c.text('error', true),
      createdAt: c.at('created_at'),
    },
    uniques: [{ name: 'uq_whispers_source', columns: ['sourceKey'] }],
    indices: [{ name: 'ix_whispers_mid', columns: ['convrsMid'] }],
  });
}
