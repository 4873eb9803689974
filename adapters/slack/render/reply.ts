// Answers to the person who asked (ephemeral or via response_url): notices, lists, help, cards, transfer and confirm.
import type { ConfirmView, FileView, HelpView, ReplyView, TransferFormView } from '../../../src/core/views';
import { cancelButton, commandButton, transferOpenButton } from './actions';
import { actions, context, header, section, type Block, type Message } from './blocks';
import { renderCard } from './card';
import { renderHomeMessage } from './home';
import { renderSummary } from './summary';
import { renderListReply } from './list';
import { renderDraftMessage } from './whisper-draft';
import { BLOCK_TEXT_MAX, bold, escapeMrkdwn, fallback, packTexts } from './mrkdwn';

export {
  renderTransferModal,
  transferChoice,
  transferCommand,
  transferErrors,
  TRANSFER_ERRORS,
  type TransferChoice,
} from './transfer';

const ICONS = { success: '✅', info: 'ℹ️', error: '⚠️' } as const;

function notice(tone: keyof typeof ICONS, text: string, hint?: string): Message {
  // Backticks are kept: use cases quote commands as `code`, which Slack shows the same way.
  const blocks: Block[] = [section(`${ICONS[tone]} ${escapeMrkdwn(text)}`)];
  if (hint) blocks.push(context(escapeMrkdwn(hint)));
  return { text: fallback(`${ICONS[tone]} ${text}`), blocks };
}

function help(h: HelpView): Message {
  const entries = h.entries.map(
    (e) => `${bold(e.usage)}\n${escapeMrkdwn(e.description)}\ne.g. \`${escapeMrkdwn(e.example)}\``,
  );
  const blocks: Block[] = [header(h.title)];
  if (h.lead) blocks.push(section(escapeMrkdwn(h.lead)));
  blocks.push(...packTexts(entries, BLOCK_TEXT_MAX, '\n\n').map((t) => section(t)));
  blocks.push(context('In Slack, type each command after `/convrs`, e.g. `/convrs supervise C-1042`.'));
  return { text: fallback(h.lead ? `${h.lead} ${h.title}` : h.title), blocks };
}

/** The transfer choices as a message, for when no modal can be opened (no trigger_id at hand). */
function transferForm(f: TransferFormView): Message {
  const ref = escapeMrkdwn(f.ref);
  return {
    text: fallback(`Transfer ${f.ref}`),
    blocks: [
      section(`*Transfer ${ref}* to another agent or business unit.`),
      actions([transferOpenButton(f.ref), cancelButton(f.ref)]),
      context(`Or type \`/convrs transfer ${ref} to &lt;agent email | bu:name&gt;\``),
    ],
  };
}

function confirm(c: ConfirmView): Message {
  const verb = c.action.charAt(0).toUpperCase() + c.action.slice(1);
  return {
    text: fallback(c.question),
    blocks: [
      section(`❓ ${escapeMrkdwn(c.question)}`),
      actions([commandButton(`${verb} ${c.ref}`, `${c.action} ${c.ref} confirm`, 'danger'), cancelButton(c.ref)]),
    ],
  };
}

export function renderReply(view: ReplyView): Message {
  switch (view.type) {
    case 'notice':
      return notice(view.tone, view.text, view.hint);
    case 'list':
      return renderListReply(view.page, view.sections);
    case 'help':
      return help(view.help);
    case 'card':
      return renderCard(view.card);
    case 'transfer-form':
      return transferForm(view.form);
    case 'confirm':
      return confirm(view.confirm);
    case 'summary':
      return renderSummary(view.summary);
    case 'home':
      return renderHomeMessage(view.home);
    case 'whisper-draft':
      return renderDraftMessage(view.draft);
  }
}

/** The initial comment of an uploaded export: its name and summary. */
export const renderFileComment = (file: FileView): string => `📄 ${bold(file.name)} · ${escapeMrkdwn(file.summary)}`;
