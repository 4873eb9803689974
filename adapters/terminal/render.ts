// The terminal renderer: every neutral view model as plain text (optionally coloured), one function per view.
import type { FileView, ReplyView, WhisperDraftView } from '../../src/core/views';
import { renderCard } from './render-card';
import { renderHome } from './render-home';
import { renderSummary } from './render-summary';
import { renderHelp, renderListPage, renderTransferForm } from './render-list';
import { PLAIN, paint, type RenderOptions } from './render-style';

export { renderAlert, renderCard, renderLines } from './render-card';
export { renderHelp, renderListPage, renderTable, renderTransferForm } from './render-list';
export type { RenderOptions } from './render-style';

/** The command that sends a draft as it stands: one line, so Enter sends all of it. */
export const draftCommandLine = (d: WhisperDraftView): string =>
  `whisper ${d.ref} ${d.text.replace(/\s+/g, ' ').trim()}`;

const ICONS = { success: '✅', info: 'ℹ️', error: '⚠️' } as const;

export function renderReply(view: ReplyView, o: RenderOptions = PLAIN): string {
  switch (view.type) {
    case 'notice': {
      const text = `${ICONS[view.tone]} ${view.tone === 'error' ? paint(o, 'red', view.text) : view.text}`;
      return view.hint ? `${text}\n   ${paint(o, 'dim', view.hint)}` : text;
    }
    case 'list':
      return [view.page, ...(view.sections ?? [])].map((p) => renderListPage(p, o)).join('\n\n');
    case 'help':
      return renderHelp(view.help, o);
    case 'card':
      return renderCard(view.card, o);
    case 'transfer-form':
      return renderTransferForm(view.form, o);
    case 'confirm':
      // A terminal reply cannot wait for "yes", so the confirmation is a command of its own.
      return `❓ ${view.confirm.question}\n   Confirm with: ${paint(o, 'cyan', `${view.confirm.action} ${view.confirm.ref} confirm`)}`;
    case 'summary':
      return renderSummary(view.summary, o);
    case 'home':
      return renderHome(view.home, o);
    case 'whisper-draft':
      return [
        `💡 Suggested whisper for ${paint(o, 'bold', view.draft.ref)} (${view.draft.situation})`,
        `   ${paint(o, 'dim', view.draft.reason)}`,
        `   At a keyboard it is on the prompt: edit it, Enter sends it, an empty line drops it. Or send it as:`,
        `   ${paint(o, 'cyan', draftCommandLine(view.draft))}`,
      ].join('\n');
  }
}

export function renderFileNotice(file: FileView, path: string, o: RenderOptions = PLAIN): string {
  return `📄 ${paint(o, 'bold', file.name)} (${file.summary}) saved to ${path}`;
}
