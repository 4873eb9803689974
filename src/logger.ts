// pino logger; secrets are redacted and message text is only logged at debug.
import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, name = 'convrs-supervisor'): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: [
        'token',
        '*.token',
        'headers.authorization',
        '*.headers.authorization',
        'secret',
        '*.secret',
        'password',
        '*.password',
        'text',
        '*.text',
      ],
      censor: '[redacted]',
    },
  });
}
