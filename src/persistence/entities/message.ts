// messages: each chat message once per (chat, mid), numbered by arrival (seq) within its chat.
import { EntitySchema } from 'typeorm';
import type { StoredMessage } from '../../core/model';
import { columns, type Dialect } from './columns';

export type MessageRow = StoredMessage;

export function messageEntity(d: Dialect) {
  const c = columns(d);
  return new EntitySchema<MessageRow>({
    name: 'message',
    tableName: 'messages',
    columns: {
      id: c.id(),
      chatId: c.int('chat_id'),
      conversationId: c.text('conversation_id'),
      mid: c.text('mid'),
      seq: c.int('seq'),
      role: c.text('role'),
      authorName: c.text('author_name'),
      authorEmail: c.text('author_email', true),
      text: c.text('text'),
      attachments: c.json('attachments'),
      at: c.at('at'),
      kind: c.text('kind'),
      receivedAt: c.at('received_at'),
    },
    uniques: [
      { name: 'uq_messages_chat_mid', columns: ['chatId', 'mid'] },
      { name: 'uq_messages_chat_seq', columns: ['chatId', 'seq'] },
    ],
    indices: [{ name: 'ix_messages_chat_at_seq', columns: ['chatId', 'at', 'seq'] }],
  });
}
