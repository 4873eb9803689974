// Builds the neutral view models from domain objects (one place, every surface).
import type { Agent, Chat, StoredMessage, ThreadKind } from './model';
import type { CalibratedCsatView, ChatAction, ChatCardView, ChatPresenceView, MessageLineView } from './views';

/**
 * `presence` (see presence.ts) on every thread's card; absent where nobody asked for it. `calibrated`: the CSAT
 * through the calibration map (calibration-source.ts), once enough rated chats exist.
 */
export function chatCard(
  chat: Chat,
  agent: Agent | null,
  actions?: ChatAction[],
  presence?: ChatPresenceView,
  calibrated?: CalibratedCsatView | null,
): ChatCardView {
  const open = chat.status === 'open';
  return {
    ref: chat.ref,
    conversationId: chat.conversationId,
    customerName: chat.customerName,
    customerCountry: chat.customerCountry,
    channel: chat.channel,
    businessUnit: chat.businessUnit,
    agent: chat.agentEmail
      ? { name: chat.agentName ?? chat.agentEmail, email: chat.agentEmail, status: agent?.status ?? null }
      : null,
    startedAt: chat.startedAt,
    lastActivityAt: chat.lastActivityAt,
    inactive: open && chat.inactive,
    sentiment:
      chat.sentimentScore !== null && chat.sentimentLabel
        ? { score: chat.sentimentScore, label: chat.sentimentLabel, source: chat.sentimentSource ?? 'unknown' }
        : null,
    csat:
      chat.csat !== null
        ? {
            score: chat.csat,
            reason: chat.csatReason,
            source: chat.csatSource ?? 'unknown',
            ...(calibrated ? { calibrated } : {}),
          }
        : null,
    thumbs: chat.thumbs,
    state: chat.status === 'closed' ? 'finished' : chat.state,
    actions: actions ?? actionsFor('personal', chat),
    ...(presence ? { presence } : {}),
  };
}

/**
 * The buttons a thread's viewers can use: a personal thread's owner may supervise the chat (else the thread ends); a
 * wall is nobody's supervision to stop; a finished chat takes no transfer or finish.
 */
export function actionsFor(kind: ThreadKind, chat: Chat): ChatAction[] {
  const open = chat.status === 'open';
  // A draft needs an agent to whisper to; whether the viewer may whisper is checked when they click.
  const suggest: ChatAction[] = open && chat.agentEmail ? ['suggest'] : [];
  if (kind === 'personal') return open ? [...suggest, 'transfer', 'finish', 'unsupervise'] : ['unsupervise'];
  return open ? [...suggest, 'transfer', 'finish'] : [];
}

export function messageLine(m: StoredMessage): MessageLineView {
  return {
    role: m.role,
    label: lineLabel(m),
    text: m.text,
    attachments: m.attachments.map((a) => ({ name: a.name, url: a.url })),
    at: m.at,
    isWhisper: m.role === 'whisper',
    isNote: m.kind === 'note',
  };
}

function lineLabel(m: StoredMessage): string {
  switch (m.role) {
    case 'customer':
      return `Customer ${m.authorName}`.trim();
    case 'agent':
      return `Agent ${m.authorName}`.trim();
    case 'whisper':
      return `Whisper from ${m.authorName || m.authorEmail || 'a supervisor'}`;
    case 'bot':
      return m.authorName ? `Bot ${m.authorName}` : 'Bot';
    case 'system':
      return 'System';
  }
}
