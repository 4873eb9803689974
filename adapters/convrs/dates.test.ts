// Tests for Convrs datetime parsing and formatting.
import { formatConvrsDate, parseConvrsDate } from './dates';

describe('parseConvrsDate', () => {
  it('reads a datetime without offset as UTC', () => {
    expect(parseConvrsDate('2020-04-18T16:15:24').toISOString()).toBe('2020-04-18T16:15:24.000Z');
  });

  it('accepts fractional seconds and a trailing Z', () => {
    expect(parseConvrsDate('2020-04-18T16:15:24.123').toISOString()).toBe('2020-04-18T16:15:24.123Z');
    expect(parseConvrsDate('2020-04-18T16:15:24.5').getUTCMilliseconds()).toBe(500);
    expect(parseConvrsDate('2020-04-18T16:15:24.123456').getUTCMilliseconds()).toBe(123);
    expect(parseConvrsDate('2020-04-18T16:15:24Z').toISOString()).toBe('2020-04-18T16:15:24.000Z');
  });

  it.each([
    '',
    '2020-04-18',
    '2020-04-18 16:15:24',
    '2020-04-18T16:15:24+02:00',
    '2020-02-30T10:00:00',
    '2020-04-18T25:00:00',
    'yesterday',
  ])('rejects %j', (s) => {
    expect(() => parseConvrsDate(s)).toThrow();
  });

  it('rejects non-strings', () => {
    expect(() => parseConvrsDate(12 as unknown as string)).toThrow();
  });
});

describe('formatConvrsDate', () => {
  it('writes UTC milliseconds without offset', () => {
    expect(formatConvrsDate(new Date('2026-03-02T09:14:05.007Z'))).toBe('2026-03-02T09:14:05.007');
  });

  it('round-trips through parseConvrsDate', () => {
    const d = new Date(Date.UTC(2026, 0, 31, 23, 59, 59, 999));
    expect(parseConvrsDate(formatConvrsDate(d)).getTime()).toBe(d.getTime());
  });

  it('throws on an invalid date', () => {
    expect(() => formatConvrsDate(new Date('nope'))).toThrow('invalid date');
  });
});
