// The entity schemas for one dialect (no decorators): column types differ, names and shapes do not.
import type { EntitySchema } from 'typeorm';
import { agentEntity } from './agent';
import { alertEntity, alertPostEntity } from './alert';
import { auditEntity } from './audit';
import { chatEntity } from './chat';
import type { Dialect } from './columns';
import { destinationEntity } from './destination';
import { identityEntity } from './identity';
import { inboxEntity } from './inbox';
import { messageEntity } from './message';
import { outboxEntity } from './outbox';
import { refreshEntity } from './refresh';
import { surfaceInboxEntity } from './surface-inbox';
import { surfaceStateEntity } from './surface-state';
import { threadEntity } from './thread';
import { watchEntity } from './watch';
import { whisperEntity } from './whisper';

export type { Dialect } from './columns';
export type { AgentRow } from './agent';
export type { AlertPostRow, AlertRow } from './alert';
export type { AuditRow } from './audit';
export type { ChatRow } from './chat';
export type { DestinationRow } from './destination';
export type { IdentityRow } from './identity';
export type { InboxRow } from './inbox';
export type { MessageRow } from './message';
export type { OutboxRow } from './outbox';
export type { RefreshRow } from './refresh';
export type { SurfaceInboxRow } from './surface-inbox';
export type { SurfaceStateRow } from './surface-state';
export type { ThreadRow } from './thread';
export type { WatchRow } from './watch';
export type { WhisperRow } from './whisper';

/** Entity names, as the stores address them. */
export const E = {
  chat: 'chat',
  message: 'message',
  thread: 'thread',
  outbox: 'outbox',
  inbox: 'inbox',
  watch: 'watch',
  agent: 'agent',
  identity: 'identity',
  whisper: 'whisper',
  audit: 'audit',
  destination: 'destination',
  refresh: 'refresh',
  surfaceState: 'surfaceState',
  alert: 'alert',
  alertPost: 'alertPost',
  surfaceInbox: 'surfaceInbox',
} as const;

export function entities(dialect: Dialect): EntitySchema<any>[] {
  return [
    chatEntity,
    messageEntity,
    threadEntity,
    outboxEntity,
    inboxEntity,
    watchEntity,
    agentEntity,
    identityEntity,
    whisperEntity,
    auditEntity,
    destinationEntity,
    refreshEntity,
    surfaceStateEntity,
    alertEntity,
    alertPostEntity,
    surfaceInboxEntity,
  ].map((make) => make(dialect));
}
