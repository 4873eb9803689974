// Realistic answers of the Slack Web API methods the bot uses (for the fake in slack-api.ts).
import type { StoredMessage } from './slack-api';

export const BOT_USER_ID = 'UBOT0001';
export const BOT_ID = 'BBOT0001';

export interface FakeState {
  url: string;
  emails: Record<string, string>;
  messages: StoredMessage[];
  ephemerals: { channel: string; user: string; thread_ts?: string; text?: string; blocks?: any[] }[];
  /** Channel ids each user is a member of (users.conversations). */
  memberships: Record<string, string[]>;
  /** Published App Home views per user. */
  homes: Record<string, any>;
  /** Opened modals. */
  modals: { trigger_id: string; view: any }[];
  uploads: Map<string, { bytes: Buffer; filename?: string }>;
  /** Most replies per conversations.replies page (Slack: 15 for new non-Marketplace apps). */
  repliesPageLimit?: number;
  nextTs(): string;
}

let fileSeq = 0;
let viewSeq = 0;

/** Slack's refusal of a message beyond the Block Kit limits it enforces (50 blocks, 3000 characters of section text, 150 of a header). */
function messageRefusal(b: Record<string, any>): Record<string, unknown> | null {
  if (typeof b.text === 'string' && b.text.length > 40_000) return { ok: false, error: 'msg_too_long' };
  const blocks: any[] = Array.isArray(b.blocks) ? b.blocks : [];
  const problems: string[] = [];
  if (blocks.length > 50) problems.push('no more than 50 items allowed [json-pointer:/blocks]');
  blocks.forEach((x, i) => {
    if (x?.type === 'section' && typeof x.text?.text === 'string' && x.text.text.length > 3000)
      problems.push(`must be less than 3001 characters [json-pointer:/blocks/${i}/text/text]`);
    if (x?.type === 'header' && typeof x.text?.text === 'string' && x.text.text.length > 150)
      problems.push(`must be less than 151 characters [json-pointer:/blocks/${i}/text/text]`);
  });
  if (!problems.length) return null;
  return {
    ok: false,
    error: 'invalid_blocks',
    errors: problems,
    response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) },
  };
}

export function handleMethod(s: FakeState, method: string, b: Record<string, any>): Record<string, unknown> {
  if (method === 'chat.postMessage' || method === 'chat.update' || method === 'chat.postEphemeral') {
    const refused = messageRefusal(b);
    if (refused) return refused;
  }
  switch (method) {
    case 'auth.test':
      return {
        ok: true,
        url: 'https://acme.slack.com/',
        team: 'Acme',
        user: 'convrs',
        team_id: 'T0001',
        user_id: BOT_USER_ID,
        bot_id: BOT_ID,
      };
    case 'chat.postMessage': {
      const m: StoredMessage = {
        channel: b.channel,
        ts: s.nextTs(),
        thread_ts: b.thread_ts,
        text: b.text,
        blocks: b.blocks,
        metadata: b.metadata,
        user: BOT_USER_ID,
        bot_id: BOT_ID,
      };
      s.messages.push(m);
      const { channel, ...message } = m;
      return { ok: true, channel, ts: m.ts, message: { type: 'message', ...message } };
    }
    case 'chat.update': {
      const m = s.messages.find((x) => x.channel === b.channel && x.ts === b.ts);
      if (!m) return { ok: false, error: 'message_not_found' };
      Object.assign(m, { text: b.text, blocks: b.blocks });
      return { ok: true, channel: b.channel, ts: b.ts, text: b.text };
    }
    case 'chat.postEphemeral': {
      s.ephemerals.push({ channel: b.channel, user: b.user, thread_ts: b.thread_ts, text: b.text, blocks: b.blocks });
      return { ok: true, message_ts: s.nextTs() };
    }
    case 'users.conversations':
      return {
        ok: true,
        channels: (s.memberships[b.user] ?? []).map((id) => ({ id, name: id.toLowerCase(), is_channel: true })),
        response_metadata: { next_cursor: '' },
      };
    case 'conversations.open':
      return { ok: true, channel: { id: `D${String(b.users).split(',')[0]}` } };
    case 'users.info': {
      const email = s.emails[b.user];
      if (email === undefined) return { ok: false, error: 'user_not_found' };
      return {
        ok: true,
        user: {
          id: b.user,
          name: email.split('@')[0],
          is_bot: false,
          profile: { email, real_name: email.split('@')[0] },
        },
      };
    }
    case 'reactions.add':
      return { ok: true };
    case 'chat.getPermalink': {
      // As Slack answers: the workspace URL, the channel, "p" + the ts without its dot; a reply's link names its thread.
      const m = s.messages.find((x) => x.channel === b.channel && x.ts === String(b.message_ts));
      if (!m) return { ok: false, error: 'message_not_found' };
      const p = `p${m.ts.replace('.', '')}`;
      const thread = m.thread_ts && m.thread_ts !== m.ts ? `?thread_ts=${m.thread_ts}&cid=${m.channel}` : '';
      return { ok: true, channel: m.channel, permalink: `https://acme.slack.com/archives/${m.channel}/${p}${thread}` };
    }
    case 'views.publish':
      s.homes[b.user_id] = b.view;
      return { ok: true, view: { id: `V${++viewSeq}`, ...(typeof b.view === 'object' ? b.view : {}) } };
    case 'views.open':
      s.modals.push({ trigger_id: b.trigger_id, view: b.view });
      return { ok: true, view: { id: `V${++viewSeq}`, ...(typeof b.view === 'object' ? b.view : {}) } };
    case 'views.update':
      return { ok: true, view: { id: `V${++viewSeq}`, ...(typeof b.view === 'object' ? b.view : {}) } };
    case 'files.getUploadURLExternal': {
      const id = `F${++fileSeq}`;
      s.uploads.set(id, { bytes: Buffer.alloc(0), filename: b.filename });
      return { ok: true, upload_url: `${s.url}/upload/${id}`, file_id: id };
    }
    case 'files.completeUploadExternal': {
      const files = (Array.isArray(b.files) ? b.files : []) as { id: string; title?: string }[];
      if (files.some((f) => !s.uploads.get(f.id)?.bytes.length))
        return { ok: false, error: 'file_upload_not_completed' };
      return {
        ok: true,
        files: files.map((f) => ({
          id: f.id,
          title: f.title,
          name: s.uploads.get(f.id)?.filename,
          permalink: `https://acme.slack.com/files/${f.id}`,
        })),
      };
    }
    case 'conversations.replies': {
      // As Slack pages it: the parent first on every page, then replies after `oldest` (exclusive), `limit` at a time
      // (new non-Marketplace apps get at most 15), with a cursor to the next page.
      const parent = s.messages.filter((m) => m.channel === b.channel && m.ts === b.ts);
      const after = s.messages.filter(
        (m) =>
          m.channel === b.channel && m.thread_ts === b.ts && m.ts !== b.ts && (!b.oldest || m.ts > String(b.oldest)),
      );
      const limit = Math.min(Number(b.limit) || 1000, s.repliesPageLimit ?? 1000);
      const from = Number(b.cursor ?? 0) || 0;
      const page = after.slice(from, from + limit);
      const more = from + limit < after.length;
      const withMeta = String(b.include_all_metadata) === 'true';
      const shown = [...parent, ...page].map(({ channel: _c, metadata, ...m }) => ({
        type: 'message',
        ...m,
        ...(withMeta && metadata ? { metadata } : {}),
      }));
      return {
        ok: true,
        has_more: more,
        messages: shown,
        ...(more ? { response_metadata: { next_cursor: String(from + limit) } } : {}),
      };
    }
    default:
      return { ok: true };
  }
}
