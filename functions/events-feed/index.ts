import { encodeTime, monotonicFactory } from 'ulid';
import type { CarnetEvent, ChangeEventType, EventType } from '../../shared/webhooks';
import { AppError } from '../lib/errors';
import { orgIndexPartition } from '../lib/keys';
import { getItem, query, type TransactItem } from '../lib/store';

/**
 * The events feed: one item per change, written by the module that makes the change in its own
 * transaction (`eventPart`), kept 30 days (TTL), listed oldest first with one Query, and read from
 * the table's stream by the webhook dispatcher. The keys stay here.
 *
 * All of an organisation's events share one partition sorted by ULID, so `GET /events?after=` is a
 * single Query from the cursor; an organisation of Carnet's size writes far below the 1,000 writes
 * per second a partition takes.
 */
const KEEP_SECONDS = 30 * 24 * 3600;
const ITEM_TYPE = 'feedEvent';
const SK_PREFIX = 'FEED#';

interface EventItem {
  pk: string;
  sk: string;
  type: typeof ITEM_TYPE;
  orgId: string;
  eventId: string;
  eventType: EventType;
  createdAt: string;
  object: Record<string, unknown>;
  /** TTL (epoch seconds). */
  expiresAt: number;
}

const partition = (orgId: string) => orgIndexPartition(orgId, 'EVENTS');
const eventKey = (orgId: string, eventId: string) => ({ pk: partition(orgId), sk: `${SK_PREFIX}${eventId}` });

// Monotonic within a process: two events of the same millisecond keep their order of creation.
const nextId = monotonicFactory();

/** A record, or what a deletion leaves of it. */
export type EventObject = object;

function eventItem(orgId: string, type: EventType, object: EventObject, at = new Date()): EventItem {
  const eventId = nextId(at.getTime());
  return {
    ...eventKey(orgId, eventId),
    type: ITEM_TYPE,
    orgId,
    eventId,
    eventType: type,
    createdAt: at.toISOString(),
    object: object as Record<string, unknown>,
    expiresAt: Math.floor(at.getTime() / 1000) + KEEP_SECONDS,
  };
}

/**
 * The one transaction part that records a change's event: add it to the transaction that makes
 * the change, so neither exists without the other.
 */
export function eventPart(orgId: string, type: ChangeEventType, object: EventObject): TransactItem {
  return { Put: { Item: eventItem(orgId, type, object), ConditionExpression: 'attribute_not_exists(pk)' } };
}

/** A `webhook.test` event: never stored in the feed, delivered to one endpoint only. */
export function testEvent(endpointId: string): CarnetEvent {
  const item = eventItem('-', 'webhook.test', { id: endpointId, message: 'A test event sent from Carnet' });
  return toEvent(item);
}

function toEvent(item: EventItem): CarnetEvent {
  return { id: item.eventId, type: item.eventType, createdAt: item.createdAt, data: { object: item.object } };
}

const isEventItem = (value: Record<string, unknown>): value is EventItem & Record<string, unknown> =>
  value.type === ITEM_TYPE && typeof value.eventId === 'string' && typeof value.orgId === 'string';

/** The event an item of the table's stream holds, with its organisation (or undefined: another item). */
export function eventOfItem(image: Record<string, unknown>): { orgId: string; event: CarnetEvent } | undefined {
  return isEventItem(image) ? { orgId: image.orgId, event: toEvent(image) } : undefined;
}

/** The stream filter (Lambda event source mapping) that lets only the feed's items through. */
export const streamFilterPattern = { eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: [ITEM_TYPE] } } } };

export async function getEvent(orgId: string, eventId: string): Promise<CarnetEvent | undefined> {
  const item = await getItem<EventItem>(eventKey(orgId, eventId));
  return item ? toEvent(item) : undefined;
}

const VALID_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/**
 * The organisation's events after `after` (an event id or a nextCursor: the same thing), oldest
 * first: one Query per page.
 */
export async function listEvents(
  orgId: string,
  options: { after?: string; types?: EventType[]; limit?: number },
): Promise<{ items: CarnetEvent[]; nextCursor: string | null }> {
  if (options.after !== undefined && !VALID_ID.test(options.after)) {
    throw new AppError('invalid_request', 'after must be an event id', { errors: [{ path: 'after', message: 'is not an event id' }] });
  }
  const types = options.types?.length ? [...new Set(options.types)] : undefined;
  const page = await query<EventItem>({
    KeyConditionExpression: options.after ? 'pk = :pk AND sk > :after' : 'pk = :pk AND begins_with(sk, :p)',
    ExpressionAttributeValues: {
      ':pk': partition(orgId),
      ...(options.after ? { ':after': `${SK_PREFIX}${options.after}` } : { ':p': SK_PREFIX }),
      ...(types ? Object.fromEntries(types.map((t, i) => [`:t${i}`, t])) : {}),
    },
    ...(types ? { FilterExpression: `eventType IN (${types.map((_, i) => `:t${i}`).join(', ')})` } : {}),
    Limit: options.limit ?? 50,
  });
  const last = page.lastKey?.sk;
  return {
    items: page.items.map(toEvent),
    nextCursor: typeof last === 'string' ? last.slice(SK_PREFIX.length) : null,
  };
}

/** Events created at or after `since`, oldest first (replays), at most `max`. */
export async function eventsSince(orgId: string, since: Date, max = 1000): Promise<CarnetEvent[]> {
  const from = `${SK_PREFIX}${encodeTime(since.getTime(), 10)}`;
  const events: CarnetEvent[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await query<EventItem>({
      KeyConditionExpression: 'pk = :pk AND sk >= :from',
      ExpressionAttributeValues: { ':pk': partition(orgId), ':from': from },
      ExclusiveStartKey: start,
    });
    events.push(...page.items.map(toEvent));
    start = page.lastKey;
  } while (start && events.length < max);
  return events.slice(0, max);
}
