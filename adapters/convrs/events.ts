// Turns one Convrs event envelope { cmd, ok, data, uid } into a domain PlatformEvent.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../src/core/errors';
import type { PlatformEvent } from '../../src/core/events';
import type { ConvrsProfile } from './profile';
import {
  agentFrom,
  agentSchema,
  chatFrom,
  conversationSchema,
  convrsDate,
  convrsId,
  describeZodError,
  messageFrom,
  messageSchema,
} from './translate';

const envelopeSchema = z.object({
  cmd: z.string().min(1),
  ok: z.unknown().optional(),
  data: z.unknown().optional(),
  uid: convrsId.nullish(),
  error: z.string().optional(),
});

const assignSchema = z.object({
  conversationId: convrsId,
  agent: z.object({ email: z.string().nullish(), name: z.string().nullish() }).nullish(),
  businessUnit: z.string().nullish(),
  reason: z.enum(['assign', 'transfer']).nullish(),
  timestamp: convrsDate.nullish(),
});

const finishedSchema = z.object({
  conversationId: convrsId,
  closedAt: convrsDate,
  // Messages inside a finished conversation may omit their conversationId.
  messages: z.array(z.looseObject({})).nullish(),
});

const feedbackSchema = z.object({
  conversationId: convrsId,
  thumbs: z.enum(['up', 'down']),
  comment: z.string().nullish(),
  timestamp: convrsDate.nullish(),
});

const withEventId = z.looseObject({ eventId: z.string().min(1).optional() });

function parse<T extends z.ZodType>(schema: T, raw: unknown, cmd: string): z.output<T> {
  const r = schema.safeParse(raw);
  if (!r.success) throw new AppError('bad_input', `${cmd}: ${describeZodError(r.error, raw)}`);
  return r.data;
}

/** Without an eventId, a key from cmd + ids + time; a digest of the data stands in for a missing time. */
function eventKey(
  cmd: string,
  data: unknown,
  parts: (string | null | undefined)[],
  time: Date | null | undefined,
): string {
  const id = withEventId.safeParse(data);
  if (id.success && id.data.eventId) return id.data.eventId;
  const stamp = time
    ? time.toISOString()
    : createHash('sha256')
        .update(JSON.stringify(data ?? null))
        .digest('hex')
        .slice(0, 16);
  return [cmd, ...parts.filter((p): p is string => !!p), stamp].join('|');
}

/** Throws AppError('bad_input', one line naming the field) when the envelope does not fit the profile. */
export function parseEvent(
  envelope: unknown,
  profile: ConvrsProfile,
  now: () => Date = () => new Date(),
): PlatformEvent {
  if (!isObject(envelope)) throw new AppError('bad_input', 'envelope: must be a JSON object with cmd, ok and data');
  const env = envelopeSchema.safeParse(envelope);
  if (!env.success)
    throw new AppError(
      'bad_input',
      `envelope: ${describeZodError(env.error, envelope, 'envelope').replace(/^envelope\./, '')}`,
    );
  const { cmd, ok, data } = env.data;
  if (!cmd.startsWith('on'))
    throw new AppError('bad_input', `envelope: cmd "${cmd.slice(0, 60)}" is not an event (events start with "on")`);
  if (ok === 0 || ok === false || ok === '0')
    throw new AppError('bad_input', `${cmd}: ok is 0${env.data.error ? ` (${env.data.error.slice(0, 200)})` : ''}`);
  const uid = env.data.uid ?? undefined;
  const ev = profile.events;

  switch (cmd) {
    case ev.conversationStart: {
      // The envelope's uid is the customer; use it when the conversation leaves it out.
      const c = parse(conversationSchema, uid && isObject(data) && data.uid == null ? { ...data, uid } : data, cmd);
      return { type: 'chat.started', key: eventKey(cmd, data, [c.conversationId], c.startedAt), chat: chatFrom(c) };
    }
    case ev.message: {
      const m = parse(messageSchema, data, cmd);
      return {
        type: 'message',
        key: eventKey(cmd, data, [m.conversationId, m.mid], m.timestamp),
        message: messageFrom(m),
      };
    }
    case ev.conversationAssign: {
      const a = parse(assignSchema, data, cmd);
      return {
        type: 'chat.assigned',
        key: eventKey(cmd, data, [a.conversationId, a.agent?.email], a.timestamp),
        conversationId: a.conversationId,
        agentEmail: a.agent?.email || null,
        agentName: a.agent?.name || null,
        businessUnit: a.businessUnit ?? '',
        reason: a.reason ?? 'assign',
        at: a.timestamp ?? now(),
      };
    }
    case ev.conversationFinished: {
      const f = parse(finishedSchema, data, cmd);
      const messages = (f.messages ?? []).map((m, i) => {
        const r = messageSchema.safeParse({ conversationId: f.conversationId, ...m });
        if (!r.success)
          throw new AppError('bad_input', `${cmd}: ${describeZodError(r.error, m, `data.messages[${i}]`)}`);
        return messageFrom(r.data);
      });
      return {
        type: 'chat.finished',
        key: eventKey(cmd, data, [f.conversationId], f.closedAt),
        conversationId: f.conversationId,
        closedAt: f.closedAt,
        messages,
      };
    }
    case ev.feedback: {
      const f = parse(feedbackSchema, data, cmd);
      return {
        type: 'feedback',
        key: eventKey(cmd, data, [f.conversationId, f.thumbs], f.timestamp),
        conversationId: f.conversationId,
        thumbs: f.thumbs,
        comment: f.comment ?? null,
        at: f.timestamp ?? now(),
      };
    }
    case ev.agentStatus: {
      const a = parse(agentSchema, data, cmd);
      const time = parse(z.looseObject({ timestamp: convrsDate.nullish() }), data, cmd).timestamp;
      return { type: 'agent.status', key: eventKey(cmd, data, [a.email], time), agent: agentFrom(a) };
    }
    default:
      return { type: 'ignored', key: eventKey(cmd, data, [uid], null), name: cmd };
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
