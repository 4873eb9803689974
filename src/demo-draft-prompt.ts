// The terminal demo's editable draft: a suggested whisper lands on a prompt of its own ("✎ whisper C-1003 › <draft>"),
// Enter sends the edited text as `whisper <chat> <text>`, an empty line drops it. A command typed after the draft
// (the supervisor did not notice the line was taken) is never sent as part of the whisper: nothing is sent, and they
// are told so.
import { parseCommand } from './core/commands/grammar';

export const PROMPT = '› ';

export interface Draft {
  ref: string;
  text: string;
  /** A line refused once as "a command after the draft": Enter on it unchanged sends it after all. */
  refused?: string;
}

export type DraftOutcome = { run: string } | { say: string; /** Put the draft back on the line. */ again?: Draft };

/** `whisper C-1003 <text>` (what the surface pre-fills) → the draft; null for anything else. */
export function draftOf(line: string): Draft | null {
  const m = /^whisper\s+(\S+)\s+([\s\S]+)$/.exec(line.trim());
  return m ? { ref: m[1]!, text: m[2]!.trim() } : null;
}

export const draftPrompt = (d: Draft): string => `✎ whisper ${d.ref} (Enter sends, empty line drops it) ${PROMPT}`;

/** What the line typed on a draft's prompt does. */
export function onDraftLine(d: Draft, raw: string): DraftOutcome {
  const text = raw.trim();
  if (!text) return { say: `Draft for ${d.ref} dropped; nothing was sent.` };
  if (text.startsWith(d.text) && text !== d.refused) {
    const after = text.slice(d.text.length).trim();
    if (after && looksLikeCommand(after))
      return {
        say:
          `Nothing was sent: "${after}" was typed after the draft and looks like a command. ` +
          `The line is back: press Enter to send it as it is, edit it, or clear it (Ctrl-U) and press Enter to drop the draft.`,
        again: { ...d, refused: text },
      };
  }
  return { run: `whisper ${d.ref} ${text}` };
}

function looksLikeCommand(text: string): boolean {
  try {
    return parseCommand(text).name !== 'unknown';
  } catch {
    return true; // a command word with arguments the grammar refuses
  }
}
