// The tokenizer: quoted values, filter keys, offsets, and no failure on odd quotes.
import { tokenize } from './tokens';

describe('tokenize', () => {
  it('keeps offsets, keys and quoted values', () => {
    const [a, b, c] = tokenize('chats  BU:"Customer Support" "Ann Lee"');
    expect(a).toMatchObject({ raw: 'chats', value: 'chats', start: 0, end: 5 });
    expect(b).toMatchObject({ raw: 'BU:"Customer Support"', key: 'bu', value: 'Customer Support', unclosed: false });
    expect(c.value).toBe('Ann Lee');
    expect(c.key).toBeUndefined();
  });

  it('marks an unclosed quote instead of failing', () => {
    expect(tokenize('bu:"Sales')).toEqual([
      { raw: 'bu:"Sales', key: 'bu', value: 'Sales', start: 0, end: 9, unclosed: true },
    ]);
  });

  it('keeps quotes inside words and apostrophes', () => {
    expect(tokenize(`O'Brien say"hi"`).map((t) => t.value)).toEqual([`O'Brien`, 'say"hi"']);
  });
});
