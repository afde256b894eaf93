import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Structured JSON logs (Powertools Logger): one line per entry with level, message, timestamp and
 * service; inside a Lambda invocation (see `instrumented()` in monitoring.ts) also `cold_start`,
 * `function_name` and `function_request_id`; inside an API request `request_id` (the answer's
 * X-Request-Id) and, once the caller is known, `organization_id`.
 *
 * The level is LOG_LEVEL's (`debug`, `info`, `warn`, `error`, `silent`; info by default), read at
 * each entry: `silent` in the tests, and a bench or a test may raise it for a moment. Powertools
 * itself lets everything through, as its own level would be reset at each invocation.
 * POWERTOOLS_DEV=true (set by `npm start`) indents each entry for reading in a terminal.
 */
export const powertoolsLogger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME || 'carnet', logLevel: 'DEBUG' });

export interface RequestLogKeys {
  request_id?: string;
  organization_id?: string;
}

/**
 * Per-request keys live in an AsyncLocalStorage, not in the Logger's own keys: the local server
 * (and a Lambda with concurrent invocations) runs several requests at once, and they must not mix.
 */
const requestKeys = new AsyncLocalStorage<RequestLogKeys>();

/** Runs `fn` with `keys` added to every log line written inside it. */
export function withLogKeys<T>(keys: RequestLogKeys, fn: () => T): T {
  return requestKeys.run({ ...keys }, fn);
}

/** Adds keys to the current request's log lines (e.g. the organisation, once authenticated). */
export function appendLogKeys(keys: RequestLogKeys): void {
  const store = requestKeys.getStore();
  if (store) Object.assign(store, keys);
}

type Fields = Record<string, unknown>;
type Level = 'debug' | 'info' | 'warn' | 'error';

const ORDER: Record<string, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: Number.POSITIVE_INFINITY };
const threshold = (): number => ORDER[(process.env.LOG_LEVEL || 'info').toLowerCase()] ?? 20;

const write =
  (level: Level) =>
  (message: string, fields?: Fields): void => {
    if ((ORDER[level] ?? 0) < threshold()) return;
    powertoolsLogger[level](message, { ...requestKeys.getStore(), ...fields });
  };

export const logger = {
  debug: write('debug'),
  info: write('info'),
  warn: write('warn'),
  error: write('error'),
};
