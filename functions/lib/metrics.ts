import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Per-request DynamoDB accounting: every command the document client sends is counted here
 * (see dynamo.ts), so the API can report requests and consumed capacity per call
 * (response headers `x-carnet-ddb-requests`, `x-carnet-ddb-rcu`, `x-carnet-ddb-wcu`).
 * Lookups of cached credentials and settings run outside the count (`uncounted`).
 */
export interface RequestMetrics {
  requests: number;
  readCapacity: number;
  writeCapacity: number;
  commands: string[];
}

const storage = new AsyncLocalStorage<RequestMetrics | null>();

export function newMetrics(): RequestMetrics {
  return { requests: 0, readCapacity: 0, writeCapacity: 0, commands: [] };
}

export function withMetrics<T>(metrics: RequestMetrics, fn: () => Promise<T>): Promise<T> {
  return storage.run(metrics, fn);
}

/** Runs fn with DynamoDB requests not counted (cached lookups: credentials, settings). */
export function uncounted<T>(fn: () => Promise<T>): Promise<T> {
  return storage.run(null, fn);
}

export function currentMetrics(): RequestMetrics | null | undefined {
  return storage.getStore();
}
