// Masks personal data in text before it leaves for a surface (SPEC §3.11 REDACT_PII): card numbers, IBANs, e-mail
// addresses, phone numbers. Pure; numbers that are not personal data (orders, tracking codes, amounts, dates) stay.
import { isValidIBAN } from 'ibantools';
import { findNumbers, type CountryCode } from 'libphonenumber-js';

export type PiiKind = 'card' | 'iban' | 'email' | 'phone';
export const PII_KINDS: readonly PiiKind[] = ['card', 'iban', 'email', 'phone'];

export interface RedactOptions {
  kinds: readonly PiiKind[];
  /** Region whose national phone formats are recognised too (ISO 3166 alpha-2); international "+…" numbers always are. */
  phoneRegion?: string | null;
  /** Called once per masked occurrence (the pii_redactions_total metric). */
  onRedact?: (kind: PiiKind) => void;
}

export type Redact = (text: string) => string;

// Digits in runs separated by single spaces or dashes; not glued to letters or to a code ("ORD-2024-…", "+44 …").
const DIGIT_RUN = /(?<![\p{L}\p{N}_+.,/]|[\p{L}\p{N}]-)\d(?:[ \u00a0-]?\d)*(?![\p{L}\p{N}_]|-[\p{L}\p{N}]|[.,/]\d)/gu;
// A date written between spaces ("2026-12-07 2026-12-08") is a date, not four groups of a card number.
const ISO_DATE = /((?:^|(?<= ))(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?= |$))/;
const IBAN_CANDIDATE = /(?<![\p{L}\p{N}])[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11,30}(?![\p{L}\p{N}])/gu;
const EMAIL =
  /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}(?![\p{L}\p{N}])/gu;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** 13–19 digits, Luhn-valid, and a card network's first digit (2 Mastercard, 3 Amex/Diners/JCB, 4 Visa, 5, 6). */
export function isCardNumber(digits: string): boolean {
  return /^[2-6]\d{12,18}$/.test(digits) && luhnValid(digits);
}

export const maskCard = (digits: string) => `[card …${digits.slice(-4)}]`;
export const maskIban = (iban: string) => `[IBAN …${iban.replace(/ /g, '').slice(-4)}]`;

/** A run of digit groups: the whole run when it is a card, else the card-shaped windows of whole groups in it. */
function maskCardsInRun(run: string, count: () => void): string {
  const whole = run.replace(/[^\d]/g, '');
  if (isCardNumber(whole)) return (count(), maskCard(whole));
  const groups = run.split(/([ \u00a0-])/);
  const tokens = groups.filter((_, i) => i % 2 === 0);
  for (let start = 0; start < tokens.length; start++) {
    for (let end = tokens.length; end > start; end--) {
      const digits = tokens.slice(start, end).join('');
      if (digits.length < 13 || digits.length > 19 || !isCardNumber(digits)) continue;
      const before = groups.slice(0, start * 2).join('');
      const after = groups.slice(end * 2 - 1).join('');
      count();
      return before + maskCard(digits) + maskCardsInRun(after, count);
    }
  }
  return run;
}

/** The longest valid IBAN at the start of a candidate (which may have run on into an upper-case word: "… 00 OK"). */
function maskIbanIn(candidate: string, count: () => void): string {
  for (let end = candidate.length; end > 0; end = candidate.lastIndexOf(' ', end - 1)) {
    const iban = candidate.slice(0, end);
    if (isValidIBAN(iban.replace(/ /g, ''))) return (count(), maskIban(iban) + candidate.slice(end));
  }
  return candidate;
}

export function createRedactor(o: RedactOptions): Redact {
  const on = new Set(o.kinds);
  const hit = (k: PiiKind) => () => o.onRedact?.(k);
  const region = (o.phoneRegion || undefined) as CountryCode | undefined;
  return (text) => {
    if (!text || on.size === 0) return text;
    let out = text;
    if (on.has('iban')) out = out.replace(IBAN_CANDIDATE, (m) => maskIbanIn(m, hit('iban')));
    if (on.has('email')) out = out.replace(EMAIL, () => (hit('email')(), '[email]'));
    if (on.has('card'))
      out = out.replace(DIGIT_RUN, (m) =>
        m
          .split(ISO_DATE)
          .map((part, i) => (i % 2 ? part : maskCardsInRun(part, hit('card'))))
          .join(''),
      );
    if (on.has('phone')) out = maskPhones(out, region, hit('phone'));
    return out;
  };
}

function maskPhones(text: string, region: CountryCode | undefined, count: () => void): string {
  if (!/\d{2}/.test(text.replace(/[ ()-]/g, ''))) return text;
  const found = findNumbers(text, { v2: true, ...(region ? { defaultCountry: region } : {}) });
  let out = '';
  let at = 0;
  for (const m of found) {
    // A number glued to a code ("ORD-2024-118823", "C-1001") is an identifier, not a phone.
    // Nor is one running on from or into a time, an amount or a date ("€43,111.24", "18:24", "2072-09-04 ) 11:29").
    if (
      /[\p{L}\p{N}_]-?$/u.test(text.slice(Math.max(0, m.startsAt - 2), m.startsAt)) ||
      /^-?[\p{L}\p{N}_]/u.test(text.slice(m.endsAt, m.endsAt + 2)) ||
      /\d[.:,]$/.test(text.slice(Math.max(0, m.startsAt - 2), m.startsAt)) ||
      /^[.:,]\d/.test(text.slice(m.endsAt, m.endsAt + 2)) ||
      /(?<!\d)\d{4}-\d\d-\d\d(?!\d)/.test(text.slice(m.startsAt, m.endsAt))
    )
      continue;
    out += text.slice(at, m.startsAt) + '[phone]';
    at = m.endsAt;
    count();
  }
  return out + text.slice(at);
}

/**
 * A received payload as it may be stored (the inbox): `r` applied to every string in it except ids (keys ending in
 * "id"), so a card number typed by a customer is never written down in full.
 */
export function maskCardsDeep(value: unknown, r: Redact, key = ''): unknown {
  if (typeof value === 'string') return /id$/i.test(key) ? value : r(value);
  if (Array.isArray(value)) return value.map((v) => maskCardsDeep(v, r));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskCardsDeep(v, r, k)]));
  return value;
}
