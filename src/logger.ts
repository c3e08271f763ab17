// The process logger: JSON lines on stderr (stdout carries data and the console's conversation).
import pino from 'pino';
import type { Config } from './config.js';

export type AppLogger = pino.Logger;

/** A pino logger writing to stderr, with secrets redacted should they ever be logged. */
export function createLogger(level: Config['logLevel']): AppLogger {
  return pino(
    {
      level,
      base: { app: 'interview-coach' },
      redact: {
        paths: ['*.token', '*.botToken', '*.appToken', '*.signingSecret', '*.apiKey', '*.password', 'config'],
        censor: '[redacted]',
      },
    },
    pino.destination({ fd: 2, sync: true }),
  );
}
