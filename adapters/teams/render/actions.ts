// Card submit data (SPEC §4.5: Action.Submit carrying `{ action, chat }`) and the way back from a submit to command text.
import { z } from 'zod';
import type { ChatAction, ChatAlertView, CommandButtonView } from '../../../src/core/views';
import type { SubmitAction } from './adaptive';

/** Input ids whose values Teams merges into the submitted value next to the button's data. */
export const INPUT = { whisper: 'whisper', agent: 'agent', businessUnit: 'bu' } as const;

/**
 * A button that runs shared-grammar text as if typed, e.g. `{ action: 'finish', chat: 'C-1042', command: 'finish C-1042' }`;
 * `command` for any other command (`transfer-all …`, `claim agent:…`, a row's "Move C-1042 to …").
 */
export interface CommandSubmit {
  convrs: 1;
  action: ChatAction | 'page' | 'command';
  chat?: string;
  command: string;
}
/** "Send whisper" on the live transcript card; the text is Input.Text `whisper`. */
export interface WhisperSubmit {
  convrs: 1;
  action: 'whisper';
  chat: string;
}
/** The transfer form's Transfer; the pick is Input.ChoiceSet `agent` or `bu`. */
export interface TransferToSubmit {
  convrs: 1;
  action: 'transfer-to';
  chat: string;
}
/** Cancel on a form or confirmation: nothing runs, the card is dismissed. */
export interface CancelSubmit {
  convrs: 1;
  action: 'cancel';
  chat: string;
}
/** "I've got it" on an alert. */
export interface ClaimSubmit {
  convrs: 1;
  action: 'claim';
  chat: string;
  kind: ChatAlertView['kind'];
}
export type CardSubmit = CommandSubmit | WhisperSubmit | TransferToSubmit | CancelSubmit | ClaimSubmit;

/**
 * What a click asks for. Most buttons are a command to run as if typed; the rest are not commands of the shared
 * grammar: a form the user filled wrongly (`error`, shown to them, nothing runs), Cancel, and an alert claim.
 */
export type SubmitOutcome =
  | { command: string; /** Set when the submit carries its own once-only key (a draft's Send). */ requestId?: string }
  | { error: string }
  | { cancelled: true; chat: string }
  | { claim: { ref: string; kind: ChatAlertView['kind'] } };

export const SUBMIT_ERRORS = {
  stale: 'This button no longer works. Type the command instead, or `help` for the list.',
  emptyWhisper: 'Type a whisper in the box first.',
  transferNone: 'Pick an agent or a business unit.',
  transferBoth: 'Pick one: an agent or a business unit, not both.',
  badAgent: 'Pick an agent from the list.',
  badBusinessUnit:
    'That business unit name cannot be sent from this form; type `transfer <chat> to bu:"<name>"` instead.',
} as const;

// A chat ref or Convrs conversation id: one word that cannot open a quote, so the command text reads back unchanged.
const chat = z.string().regex(/^\w[\w.:@-]*$/);
const mark = z.literal(1);
const inputValue = z.string().optional();

const submitSchema = z.discriminatedUnion('action', [
  z.object({
    convrs: mark,
    action: z.enum(['supervise', 'unsupervise', 'transfer', 'finish', 'suggest', 'page', 'command']),
    chat: chat.optional(),
    command: z.string(),
  }),
  z.object({
    convrs: mark,
    action: z.literal('whisper'),
    chat,
    [INPUT.whisper]: inputValue,
    draft: z
      .string()
      .regex(/^[0-9a-f]{8,64}$/)
      .optional(),
  }),
  z.object({
    convrs: mark,
    action: z.literal('transfer-to'),
    chat,
    [INPUT.agent]: inputValue,
    [INPUT.businessUnit]: inputValue,
  }),
  z.object({ convrs: mark, action: z.literal('cancel'), chat }),
  z.object({ convrs: mark, action: z.literal('claim'), chat, kind: z.enum(['negative', 'inactive']) }),
]);

const AGENT_EMAIL = /^[^\s@:"“”„]+@\S+$/;

/** Quotes a BU name for the grammar; typographic quotes when the name holds a straight one. */
function quotedName(name: string): string | null {
  if (!name.includes('"')) return `"${name}"`;
  return name.includes('”') ? null : `“${name}”`;
}

function transferOutcome(ref: string, agent = '', businessUnit = ''): SubmitOutcome {
  const [a, bu] = [agent.trim(), businessUnit.trim()];
  if (a && bu) return { error: SUBMIT_ERRORS.transferBoth };
  if (a) return AGENT_EMAIL.test(a) ? { command: `transfer ${ref} to ${a}` } : { error: SUBMIT_ERRORS.badAgent };
  if (!bu) return { error: SUBMIT_ERRORS.transferNone };
  const quoted = quotedName(bu);
  return quoted ? { command: `transfer ${ref} to bu:${quoted}` } : { error: SUBMIT_ERRORS.badBusinessUnit };
}

/** The outcome of an incoming `activity.value`; null when the value is not one of our submits. */
export function submitToCommand(value: unknown): SubmitOutcome | null {
  if (!value || typeof value !== 'object' || (value as { convrs?: unknown }).convrs !== 1) return null;
  const parsed = submitSchema.safeParse(value);
  if (!parsed.success) return { error: SUBMIT_ERRORS.stale };
  const s = parsed.data;
  switch (s.action) {
    case 'whisper': {
      const text = s.whisper?.trim();
      if (!text) return { error: SUBMIT_ERRORS.emptyWhisper };
      // A draft card sends once: a second click on its Send (a new activity) carries the same draft key.
      return { command: `whisper ${s.chat} ${text}`, ...(s.draft ? { requestId: `teams-draft-${s.draft}` } : {}) };
    }
    case 'transfer-to':
      return transferOutcome(s.chat, s.agent, s.bu);
    case 'cancel':
      return { cancelled: true, chat: s.chat };
    case 'claim':
      return { claim: { ref: s.chat, kind: s.kind } };
    default:
      return s.command.trim() ? { command: s.command.trim() } : { error: SUBMIT_ERRORS.stale };
  }
}

const CHAT_ACTION_LABEL: Record<ChatAction, string> = {
  supervise: 'Supervise',
  unsupervise: 'Stop supervising',
  transfer: 'Transfer',
  finish: 'Finish',
  suggest: 'Suggest whisper',
};
const CHAT_ACTION_STYLE: Partial<Record<ChatAction, SubmitAction['style']>> = {
  supervise: 'positive',
  finish: 'destructive',
};

/** A button running a command; it ignores the card's inputs so an empty whisper box never blocks it. */
export function commandSubmit(
  title: string,
  data: Omit<CommandSubmit, 'convrs'>,
  style?: SubmitAction['style'],
): SubmitAction {
  return {
    type: 'Action.Submit',
    title,
    data: { convrs: 1, ...data },
    associatedInputs: 'none',
    ...(style ? { style } : {}),
  };
}

/** A button for any command of the grammar, as the neutral view names it. */
export const anyCommandSubmit = (b: CommandButtonView): SubmitAction =>
  commandSubmit(
    b.label,
    { action: 'command', command: b.command },
    b.style === 'primary' ? 'positive' : b.style === 'danger' ? 'destructive' : undefined,
  );

/** `transfer C-1042` asks for the target, `finish C-1042` for confirmation. */
export const chatActionSubmit = (action: ChatAction, ref: string): SubmitAction =>
  commandSubmit(
    CHAT_ACTION_LABEL[action],
    { action, chat: ref, command: `${action} ${ref}` },
    CHAT_ACTION_STYLE[action],
  );

export const whisperSubmit = (ref: string, draft?: string): SubmitAction => ({
  type: 'Action.Submit',
  title: 'Send whisper',
  data: { convrs: 1, action: 'whisper', chat: ref, ...(draft ? { draft } : {}) },
});

export const transferToSubmit = (ref: string): SubmitAction => ({
  type: 'Action.Submit',
  title: 'Transfer',
  data: { convrs: 1, action: 'transfer-to', chat: ref },
  style: 'positive',
});

export const cancelSubmit = (ref: string): SubmitAction => ({
  type: 'Action.Submit',
  title: 'Cancel',
  data: { convrs: 1, action: 'cancel', chat: ref },
  associatedInputs: 'none',
});

export const claimSubmit = (alert: Pick<ChatAlertView, 'ref' | 'kind'>): SubmitAction => ({
  type: 'Action.Submit',
  title: "I've got it",
  data: { convrs: 1, action: 'claim', chat: alert.ref, kind: alert.kind },
  associatedInputs: 'none',
});
