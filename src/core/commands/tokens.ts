// Splits command text into words that remember where they were, so free text can be taken verbatim.

export interface Token {
  /** The word as typed, quotes included. */
  raw: string;
  /** Lower-cased filter key when the word is `key:value` (e.g. `bu`), else undefined. */
  key?: string;
  /** The value: the part after `key:` for filters, else the whole word; quotes removed. */
  value: string;
  /** Offsets of `raw` in the text. */
  start: number;
  end: number;
  /** A quote was opened and never closed. */
  unclosed: boolean;
}

// Slack, Teams and macOS turn typed quotes into typographic ones, so accept both.
const CLOSING: Record<string, string> = { '"': '"', '“': '”', '„': '“', '”': '”' };
const KEY = /^([a-z][a-z_-]*):/i;

/** Never throws: the grammar decides whether an unclosed quote matters (it does not in a whisper). */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (i >= text.length) break;
    const start = i;
    let value = '';
    let unclosed = false;
    while (i < text.length && !/\s/.test(text[i])) {
      const close = CLOSING[text[i]];
      const atValueStart = i === start || text[i - 1] === ':';
      if (close && atValueStart) {
        const end = text.indexOf(close, i + 1);
        if (end < 0) {
          value += text.slice(i + 1);
          unclosed = true;
          i = text.length;
        } else {
          value += text.slice(i + 1, end);
          i = end + 1;
        }
      } else {
        value += text[i++];
      }
    }
    const raw = text.slice(start, i);
    const key = KEY.exec(raw);
    tokens.push(
      key
        ? { raw, key: key[1].toLowerCase(), value: value.slice(key[0].length), start, end: i, unclosed }
        : { raw, value, start, end: i, unclosed },
    );
  }
  return tokens;
}
