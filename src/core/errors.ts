// Errors carry a code, whether a retry can help, and a sentence a user can act on.

export type ErrorCode =
  | 'bad_input'
  | 'not_found'
  | 'forbidden'
  | 'unmapped_user'
  | 'conflict'
  | 'platform_refused'
  | 'platform_unavailable'
  | 'rate_limited'
  | 'reauthorize'
  | 'internal';

export class AppError extends Error {
  readonly code: ErrorCode;
  /** True when trying the same thing again later may succeed. */
  readonly retryable: boolean;
  /** What the user is told; never a stack trace or internal detail. */
  readonly userMessage: string;
  /** For `rate_limited`: how long to wait before trying again. */
  readonly retryAfterMs?: number;

  constructor(
    code: ErrorCode,
    userMessage: string,
    opts: { retryable?: boolean; retryAfterMs?: number; cause?: unknown; detail?: string } = {},
  ) {
    super(opts.detail ?? userMessage, { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.userMessage = userMessage;
    this.retryable = opts.retryable ?? (code === 'platform_unavailable' || code === 'rate_limited');
    this.retryAfterMs = opts.retryAfterMs;
  }
}

export const badInput = (msg: string) => new AppError('bad_input', msg);
export const notFound = (msg: string) => new AppError('not_found', msg);
export const forbidden = (msg: string) => new AppError('forbidden', msg);

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** The sentence to show a user for any error. */
export function userMessageOf(e: unknown): string {
  return isAppError(e) ? e.userMessage : 'Something went wrong on our side. Please try again in a minute.';
}
