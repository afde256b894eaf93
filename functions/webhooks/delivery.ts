// Long because one delivery attempt is one story — sign, post to the checked address, read the answer, decide the next try, record it — kept readable top to bottom; to split into signing and scheduling next.
import { randomBytes } from 'node:crypto';
import { ulid } from 'ulid';
import { Webhook } from 'standardwebhooks';
import type { CarnetEvent } from '../../shared/webhooks';
import { getEvent } from '../events-feed';
import { webhookConfig } from '../lib/config';
import { logger } from '../lib/logger';
import { count, metricNames } from '../lib/monitoring';
import { getItem, isConditionFailure, now, putItem, query, updateItem } from '../lib/store';
import {
  deliveryKey,
  DUE_PARTITION,
  dueSortKey,
  endpointKey,
  endpointsPartition,
  parkedPartition,
  type DeliveryItem,
  type EndpointItem,
} from './item';
import { checkTarget, post, TargetRefused, type PostResult } from './target';

/**
 * Delivering events to endpoints (Standard Webhooks 1.0): the fan-out of new events, one attempt,
 * its outcome (success, retry on the schedule, give up, disable), and the sweep of due retries.
 * Every delivery is an item; whoever attempts it first claims it with a conditional write, so the
 * stream dispatcher and the sweeper never both try the same attempt, and a worker that dies
 * mid-attempt leaves a delivery that becomes due again after the lease.
 */
const TIMEOUT_MS = 10_000;
/** A claimed delivery is due again after this (longer than one attempt may take). */
const LEASE_MS = 60_000;
/** An endpoint whose every attempt failed for this long is disabled. */
export const DISABLE_AFTER_MS = 5 * 24 * 3600 * 1000;
const KEEP_SECONDS = 30 * 24 * 3600;
/** At most this many attempts in flight in one worker. */
const PARALLEL = 16;

const iso = (ms: number) => new Date(ms).toISOString();
const ttl = (ms: number) => Math.floor(ms / 1000) + KEEP_SECONDS;
const claimToken = () => randomBytes(9).toString('base64url');

export const matches = (endpoint: Pick<EndpointItem, 'eventTypes'>, type: string) =>
  type === 'webhook.test' || endpoint.eventTypes.includes('*') || endpoint.eventTypes.includes(type);

/** The secrets that sign now: the current one, and the previous one for 24 h after a rotation. */
export function signingSecrets(endpoint: Pick<EndpointItem, 'secrets'>, at = Date.now()): string[] {
  return endpoint.secrets.filter((s) => !s.retiresAt || Date.parse(s.retiresAt) > at).map((s) => s.secret);
}

/** The three Standard Webhooks headers; several signatures, space-separated, during a rotation. */
export function signedHeaders(secrets: string[], event: CarnetEvent, body: string, at = new Date()): Record<string, string> {
  const timestamp = new Date(Math.floor(at.getTime() / 1000) * 1000);
  return {
    'content-type': 'application/json',
    'webhook-id': event.id,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': secrets.map((s) => new Webhook(s).sign(event.id, timestamp, body)).join(' '),
  };
}

/** Seconds to wait before try number `attempt + 1`, or null when the schedule is exhausted. */
export function nextDelaySeconds(attempt: number, retryAfter: number | null, schedule = webhookConfig().retrySchedule): number | null {
  const base = schedule[attempt - 1];
  if (base === undefined) return null;
  // ±20 % jitter so that a receiver coming back is not hit by every retry at the same second.
  const jittered = base * (0.8 + Math.random() * 0.4);
  // The receiver's Retry-After wins when it asks for longer (capped at the schedule's longest wait).
  const asked = retryAfter === null ? 0 : Math.min(retryAfter, Math.max(...schedule));
  return Math.max(jittered, asked);
}

export type Outcome =
  | { kind: 'succeeded' }
  | { kind: 'retry'; dueMs: number }
  | { kind: 'failed'; disable: string | null }
  | { kind: 'park' };

/** What follows from try number `attempt`'s answer (exported for its table-driven test). */
export function decide(
  result: Pick<PostResult, 'status' | 'retryAfterSeconds'>,
  attempt: number,
  endpoint: Pick<EndpointItem, 'failingSince'>,
  at: number,
  schedule = webhookConfig().retrySchedule,
): Outcome {
  if (result.status !== null && result.status >= 200 && result.status < 300) return { kind: 'succeeded' };
  if (result.status === 410) return { kind: 'failed', disable: 'The endpoint answered 410 Gone' };
  const failingSince = endpoint.failingSince ? Date.parse(endpoint.failingSince) : at;
  if (at - failingSince >= DISABLE_AFTER_MS) return { kind: 'failed', disable: 'Every delivery failed for 5 days' };
  const delay = nextDelaySeconds(attempt, result.retryAfterSeconds, schedule);
  return delay === null ? { kind: 'failed', disable: null } : { kind: 'retry', dueMs: at + delay * 1000 };
}

interface Tried {
  number: number;
  result: PostResult;
  outcome: Outcome;
  at: number;
  error: string | null;
}

/** One POST of the event to the endpoint (after the SSRF check), and what follows from its answer. */
async function tryOnce(endpoint: EndpointItem, event: CarnetEvent, previousAttempts: number): Promise<Tried> {
  const number = previousAttempts + 1;
  const body = JSON.stringify(event);
  let result: PostResult;
  try {
    const target = await checkTarget(endpoint.url, { allowLoopbackHttp: webhookConfig().allowLoopbackHttp });
    result = await post(target, signedHeaders(signingSecrets(endpoint), event, body), body, TIMEOUT_MS);
  } catch (error) {
    if (!(error instanceof TargetRefused)) throw error;
    result = { status: null, durationMs: 0, retryAfterSeconds: null, error: error.message };
  }
  const at = Date.now();
  const outcome = decide(result, number, endpoint, at);
  const error = result.error ?? (outcome.kind === 'succeeded' ? null : `HTTP ${result.status}`);
  if (outcome.kind !== 'succeeded') {
    count(metricNames.webhookFailures);
    logger.warn('webhook delivery failed', {
      orgId: endpoint.orgId,
      endpointId: endpoint.endpointId,
      eventId: event.id,
      attempt: number,
      responseStatus: result.status,
      error,
      outcome: outcome.kind,
    });
  }
  return { number, result, outcome, at, error };
}

/** The delivery's fields after a try (the due-index keys when a retry is scheduled). */
function afterTry(tried: Tried, delivery: Pick<DeliveryItem, 'orgId' | 'endpointId' | 'deliveryId'>) {
  const { outcome, result, at } = tried;
  const retryAt = outcome.kind === 'retry' ? iso(outcome.dueMs) : null;
  return {
    fields: {
      attempt: tried.number,
      status: (outcome.kind === 'retry' ? 'pending' : outcome.kind === 'succeeded' ? 'succeeded' : 'failed') as DeliveryItem['status'],
      responseStatus: result.status,
      durationMs: result.durationMs,
      at: iso(at),
      nextAttemptAt: retryAt,
      error: tried.error,
      expiresAt: ttl(at),
    },
    due: retryAt
      ? { gsi3pk: DUE_PARTITION, gsi3sk: dueSortKey(retryAt, delivery.orgId, delivery.endpointId, delivery.deliveryId) }
      : undefined,
  };
}

/** A retry of a claimed delivery, its outcome written to the delivery (if still ours) and the endpoint. */
async function attempt(endpoint: EndpointItem, delivery: DeliveryItem, event: CarnetEvent, claim: string): Promise<void> {
  const tried = await tryOnce(endpoint, event, delivery.attempt);
  const { fields, due } = afterTry(tried, delivery);
  const values: Record<string, unknown> = {
    ':claim': claim,
    ':a': fields.attempt,
    ':s': fields.status,
    ':rs': fields.responseStatus,
    ':d': fields.durationMs,
    ':at': fields.at,
    ':n': fields.nextAttemptAt,
    ':e': fields.error,
    ':x': fields.expiresAt,
    ...(due ? { ':due': due.gsi3pk, ':dsk': due.gsi3sk } : {}),
  };
  const set =
    'SET attempt = :a, #status = :s, responseStatus = :rs, durationMs = :d, #at = :at, nextAttemptAt = :n, #error = :e, expiresAt = :x';
  try {
    await updateItem({
      Key: deliveryKey(delivery.orgId, delivery.endpointId, delivery.deliveryId),
      UpdateExpression: due ? `${set}, gsi3pk = :due, gsi3sk = :dsk REMOVE claim` : `${set} REMOVE claim, gsi3pk, gsi3sk`,
      ConditionExpression: 'claim = :claim',
      ExpressionAttributeNames: { '#status': 'status', '#at': 'at', '#error': 'error' },
      ExpressionAttributeValues: values,
    });
  } catch (e) {
    // Our lease ran out and another worker holds it now: its outcome will be written instead.
    if (!isConditionFailure(e)) throw e;
  }
  await recordEndpointOutcome(endpoint, tried.outcome, tried.at);
}

async function recordEndpointOutcome(endpoint: EndpointItem, outcome: Outcome, at: number): Promise<void> {
  const key = endpointKey(endpoint.orgId, endpoint.endpointId);
  try {
    if (outcome.kind === 'succeeded') {
      if (!endpoint.failingSince) return;
      await updateItem({
        Key: key,
        UpdateExpression: 'SET failingSince = :null',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':null': null },
      });
      endpoint.failingSince = null;
    } else if (outcome.kind === 'failed' && outcome.disable) {
      await updateItem({
        Key: key,
        UpdateExpression: 'SET #status = :d, disabledReason = :r, updatedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':d': 'disabled', ':r': outcome.disable, ':at': iso(at) },
      });
      endpoint.status = 'disabled';
      logger.warn('webhook endpoint disabled', { orgId: endpoint.orgId, endpointId: endpoint.endpointId, reason: outcome.disable });
    } else if (!endpoint.failingSince) {
      await updateItem({
        Key: key,
        UpdateExpression: 'SET failingSince = :at',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(failingSince) OR failingSince = :null)',
        ExpressionAttributeValues: { ':at': iso(at), ':null': null },
      });
      endpoint.failingSince = iso(at);
    }
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
  }
}

async function inParallel<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const errors: unknown[] = [];
  const worker = async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      await work(next).catch((e) => errors.push(e));
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, worker));
  if (errors.length) throw errors[0];
}

export async function endpointsOf(orgId: string): Promise<EndpointItem[]> {
  const items: EndpointItem[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await query<EndpointItem>({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': endpointsPartition(orgId) },
      ExclusiveStartKey: start,
    });
    items.push(...page.items);
    start = page.lastKey;
  } while (start);
  return items;
}

/** A new delivery item before any attempt: queued (due now) or parked (its endpoint is disabled). */
export function newDelivery(
  endpoint: EndpointItem,
  event: CarnetEvent,
  options: { deliveryId: string; mode: 'queued' | 'parked'; keepEvent?: boolean },
): DeliveryItem {
  const at = Date.now();
  const { orgId, endpointId } = endpoint;
  const { deliveryId } = options;
  const due = at;
  return {
    ...deliveryKey(orgId, endpointId, deliveryId),
    type: 'webhookDelivery',
    orgId,
    endpointId,
    deliveryId,
    eventId: event.id,
    eventType: event.type,
    ...(options.keepEvent ? { event } : {}),
    ...(options.mode === 'queued' ? { queued: true } : {}),
    attempt: 0,
    status: 'pending',
    responseStatus: null,
    durationMs: null,
    at: iso(at),
    nextAttemptAt: options.mode === 'parked' ? null : iso(due),
    error: null,
    ...(options.mode === 'parked'
      ? { gsi3pk: parkedPartition(orgId, endpointId), gsi3sk: deliveryId }
      : { gsi3pk: DUE_PARTITION, gsi3sk: dueSortKey(iso(due), orgId, endpointId, deliveryId) }),
    expiresAt: ttl(at),
  };
}

/** An organisation's endpoints, read once per batch of the stream. */
export type EndpointsCache = Map<string, Promise<EndpointItem[]>>;

/**
 * The fan-out of new events (from the table's stream): for each event and each matching endpoint
 * of its organisation, a first attempt at once, then ONE write: the delivery with its outcome (and
 * its retry time when it failed). The stream is the durable queue of first attempts: if this
 * throws, the record is retried. A record seen twice may post twice (receivers deduplicate by
 * webhook-id) but writes one delivery.
 */
export async function dispatchEvents(events: { orgId: string; event: CarnetEvent }[], cache: EndpointsCache = new Map()): Promise<void> {
  const work: { endpoint: EndpointItem; event: CarnetEvent }[] = [];
  for (const { orgId, event } of events) {
    if (!cache.has(orgId)) cache.set(orgId, endpointsOf(orgId));
    const endpoints = (await cache.get(orgId)) ?? [];
    for (const endpoint of endpoints) {
      // An endpoint receives the changes made after it was added (a late stream record is not one).
      if (matches(endpoint, event.type) && event.createdAt >= endpoint.createdAt) work.push({ endpoint, event });
    }
  }
  await inParallel(work, async ({ endpoint, event }) => {
    const base = newDelivery(endpoint, event, { deliveryId: event.id, mode: 'parked' });
    if (endpoint.status !== 'enabled') {
      await putItem(base, { expression: 'attribute_not_exists(pk)' }).catch((e) => {
        if (!isConditionFailure(e)) throw e;
      });
      return;
    }
    const tried = await tryOnce(endpoint, event, 0);
    const { fields, due } = afterTry(tried, base);
    const { gsi3pk: _pk, gsi3sk: _sk, ...rest } = base;
    try {
      await putItem({ ...rest, ...fields, ...due }, { expression: 'attribute_not_exists(pk)' });
    } catch (e) {
      // Seen before (a retried stream record): the first outcome stands.
      if (isConditionFailure(e)) return;
      throw e;
    }
    await recordEndpointOutcome(endpoint, tried.outcome, tried.at);
  });
}

/** Claims a due delivery (whose gsi3 sort key is still `dueSortKey`): the token, or null if someone else has it. */
async function claimDue(delivery: DeliveryItem): Promise<string | null> {
  const claim = claimToken();
  const lease = iso(Date.now() + LEASE_MS);
  try {
    await updateItem({
      Key: deliveryKey(delivery.orgId, delivery.endpointId, delivery.deliveryId),
      UpdateExpression: 'SET claim = :c, gsi3sk = :lease',
      ConditionExpression: 'gsi3pk = :due AND gsi3sk = :sk',
      ExpressionAttributeValues: {
        ':c': claim,
        ':due': DUE_PARTITION,
        ':sk': delivery.gsi3sk,
        ':lease': dueSortKey(lease, delivery.orgId, delivery.endpointId, delivery.deliveryId),
      },
    });
    return claim;
  } catch (e) {
    if (isConditionFailure(e)) return null;
    throw e;
  }
}

async function settleWithout(delivery: DeliveryItem, claim: string, change: 'park' | 'failed', reason: string | null) {
  const values: Record<string, unknown> = { ':c': claim };
  let update: string;
  if (change === 'park') {
    values[':pk'] = parkedPartition(delivery.orgId, delivery.endpointId);
    values[':sk'] = delivery.deliveryId;
    values[':null'] = null;
    update = 'SET gsi3pk = :pk, gsi3sk = :sk, nextAttemptAt = :null REMOVE claim';
  } else {
    values[':s'] = 'failed';
    values[':e'] = reason;
    values[':null'] = null;
    update = 'SET #status = :s, #error = :e, nextAttemptAt = :null REMOVE claim, gsi3pk, gsi3sk';
  }
  try {
    await updateItem({
      Key: deliveryKey(delivery.orgId, delivery.endpointId, delivery.deliveryId),
      UpdateExpression: update,
      ConditionExpression: 'claim = :c',
      ...(change === 'failed' ? { ExpressionAttributeNames: { '#status': 'status', '#error': 'error' } } : {}),
      ExpressionAttributeValues: values,
    });
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
  }
}

/** Attempts one delivery that is due (found by the sweep, or queued by the API), if it can claim it. */
async function attemptDue(delivery: DeliveryItem, endpoints: Map<string, EndpointItem | undefined>): Promise<void> {
  const claim = await claimDue(delivery);
  if (!claim) return;
  const endpointId = `${delivery.orgId}/${delivery.endpointId}`;
  if (!endpoints.has(endpointId)) endpoints.set(endpointId, await getItem<EndpointItem>(endpointKey(delivery.orgId, delivery.endpointId)));
  const endpoint = endpoints.get(endpointId);
  if (!endpoint) return settleWithout(delivery, claim, 'failed', 'The endpoint was deleted');
  if (endpoint.status !== 'enabled') return settleWithout(delivery, claim, 'park', null);
  const event = delivery.event ?? (await getEvent(delivery.orgId, delivery.eventId));
  if (!event) return settleWithout(delivery, claim, 'failed', 'The event is older than 30 days');
  await attempt(endpoint, delivery, event, claim);
}

/** Deliveries the API queued (test, replay): attempted as soon as the stream shows them. */
export async function attemptQueued(deliveries: DeliveryItem[]): Promise<void> {
  const endpoints = new Map<string, EndpointItem | undefined>();
  await inParallel(deliveries, (d) => attemptDue(d, endpoints));
}

/**
 * The sweep: attempts every delivery whose time has come (retries, queued ones the stream missed,
 * claims whose worker died). Returns how many it found due. Stops taking new pages after `budgetMs`.
 */
export async function sweepDueDeliveries(budgetMs = 45_000): Promise<number> {
  const started = Date.now();
  const endpoints = new Map<string, EndpointItem | undefined>();
  let found = 0;
  let start: Record<string, unknown> | undefined;
  do {
    // '$' sorts right after '#': every key due at or before now.
    const page = await query<DeliveryItem>({
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk < :bound',
      ExpressionAttributeValues: { ':pk': DUE_PARTITION, ':bound': `${now()}$` },
      Limit: 100,
      ExclusiveStartKey: start,
    });
    found += page.items.length;
    await inParallel(page.items, (d) => attemptDue(d, endpoints));
    start = page.lastKey;
  } while (start && Date.now() - started < budgetMs);
  return found;
}

/** Moves an endpoint's parked deliveries back to due (it was enabled again). */
export async function resumeParked(orgId: string, endpointId: string): Promise<number> {
  const parked: DeliveryItem[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await query<DeliveryItem>({
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :pk',
      ExpressionAttributeValues: { ':pk': parkedPartition(orgId, endpointId) },
      ExclusiveStartKey: start,
    });
    parked.push(...page.items);
    start = page.lastKey;
  } while (start);
  const at = now();
  for (const d of parked) {
    try {
      await updateItem({
        Key: deliveryKey(orgId, endpointId, d.deliveryId),
        UpdateExpression: 'SET gsi3pk = :due, gsi3sk = :sk, nextAttemptAt = :at',
        ConditionExpression: 'gsi3pk = :parked',
        ExpressionAttributeValues: {
          ':due': DUE_PARTITION,
          ':sk': dueSortKey(at, orgId, endpointId, d.deliveryId),
          ':at': at,
          ':parked': parkedPartition(orgId, endpointId),
        },
      });
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
    }
  }
  return parked.length;
}

/** A delivery the API queues (test event, replay): the stream hands it to the dispatcher at once. */
export async function queueDelivery(endpoint: EndpointItem, event: CarnetEvent, keepEvent: boolean): Promise<void> {
  const delivery = newDelivery(endpoint, event, {
    deliveryId: ulid(),
    mode: endpoint.status === 'enabled' ? 'queued' : 'parked',
    keepEvent,
  });
  await putItem(delivery);
}

const isDelivery = (value: Record<string, unknown>): value is DeliveryItem & Record<string, unknown> =>
  value.type === 'webhookDelivery' && value.queued === true && typeof value.deliveryId === 'string';

/** A queued delivery in an item of the table's stream (or undefined). */
export function queuedDeliveryOfItem(image: Record<string, unknown>): DeliveryItem | undefined {
  return isDelivery(image) ? image : undefined;
}

/** The stream filter for queued deliveries (beside the feed's). */
export const queuedStreamFilterPattern = {
  eventName: ['INSERT'],
  dynamodb: { NewImage: { type: { S: ['webhookDelivery'] }, queued: { BOOL: [true] } } },
};
