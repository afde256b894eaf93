import { createHash } from 'node:crypto';
import type { Send } from '../../shared/documents';
import { AppError, unprocessable } from '../lib/errors';
import { orgPartition } from '../lib/keys';
import type { Key, TransactItem } from '../lib/store';

/**
 * `Idempotency-Key` with Stripe's semantics, per organisation: the first request with a key writes
 * a record (in the same transaction as its send, so two racing requests cannot both pass), keyed by
 * the key and holding a fingerprint of the request. A later request with the key and the same
 * fingerprint gets the first answer again and sends nothing; another fingerprint answers 422; while
 * the first is still running, 409. Records expire after 24 h (TTL `expiresAt`; the condition also
 * treats an expired record as absent, since TTL deletion may lag).
 */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

export type StoredAnswer = { outcome: 'sent'; send: Send } | { outcome: 'failed'; detail: string };

export interface IdempotencyItem {
  pk: string;
  sk: string;
  type: 'idempotency';
  fingerprint: string;
  state: 'running' | 'done';
  createdAt: string;
  expiresAt: number;
  answer?: StoredAnswer;
}

export const idempotencyKey = (orgId: string, key: string): Key => ({ pk: orgPartition(orgId), sk: `IDEMPOTENCY#${key}` });

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

/** The record's Put for the send's first transaction. */
export function claim(key: Key, fingerprint: string, at: string): TransactItem {
  const item: IdempotencyItem = {
    ...key,
    type: 'idempotency',
    fingerprint,
    state: 'running',
    createdAt: at,
    expiresAt: nowSeconds() + IDEMPOTENCY_TTL_SECONDS,
  };
  return {
    Put: {
      Item: item,
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
      ExpressionAttributeValues: { ':now': nowSeconds() },
    },
  };
}

/** The record's Update once the answer is known, for the send's second transaction. */
export function complete(key: Key, answer: StoredAnswer): TransactItem {
  return {
    Update: {
      Key: key,
      UpdateExpression: 'SET #state = :done, answer = :answer',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':done': 'done', ':answer': answer },
    },
  };
}

/** What an existing, unexpired record means for a new request: its stored answer, or an error. */
export function answerFromRecord(record: IdempotencyItem, fingerprint: string): StoredAnswer | undefined {
  if (record.expiresAt < nowSeconds()) return undefined;
  if (record.fingerprint !== fingerprint) {
    throw unprocessable('idempotency_key_reused', 'This Idempotency-Key was used for another request; use a new key for a new send', [
      { path: 'Idempotency-Key', message: 'was used for another request' },
    ]);
  }
  if (record.state !== 'done' || !record.answer) {
    throw new AppError('conflict', 'A request with this Idempotency-Key is still running; retry in a moment');
  }
  return record.answer;
}
