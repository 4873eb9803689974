// suggest <chat> (and the "Suggest whisper" button): one coaching whisper drafted for the chat's situation, from the
// model when there is one (the template when it fails) or the template. It is only a draft: the supervisor edits and
// sends it through the whisper path (send-whisper.ts), which checks, records and audits it. Nothing is sent here.
import type { Deps } from '../deps';
import { TEMPLATE_DRAFTER, templateDrafter, type DraftInput, type WhisperDraft } from '../drafter';
import type { Requester } from '../ports';
import type { ReplyView, WhisperDraftView } from '../views';
import { detectSituation, templateWhisper } from '../whisper-situation';
import { findChat } from './find-chat';
import { requireWhisperer } from './send-whisper';
import { chatLines } from './summary';

/** The newest lines the detector and the model read. */
const DRAFT_READ_LINES = 60;
/** A supervisor waits for the draft: the template answers after this. */
export const DRAFT_DEADLINE_MS = 8_000;
/** A whisper is a nudge, not an essay: longer model text is cut. */
export const DRAFT_TEXT_MAX = 500;

const cut = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1).trimEnd()}…`);

async function withDeadline(p: Promise<WhisperDraft>, ms: number): Promise<WhisperDraft | { failed: string }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<{ failed: string }>((resolve) => {
    timer = setTimeout(() => resolve({ failed: 'deadline' }), ms);
    timer.unref?.();
  });
  try {
    return await Promise.race([p, late]);
  } catch {
    return { failed: 'unexpected error' };
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/** The draft for `input`: the drafter's, or the template's with why the drafter was not used. */
async function draftFor(deps: Deps, input: DraftInput): Promise<WhisperDraft> {
  const drafter = deps.drafter ?? templateDrafter();
  const template = (fallbackReason?: string): WhisperDraft => ({
    text: templateWhisper(input.situation, input.agentName),
    source: TEMPLATE_DRAFTER,
    ...(fallbackReason ? { fallbackReason } : {}),
  });
  if (drafter.name === TEMPLATE_DRAFTER) return template();
  const r = await withDeadline(drafter.draft(input), DRAFT_DEADLINE_MS);
  if ('failed' in r) {
    deps.log.warn({ chat: input.chatRef, drafter: drafter.name, reason: r.failed }, 'whisper drafter failed');
    return template(r.failed);
  }
  const text = cut(r.text.replace(/\s+/g, ' ').trim(), DRAFT_TEXT_MAX);
  if (!text) return template('empty draft');
  return { ...r, text };
}

export async function suggestWhisper(deps: Deps, who: Requester, ref: string): Promise<ReplyView> {
  const chat = await findChat(deps, ref);
  // The same checks as whispering to the chat, made now (and again when the draft is sent).
  const me = await requireWhisperer(deps, who, chat);
  // Coaching an agent who is not there helps nobody: the chat needs moving, not a whisper.
  const agent = chat.agentEmail ? await deps.store.agents.byEmail(chat.agentEmail) : null;
  if (agent && (agent.status === 'Offline' || agent.status === 'Disabled'))
    return {
      type: 'notice',
      tone: 'info',
      text: `${agent.name} is ${agent.status}, so a whisper on ${chat.ref} would wait unread. The chat needs another agent.`,
      hint: `Move it: transfer ${chat.ref} (pick an agent), or transfer ${chat.ref} to bu:"${chat.businessUnit}".`,
    };
  const lines = await chatLines(deps, chat, DRAFT_READ_LINES);
  const situation = detectSituation({
    agentName: chat.agentName,
    sentimentLabel: chat.sentimentLabel,
    sentimentScore: chat.sentimentScore,
    lines,
    now: deps.clock.now(),
    longWaitMs: deps.settings.inactivityMs,
  });
  const draft = await draftFor(deps, { chatRef: chat.ref, agentName: chat.agentName, situation, lines });
  deps.draftMetrics?.drafted({ source: draft.source, situation: situation.kind, fallbackReason: draft.fallbackReason });
  deps.log.info(
    { chat: chat.ref, situation: situation.kind, source: draft.source, fallback: draft.fallbackReason },
    'whisper drafted',
  );
  await deps.store.audit.record({
    actor: me.email,
    action: 'whisper-suggested',
    chatId: chat.id,
    detail: `${situation.kind} · ${draft.source}`,
  });
  const also = situation.also.length ? ` Also: ${situation.also.join(', ')}.` : '';
  const by =
    draft.source === TEMPLATE_DRAFTER
      ? draft.fallbackReason && deps.drafter
        ? ` Drafted from the template: ${deps.drafter.name} was not used (${draft.fallbackReason}).`
        : ' Drafted from the template.'
      : ` Drafted by ${draft.source}.`;
  const view: WhisperDraftView = {
    ref: chat.ref,
    text: draft.text,
    situation: situation.kind,
    source: draft.source,
    reason: `${situation.evidence}${also}${by} Nothing is sent until you send it.`,
  };
  return { type: 'whisper-draft', draft: view };
}
