import { createHash } from 'node:crypto';
import { AppError, unprocessable } from '../lib/errors';
import { orgPartition } from '../lib/keys';
import { getItem, type Item, type Key, type TransactItem } from '../lib/store';

/**
 * `Idempotency-Key` with Stripe's semantics, for any POST. Keys are scoped to the credential that
 * used them (a user or an API key of the organisation). The first request with a key claims a
 * record in the same transaction as its own first write (so two racing requests cannot both pass),
 * holding a fingerprint of the request and a reference to what it creates; its last write stores
 * the answer. A later request with the key: same fingerprint → the stored answer again (or, while
 * there is none, the caller reads the current state of what the reference names); another
 * fingerprint → 422. Records expire after 24 h (TTL `expiresAt`; the claim also treats an expired
 * record as absent, since TTL deletion may lag).
 */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

export interface IdempotencyScope {
  orgId: string;
  /** `user:<userId>` or `apikey:<keyId>`. */
  credential: string;
  key: string;
}

export const credentialOf = (actor: { userId: string | null; apiKeyId: string | null }) =>
  actor.apiKeyId ? `apikey:${actor.apiKeyId}` : `user:${actor.userId ?? 'unknown'}`;

interface IdempotencyItem<A> {
  pk: string;
  sk: string;
  type: 'idempotency';
  fingerprint: string;
  state: 'running' | 'done';
  createdAt: string;
  expiresAt: number;
  /** What the first request creates (its ids), so a retry can read its current state. */
  resource: Record<string, string>;
  answer?: A;
}

const recordKey = (scope: IdempotencyScope): Key => ({ pk: orgPartition(scope.orgId), sk: `IDEMPOTENCY#${scope.credential}#${scope.key}` });
/** The record's key, opaque, for a BatchGet that reads it with the request's other records. */
export const idempotencyRecordKey = recordKey;

/** Canonical JSON (sorted keys), so the same body in another key order has the same fingerprint. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export function fingerprintOf(request: unknown): string {
  return createHash('sha256').update(canonical(request)).digest('hex');
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The record's Put for the request's first transaction. */
export function claimPart(scope: IdempotencyScope, fingerprint: string, at: string, resource: Record<string, string>): TransactItem {
  const item: IdempotencyItem<never> = {
    ...recordKey(scope),
    type: 'idempotency',
    fingerprint,
    state: 'running',
    createdAt: at,
    expiresAt: nowSeconds() + IDEMPOTENCY_TTL_SECONDS,
    resource,
  };
  return {
    Put: {
      Item: item,
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
      ExpressionAttributeValues: { ':now': nowSeconds() },
    },
  };
}

/** The record's Update once the answer is known, for the request's last transaction. */
export function completePart<A>(scope: IdempotencyScope, answer: A): TransactItem {
  return {
    Update: {
      Key: recordKey(scope),
      UpdateExpression: 'SET #state = :done, answer = :answer',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':done': 'done', ':answer': answer },
    },
  };
}

/** What an earlier request with the key means for this one. */
export type Earlier<A> = { kind: 'answered'; answer: A } | { kind: 'unanswered'; resource: Record<string, string>; startedAt: string };

function earlierOf<A>(record: IdempotencyItem<A> | undefined, fingerprint: string): Earlier<A> | undefined {
  if (record?.type !== 'idempotency' || record.expiresAt < nowSeconds()) return undefined;
  if (record.fingerprint !== fingerprint) {
    throw unprocessable('idempotency_key_reused', 'This Idempotency-Key was used for another request; use a new key for a new request', [
      { path: 'Idempotency-Key', message: 'was used for another request' },
    ]);
  }
  if (record.state === 'done' && record.answer !== undefined) return { kind: 'answered', answer: record.answer };
  return { kind: 'unanswered', resource: record.resource ?? {}, startedAt: record.createdAt };
}

/** The earlier request found among records read in a BatchGet, if any (422 if it was another request). */
export function earlierFromRecords<A>(items: Item[], scope: IdempotencyScope, fingerprint: string): Earlier<A> | undefined {
  const key = recordKey(scope);
  const found = items.find((i) => i.pk === key.pk && i.sk === key.sk) as IdempotencyItem<A> | undefined;
  return earlierOf(found, fingerprint);
}

/** Reads the record again (after a claim lost its race). */
export async function readEarlier<A>(scope: IdempotencyScope, fingerprint: string): Promise<Earlier<A> | undefined> {
  return earlierOf(await getItem<IdempotencyItem<A>>(recordKey(scope)), fingerprint);
}

export const stillRunning = () => new AppError('conflict', 'A request with this Idempotency-Key is still running; retry in a moment');

/** Thrown by a transaction whose claim failed: another request holds the key. */
export class KeyTaken extends Error {
  constructor() {
    super('idempotency key taken');
  }
}
