import fc from 'fast-check';
import { createRedactor, isCardNumber, luhnValid, maskCardsDeep, type PiiKind } from './redact';

const all = createRedactor({ kinds: ['card', 'iban', 'email', 'phone'], phoneRegion: 'US' });

describe('redact: what is masked', () => {
  it.each([
    ['card 4242 4242 4242 4242 please', 'card [card …4242] please'],
    ['4111-1111-1111-1111', '[card …1111]'],
    ['amex 378282246310005.', 'amex [card …0005].'],
    ['card 4242 4242 4242 4242 2026', 'card [card …4242] 2026'],
    ['my IBAN is DE89 3704 0044 0532 0130 00, thanks', 'my IBAN is [IBAN …3000], thanks'],
    ['GB82WEST12345698765432', '[IBAN …5432]'],
    ['DE89 3704 0044 0532 0130 00 OK THANKS', '[IBAN …3000] OK THANKS'],
    ['write to jo.doe+x@example.co.uk.', 'write to [email].'],
    ['call +31 6 12345678 now', 'call [phone] now'],
    ['ring 415-555-2671', 'ring [phone]'],
    ['ring 415-555-2671 at 14:02 on 2026-12-07', 'ring [phone] at 14:02 on 2026-12-07'],
  ])('%s', (input, expected) => expect(all(input)).toBe(expected));

  it('keeps what is not personal data', () => {
    for (const s of [
      'ORD-2024-118823',
      'tracking 1Z999AA10123456784',
      '€1,234.56 on 2026-12-07 at 14:02',
      'C-1001',
      '#82821',
      'order 1234567890123 (not Luhn)',
      'DE89 is not an IBAN',
      '2072-09-04 ) 11:29 at',
      '€43,111.24 2045-04-18',
      '15:24 2035-01-13 order',
    ])
      expect(all(s)).toBe(s);
  });

  it('masks only the kinds asked for and counts each', () => {
    const counted: PiiKind[] = [];
    const cardsOnly = createRedactor({ kinds: ['card'], onRedact: (k) => counted.push(k) });
    expect(cardsOnly('4242424242424242 and ann@x.test and +31 6 12345678')).toBe(
      '[card …4242] and ann@x.test and +31 6 12345678',
    );
    expect(counted).toEqual(['card']);
    expect(createRedactor({ kinds: [] })('4242424242424242')).toBe('4242424242424242');
  });

  it('Luhn and card shape', () => {
    expect(luhnValid('4242424242424242')).toBe(true);
    expect(luhnValid('4242424242424241')).toBe(false);
    expect(isCardNumber('1733560000008')).toBe(false); // a millisecond timestamp: no card network starts with 1
  });

  it('masks cards in a stored payload but not its ids', () => {
    const raw = {
      data: { mid: '4242424242424242', text: 'pay with 4242 4242 4242 4242', attachments: [{ name: 'x' }] },
    };
    expect(maskCardsDeep(raw, createRedactor({ kinds: ['card'] }))).toEqual({
      data: { mid: '4242424242424242', text: 'pay with [card …4242]', attachments: [{ name: 'x' }] },
    });
  });
});

// ---- property tests: both directions ----

const digit = fc.integer({ min: 0, max: 9 }).map(String);
/** A Luhn-valid card number of a real network's shape (first digit 2–6), 13–19 digits. */
const cardNumber = fc
  .tuple(
    fc.constantFrom('4', '51', '55', '2221', '34', '37', '36', '6011', '65', '62', '35'),
    fc.integer({ min: 13, max: 19 }),
  )
  .chain(([prefix, len]) =>
    fc
      .array(digit, { minLength: len - prefix.length - 1, maxLength: len - prefix.length - 1 })
      .map((ds) => prefix + ds.join('')),
  )
  .map((body) => {
    for (let c = 0; c <= 9; c++) if (luhnValid(body + c)) return body + c;
    throw new Error('unreachable');
  });
/** The number written with any single spaces or dashes between its digits (groups of 4, or anywhere). */
const written = cardNumber.chain((n) =>
  fc
    .oneof(
      fc.constant(n),
      fc.constantFrom(' ', '-').map((sep) => n.match(/.{1,4}/g)!.join(sep)),
      fc
        .array(fc.constantFrom('', '', '', ' ', '-'), { minLength: n.length - 1, maxLength: n.length - 1 })
        .map((seps) => [...n].map((d, i) => d + (seps[i] ?? '')).join('')),
    )
    .map((w) => ({ n, w })),
);
const word = fc.constantFrom(
  'hi',
  'my card is',
  'please charge',
  'thanks!',
  'order ORD-2024-118823',
  'on 2026-12-07',
  'at 14:02',
  '€1,234.56',
  'C-1001',
  '(',
  ')',
  ':',
  'tracking 1Z999AA10123456784',
);
const orderish = fc.oneof(
  fc
    .tuple(fc.integer({ min: 2000, max: 2099 }), fc.integer({ min: 0, max: 999999 }))
    .map(([y, n]) => `ORD-${y}-${String(n).padStart(6, '0')}`),
  fc
    .array(fc.constantFrom(...'0123456789ABCDEFGHJKLMNPRSTVWXYZ'), { minLength: 8, maxLength: 14 })
    .map((cs) => `1Z${cs.join('')}`),
  fc
    .tuple(fc.integer({ min: 0, max: 999999 }), fc.integer({ min: 0, max: 99 }))
    .map(([a, c]) => `€${a.toLocaleString('en-US')}.${String(c).padStart(2, '0')}`),
  fc
    .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  fc
    .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(11, 16)),
  fc.integer({ min: 1000, max: 99999 }).map((n) => `C-${n}`),
  fc.integer({ min: 1000, max: 999999 }).map((n) => `#${n}`),
);

describe('redact: properties', () => {
  it('no Luhn-valid card number survives, in any spacing or dash form, and its last four are kept', () => {
    fc.assert(
      fc.property(
        fc.array(word, { maxLength: 4 }),
        written,
        fc.array(word, { maxLength: 4 }),
        (before, { n, w }, after) => {
          const out = all([...before, w, ...after].join(' '));
          expect(out.replace(/[^\d]/g, '')).not.toContain(n);
          expect(out).toContain(`[card …${n.slice(-4)}]`);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('no order number, tracking code, amount, date, time or chat ref is harmed', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(orderish, word), { minLength: 1, maxLength: 6 }), (parts) => {
        const text = parts.join(' ');
        expect(all(text)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});
