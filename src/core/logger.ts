// The logging surface the core needs; pino's logger satisfies it, tests can pass a silent one.

type LogFn = (obj: object, msg?: string) => void;

export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
