import { logger } from './logger';
import { uncounted } from './metrics';
import { updateItem } from './store';

/**
 * Request budgets per minute (API.md, rate limits): one per organisation, one per anonymous
 * source address. A fixed one-minute window per key.
 *
 * Lambda runs one request per instance at a time, so a count kept only in memory would let a
 * flood through (every concurrent request lands on another instance). With `shared`, each instance
 * adds its count to one DynamoDB item per key and minute (`ADD`, expiring by TTL) and learns the
 * total from the answer — at most about one write per second per instance and key (or sooner when
 * the local share nears the budget), so the cost stays a fraction of the requests and is nothing
 * when idle. Without `shared` (the local stack: one process) the count is this process's. A failed
 * write never refuses a request: the budget is a protection, not a dependency.
 * docs/decisions.md ("Rate limits") says why this and not WAF or usage plans.
 */
export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets (Retry-After, RateLimit-Reset). */
  resetSeconds: number;
}

interface Window {
  start: number;
  /** The total the shared counter last reported (this instance's earlier adds included). */
  known: number;
  /** Counted here, not yet added to the shared counter. */
  pending: number;
  syncedAt: number;
  /** A write under way: concurrent requests do not start another. */
  syncing: boolean;
}

const WINDOW_MS = 60_000;
const SYNC_MS = 1_000;
const MAX_KEYS = 10_000;

export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly options: { shared: boolean; now?: () => number }) {}

  private now() {
    return this.options.now?.() ?? Date.now();
  }

  /** Counts one request against `key` and says whether it fits in `limit` per minute. */
  async take(key: string, limit: number): Promise<RateDecision> {
    const now = this.now();
    const start = now - (now % WINDOW_MS);
    let w = this.windows.get(key);
    if (!w || w.start !== start) {
      w = { start, known: 0, pending: 0, syncedAt: 0, syncing: false };
      // Bounded: the oldest keys go first (Map keeps insertion order).
      if (this.windows.size >= MAX_KEYS) this.windows.delete(this.windows.keys().next().value as string);
    }
    this.windows.delete(key);
    this.windows.set(key, w);
    const resetSeconds = Math.max(1, Math.ceil((start + WINDOW_MS - now) / 1000));
    const decision = (used: number): RateDecision => ({
      allowed: used <= limit,
      limit,
      remaining: Math.max(0, limit - used),
      resetSeconds,
    });
    // Over the budget already: refused without counting or writing anything.
    if (w.known + w.pending >= limit) return decision(w.known + w.pending + 1);
    w.pending++;
    const nearLimit = w.pending >= Math.max(1, Math.floor((limit - w.known) / 10));
    if (this.options.shared && !w.syncing && (now - w.syncedAt >= SYNC_MS || nearLimit)) await this.sync(key, w, now);
    return decision(w.known + w.pending);
  }

  private async sync(key: string, w: Window, now: number) {
    const adding = w.pending;
    w.syncing = true;
    try {
      const out = await uncounted(() =>
        updateItem({
          Key: { pk: `RATE#${key}`, sk: `W#${w.start}` },
          UpdateExpression: 'ADD #n :n SET expiresAt = if_not_exists(expiresAt, :exp)',
          ExpressionAttributeNames: { '#n': 'count' },
          ExpressionAttributeValues: { ':n': adding, ':exp': Math.ceil((w.start + 2 * WINDOW_MS) / 1000) },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      w.known = Number(out.Attributes?.count ?? w.known + adding);
      w.pending -= adding;
      w.syncedAt = now;
    } catch (error) {
      w.syncedAt = now;
      logger.warn('rate limit counter not updated', { error: String(error) });
    } finally {
      w.syncing = false;
    }
  }

  /** Tests: forget every window. */
  clear() {
    this.windows.clear();
  }
}
