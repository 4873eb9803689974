// Answers to the person who asked: notices as text; lists, help, cards, transfer and confirmation as cards; file links.
import type { ConfirmView, FileView, HelpView, ReplyView } from '../../../src/core/views';
import { cancelSubmit, commandSubmit } from './actions';
import { jsonBytes, MESSAGE_TEXT_BYTES_MAX } from './activity';
import { adaptiveCard, heading, subtle, textBlock, type AdaptiveCard, type CardElement } from './adaptive';
import { renderChatCard } from './card';
import { renderHome } from './home';
import { renderSummary } from './summary';
import { renderListPage } from './list';
import { bold, escapeMarkdown, escapeOutsideCode, link, truncate } from './markdown';
import { renderTransferForm } from './transfer';
import { renderWhisperDraft } from './whisper-draft';

const ICONS = { success: '✅', info: 'ℹ️', error: '⚠️' } as const;

/**
 * A notice is a plain markdown message; use cases quote commands as `code`, which Teams shows the same way. Notices
 * are short; one that is not (an error quoting a huge input) is cut before it is escaped, so no escape is split.
 */
function notice(tone: keyof typeof ICONS, text: string, hint?: string): string {
  const render = (max: number) => {
    const lead = `${ICONS[tone]} ${escapeOutsideCode(truncate(text, max))}`;
    return hint ? `${lead}\n\n${escapeOutsideCode(truncate(hint, max))}` : lead;
  };
  let max = Math.max(text.length, hint?.length ?? 0);
  while (jsonBytes(render(max)) > MESSAGE_TEXT_BYTES_MAX) max = Math.floor(max / 2);
  return render(max);
}

function help(h: HelpView): AdaptiveCard {
  const body: CardElement[] = [heading(escapeMarkdown(h.title))];
  // The lead quotes the word typed as `code` ("I don't know the command `frobnicate`.").
  if (h.lead) body.push(textBlock(escapeOutsideCode(h.lead)));
  for (const e of h.entries) {
    body.push(
      textBlock(bold(e.usage), { spacing: 'Medium' }),
      textBlock(escapeMarkdown(e.description), { spacing: 'None' }),
      subtle(`e.g. ${escapeMarkdown(e.example)}`),
    );
  }
  body.push(
    subtle('Type a command to me here; in a channel, @mention me first, e.g. @Convrs Supervisor supervise C-1042.'),
  );
  return adaptiveCard(body, [], h.lead ? `${h.lead} ${h.title}` : h.title);
}

function confirm(c: ConfirmView): AdaptiveCard {
  const verb = c.action.charAt(0).toUpperCase() + c.action.slice(1);
  const yes = commandSubmit(
    `${verb} ${c.ref}`,
    { action: c.action, chat: c.ref, command: `${c.action} ${c.ref} confirm` },
    'destructive',
  );
  return adaptiveCard([textBlock(`❓ ${escapeMarkdown(c.question)}`)], [yes, cancelSubmit(c.ref)], c.question);
}

export function renderReply(view: ReplyView): { text?: string; card?: AdaptiveCard } {
  switch (view.type) {
    case 'notice':
      return { text: notice(view.tone, view.text, view.hint) };
    case 'list':
      return { card: renderListPage(view.page, view.sections) };
    case 'help':
      return { card: help(view.help) };
    case 'card':
      return { card: renderChatCard(view.card) };
    case 'transfer-form':
      return { card: renderTransferForm(view.form) };
    case 'confirm':
      return { card: confirm(view.confirm) };
    case 'summary':
      return { card: renderSummary(view.summary) };
    case 'home':
      return { card: renderHome(view.home) };
    case 'whisper-draft':
      return { card: renderWhisperDraft(view.draft) };
  }
}

/** An export delivered as a short-lived signed link (bots cannot upload files into channels). */
export function renderFileNotice(file: FileView, url: string, expiresInMinutes: number): string {
  return `📄 ${bold(file.name)} · ${escapeMarkdown(file.summary)}\n\n${link(url, `Download ${file.name}`)} (link expires in ${expiresInMinutes} minutes)`;
}
