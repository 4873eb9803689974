// Convrs payload schemas (CONVRS.md "Objects") and their translation into domain types.
import { z } from 'zod';
import type { Agent, ChatSnapshot, IncomingMessage } from '../../src/core/model';
import { parseConvrsDate } from './dates';

/** Convrs ids may come as numbers; the domain keeps them as strings. */
export const convrsId = z.union([z.string().min(1), z.number()]).transform(String);

export const convrsDate = z.string().transform((s, ctx) => {
  try {
    return parseConvrsDate(s);
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: `is not a Convrs datetime (got ${JSON.stringify(s.slice(0, 40))}, expected e.g. 2020-04-18T16:15:24)`,
    });
    return z.NEVER;
  }
});

const person = z.object({ email: z.string().nullish(), name: z.string().nullish() });

export const conversationSchema = z.object({
  conversationId: convrsId,
  uid: convrsId.nullish(),
  botID: convrsId.nullish(),
  channel: z.string().nullish(),
  customer: z.object({ name: z.string().nullish(), country: z.string().nullish() }).nullish(),
  businessUnit: z.string().nullish(),
  agent: person.nullish(),
  direction: z.enum(['inbound', 'outbound', 'transfer']).nullish(),
  status: z.enum(['open', 'closed']).nullish(),
  startedAt: convrsDate,
  lastActivityAt: convrsDate.nullish(),
  closedAt: convrsDate.nullish(),
  thumbs: z.enum(['up', 'down']).nullish(),
});

export const messageSchema = z.object({
  mid: convrsId,
  conversationId: convrsId,
  uid: convrsId.nullish(),
  sender: z.enum(['customer', 'agent', 'bot', 'whisper', 'system']),
  author: person.nullish(),
  text: z.string().nullish(),
  attachments: z
    .array(z.object({ name: z.string().nullish(), url: z.string().min(1), mime: z.string().nullish() }))
    .nullish(),
  timestamp: convrsDate,
});

export const agentSchema = z.object({
  email: z.string().min(1),
  name: z.string().nullish(),
  businessUnits: z.array(z.string()).nullish(),
  permissions: z.array(z.string()).nullish(),
  status: z.enum(['Online', 'Offline', 'Busy', 'Disabled']),
  selfStatus: z.string().nullish(),
  openChats: z.number().int().nonnegative().nullish(),
  maxChats: z.number().int().nonnegative().nullish(),
});

export type ConvrsConversation = z.infer<typeof conversationSchema>;
export type ConvrsMessage = z.infer<typeof messageSchema>;
export type ConvrsAgent = z.infer<typeof agentSchema>;

export function chatFrom(c: ConvrsConversation): ChatSnapshot {
  const closedAt = c.closedAt ?? null;
  return {
    conversationId: c.conversationId,
    uid: c.uid ?? '',
    channel: c.channel ?? 'unknown',
    customerName: c.customer?.name || 'Unknown customer',
    customerCountry: c.customer?.country || null,
    businessUnit: c.businessUnit ?? '',
    agentEmail: c.agent?.email || null,
    agentName: c.agent?.name || null,
    // Status is only missing in sloppy payloads; a closing time says enough.
    status: c.status ?? (closedAt ? 'closed' : 'open'),
    startedAt: c.startedAt,
    lastActivityAt: c.lastActivityAt ?? closedAt ?? c.startedAt,
    closedAt,
    thumbs: c.thumbs ?? null,
  };
}

export function messageFrom(m: ConvrsMessage): IncomingMessage {
  return {
    mid: m.mid,
    conversationId: m.conversationId,
    role: m.sender,
    authorName: m.author?.name || m.author?.email || m.sender,
    authorEmail: m.author?.email || null,
    text: m.text ?? '',
    attachments: (m.attachments ?? []).map((a) => ({
      name: a.name || a.url.split('/').pop() || 'attachment',
      url: a.url,
      ...(a.mime ? { mime: a.mime } : {}),
    })),
    at: m.timestamp,
    kind: 'message',
  };
}

export function agentFrom(a: ConvrsAgent): Agent {
  return {
    email: a.email,
    name: a.name || a.email,
    businessUnits: a.businessUnits ?? [],
    permissions: a.permissions ?? [],
    status: a.status,
    selfStatus: a.selfStatus ?? null,
    openChats: a.openChats ?? 0,
    maxChats: a.maxChats ?? 0,
  };
}

/** Throws zod's error on invalid input; events.ts and client.ts turn it into an AppError. */
export const toChatSnapshot = (raw: unknown): ChatSnapshot => chatFrom(conversationSchema.parse(raw));
export const toMessage = (raw: unknown): IncomingMessage => messageFrom(messageSchema.parse(raw));
export const toAgent = (raw: unknown): Agent => agentFrom(agentSchema.parse(raw));

/** One line naming the first bad field, e.g. "data.timestamp is required". */
export function describeZodError(err: z.ZodError, raw: unknown, root = 'data'): string {
  const issue = err.issues[0];
  if (!issue) return `${root} is invalid`;
  const where = issue.path.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : `${s}.${String(k)}`), root);
  let value: unknown = raw;
  for (const k of issue.path)
    value = value == null ? undefined : (value as Record<PropertyKey, unknown>)[k as PropertyKey];
  if (value === undefined || (value === null && issue.code !== 'custom')) return `${where} is required`;
  switch (issue.code) {
    case 'invalid_type':
      return `${where} must be ${issue.expected === 'object' || issue.expected === 'array' ? 'an' : 'a'} ${issue.expected}`;
    case 'invalid_value':
      return `${where} must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      return `${where} must be a string or a number`;
    case 'too_small':
      return issue.origin === 'string'
        ? `${where} must not be empty`
        : `${where} must be at least ${String(issue.minimum)}`;
    case 'custom':
      return `${where} ${issue.message}`;
    default:
      return `${where}: ${issue.message}`;
  }
}
