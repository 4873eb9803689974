// Message lines in channel threads: labelled, timed, neutralised, whispers and notes marked, within Teams' message size.
import { jsonBytes, MESSAGE_TEXT_BYTES_MAX } from './activity';
import { renderLines } from './lines';
import { lineView } from './test-cards';

describe('renderLines', () => {
  it('labels the author and time, then the text, as markdown', () => {
    expect(renderLines([lineView()])).toEqual({
      text: '**Customer Jane Doe** · 09:14 UTC\n\nhello',
      textFormat: 'markdown',
    });
  });

  it('neutralises customer markdown so it cannot link, format or mention', () => {
    const { text } = renderLines([
      lineView({
        text: '[click](https://evil.test) **now** _x_ <at>Ann</at> `code` ~~no~~\n# Big\n- item\n1. first\n> quote',
      }),
    ]);
    expect(text).toBe(
      '**Customer Jane Doe** · 09:14 UTC\n\n' +
        '\\[click\\](https://evil.test) \\*\\*now\\*\\* \\_x\\_ \\<at\\>Ann\\</at\\> \\`code\\` \\~\\~no\\~\\~\n\n\\# Big\n\n\\- item\n\n1\\. first\n\n\\> quote',
    );
    expect(renderLines([lineView({ text: 'a \\*b\\* c' })]).text).toContain('a \\\\\\*b\\\\\\* c');
  });

  it('marks whispers with their author', () => {
    expect(
      renderLines([
        lineView({ role: 'whisper', label: 'Whisper from Sam Boss', text: 'offer the refund', isWhisper: true }),
      ]).text,
    ).toBe('🤫 **Whisper from Sam Boss** · 09:14 UTC\n\noffer the refund');
    expect(renderLines([lineView({ role: 'whisper', label: 'Sam Boss', text: 'x', isWhisper: true })]).text).toMatch(
      /^🤫 \*\*Whisper from Sam Boss\*\*/,
    );
  });

  it('shows notes as one italic line', () => {
    expect(
      renderLines([lineView({ role: 'system', label: 'System', text: 'Transferred to\nAnn_Lee', isNote: true })]).text,
    ).toBe('_Transferred to Ann\\_Lee_ · 09:14 UTC');
  });

  it('lists attachments as links by name, and never links other schemes', () => {
    const { text } = renderLines([
      lineView({
        text: '',
        attachments: [
          { name: 'photo (1).jpg', url: 'https://files.test/p (1).jpg' },
          { name: 'x', url: 'javascript:alert(1)' },
        ],
      }),
    ]);
    expect(text).toBe(
      '**Customer Jane Doe** · 09:14 UTC\n\n📎 [photo (1).jpg](https://files.test/p%20%281%29.jpg)\n\n📎 x (javascript:alert(1))',
    );
  });

  it('combines lines of one chat in order', () => {
    const { text } = renderLines([
      lineView({ text: 'one' }),
      lineView({ role: 'agent', label: 'Agent Ann Lee', text: 'two', at: new Date('2026-11-24T09:15:00Z') }),
    ]);
    expect(text).toBe('**Customer Jane Doe** · 09:14 UTC\n\none\n\n**Agent Ann Lee** · 09:15 UTC\n\ntwo');
  });

  it('cuts only past the Teams message limit, and says how much', () => {
    const fits = renderLines([lineView({ text: 'é'.repeat(12_000) })]);
    expect(fits.text).not.toContain('more characters');
    const { text } = renderLines(Array.from({ length: 20 }, () => lineView({ text: '😀*'.repeat(1000) })));
    expect(jsonBytes(text)).toBeLessThanOrEqual(MESSAGE_TEXT_BYTES_MAX);
    expect(text).toMatch(/\n\n_… \d+ more characters did not fit in one Teams message\._$/);
    expect(text).not.toContain('\uFFFD');
    const kept = text.slice(0, text.lastIndexOf('\n\n_…'));
    expect(/\\*$/.exec(kept)![0].length % 2).toBe(0);
  });
});
