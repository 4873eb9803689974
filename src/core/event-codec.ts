// Platform events as the inbox stores them: the neutral event, parsed once at the intake (dates kept as dates).
import type { PlatformEvent } from './events';

/** Marks a stored neutral event (older rows hold the platform's raw payload). */
const VERSION = 1;

export function encodeEvent(event: PlatformEvent): string {
  return JSON.stringify({ v: VERSION, event }, function (this: Record<string, unknown>, key, value) {
    const original = this[key];
    return original instanceof Date ? { $date: original.toISOString() } : value;
  });
}

/** The stored neutral event; `legacy` reads a row accepted by a version that stored the platform's raw payload. */
export function decodeEvent(payload: string, legacy?: (raw: unknown) => PlatformEvent): PlatformEvent {
  const parsed: unknown = JSON.parse(payload, (_key, value) =>
    value &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    typeof value.$date === 'string' &&
    Object.keys(value).length === 1
      ? new Date(value.$date)
      : value,
  );
  if (isStored(parsed)) return parsed.event;
  if (!legacy) throw new Error('inbox: the row holds no stored event');
  return legacy(JSON.parse(payload));
}

function isStored(x: unknown): x is { v: number; event: PlatformEvent } {
  return (
    !!x &&
    typeof x === 'object' &&
    (x as { v?: unknown }).v === VERSION &&
    typeof (x as { event?: { type?: unknown } }).event?.type === 'string'
  );
}
