// Convrs datetimes: UTC ISO 8601 without offset ("2020-04-18T16:15:24"), parsed and written as UTC.

const CONVRS_DATE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z?$/;

/** Parses a Convrs datetime as UTC; throws on anything else (an offset, a bare date, 2020-02-30). */
export function parseConvrsDate(s: string): Date {
  const m = typeof s === 'string' ? CONVRS_DATE.exec(s) : null;
  if (!m) throw new Error(`not a Convrs datetime: ${JSON.stringify(s)} (expected e.g. 2020-04-18T16:15:24)`);
  const [y, mo, d, h, mi, sec] = m.slice(1, 7).map(Number);
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, sec, ms));
  // Date.UTC silently rolls over (Feb 30 → Mar 2), so check the fields survived.
  if (
    date.getUTCFullYear() !== y ||
    date.getUTCMonth() !== mo - 1 ||
    date.getUTCDate() !== d ||
    date.getUTCHours() !== h ||
    date.getUTCMinutes() !== mi ||
    date.getUTCSeconds() !== sec
  ) {
    throw new Error(`not a valid date: ${JSON.stringify(s)}`);
  }
  return date;
}

/** "YYYY-MM-DDTHH:mm:ss.SSS" in UTC, without offset, as Convrs expects. */
export function formatConvrsDate(d: Date): string {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new Error('formatConvrsDate: invalid date');
  return d.toISOString().slice(0, 23);
}
