import { randomBytes } from 'node:crypto';
import { ulid } from 'ulid';
import type { EndpointCreate, EndpointPatch, ReplayRequest, WebhookDelivery, WebhookEndpoint } from '../../shared/webhooks';
import { eventsSince, getEvent, testEvent } from '../events-feed';
import { webhookConfig } from '../lib/config';
import { AppError, notFound, unprocessable } from '../lib/errors';
import { decodeCursor, deleteItem, encodeCursor, getItem, isConditionFailure, now, putItem, query, updateItem } from '../lib/store';
import { endpointsOf, queueDelivery, resumeParked } from './delivery';
import { DELIVERY_PREFIX, deliveriesPartition, endpointKey, type DeliveryItem, type EndpointItem } from './item';
import { checkTarget, TargetRefused } from './target';

/**
 * Webhook endpoints of an organisation (admin only, checked by the routes): their secrets, the
 * test event, the delivery log and replays. Delivery itself is in ./delivery.ts.
 */
export {
  type EndpointsCache,
  dispatchEvents,
  attemptQueued,
  sweepDueDeliveries,
  queuedDeliveryOfItem,
  queuedStreamFilterPattern,
} from './delivery';

/** Previous secrets keep signing this long after a rotation. */
const ROTATION_OVERLAP_MS = 24 * 3600 * 1000;
const MAX_ENDPOINTS = 20;
const MAX_REPLAY = 1000;

/** `whsec_` + base64 of 32 random bytes (the Standard Webhooks format). */
const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

function toEndpoint(item: EndpointItem): WebhookEndpoint {
  return {
    id: item.endpointId,
    url: item.url,
    description: item.description,
    eventTypes: item.eventTypes,
    status: item.status,
    disabledReason: item.disabledReason,
    createdAt: item.createdAt,
  };
}

async function assertAllowedUrl(url: string): Promise<void> {
  try {
    await checkTarget(url, { allowLoopbackHttp: webhookConfig().allowLoopbackHttp });
  } catch (error) {
    if (error instanceof TargetRefused) {
      throw unprocessable('url_not_allowed', error.message, [{ path: 'url', message: error.message }]);
    }
    throw error;
  }
}

async function endpointItem(orgId: string, endpointId: string): Promise<EndpointItem> {
  const item = await getItem<EndpointItem>(endpointKey(orgId, endpointId));
  if (!item) throw notFound('Webhook endpoint');
  return item;
}

export async function listEndpoints(orgId: string): Promise<WebhookEndpoint[]> {
  const items = await endpointsOf(orgId);
  return items.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map(toEndpoint);
}

export async function getEndpoint(orgId: string, endpointId: string): Promise<WebhookEndpoint> {
  return toEndpoint(await endpointItem(orgId, endpointId));
}

export async function createEndpoint(orgId: string, input: EndpointCreate): Promise<WebhookEndpoint & { secret: string }> {
  const url = input.url.trim();
  await assertAllowedUrl(url);
  if ((await endpointsOf(orgId)).length >= MAX_ENDPOINTS) {
    throw new AppError('conflict', `An organisation has at most ${MAX_ENDPOINTS} webhook endpoints`);
  }
  const at = now();
  const secret = newSecret();
  const endpointId = ulid();
  const item: EndpointItem = {
    ...endpointKey(orgId, endpointId),
    type: 'webhookEndpoint',
    orgId,
    endpointId,
    url,
    description: input.description?.trim() || null,
    eventTypes: input.eventTypes ? [...new Set<string>(input.eventTypes)] : ['*'],
    status: 'enabled',
    disabledReason: null,
    secrets: [{ secret, createdAt: at, retiresAt: null }],
    failingSince: null,
    createdAt: at,
    updatedAt: at,
  };
  await putItem(item, { expression: 'attribute_not_exists(pk)' });
  return { ...toEndpoint(item), secret };
}

/**
 * Sets only the attributes the patch names (the dispatcher writes `failingSince` and may disable
 * the endpoint meanwhile: nothing it wrote is written back). Enabling again clears the reason and
 * the failure streak, and resumes the deliveries parked while it was disabled.
 */
export async function updateEndpoint(orgId: string, endpointId: string, patch: EndpointPatch): Promise<WebhookEndpoint> {
  const current = await endpointItem(orgId, endpointId);
  if (patch.url !== undefined) await assertAllowedUrl(patch.url.trim());
  const enabling = patch.status === 'enabled' && current.status !== 'enabled';
  const changes: Partial<EndpointItem> = {
    ...(patch.url !== undefined ? { url: patch.url.trim() } : {}),
    ...(patch.description !== undefined ? { description: patch.description?.trim() || null } : {}),
    ...(patch.eventTypes !== undefined ? { eventTypes: [...new Set<string>(patch.eventTypes)] } : {}),
    ...(patch.status === 'disabled' && current.status !== 'disabled'
      ? { status: 'disabled' as const, disabledReason: 'Disabled by an administrator' }
      : {}),
    ...(enabling ? { status: 'enabled' as const, disabledReason: null, failingSince: null } : {}),
    updatedAt: now(),
  };
  const entries = Object.entries(changes);
  const out = await updateItem({
    Key: endpointKey(orgId, endpointId),
    UpdateExpression: `SET ${entries.map((_, i) => `#a${i} = :v${i}`).join(', ')}`,
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeNames: Object.fromEntries(entries.map(([name], i) => [`#a${i}`, name])),
    ExpressionAttributeValues: Object.fromEntries(entries.map(([, value], i) => [`:v${i}`, value])),
    ReturnValues: 'ALL_NEW',
  }).catch((error) => {
    if (isConditionFailure(error)) throw notFound('Webhook endpoint');
    throw error;
  });
  if (enabling) await resumeParked(orgId, endpointId);
  return toEndpoint({ ...current, ...changes, ...(out.Attributes as Partial<EndpointItem> | undefined) });
}

export async function deleteEndpoint(orgId: string, endpointId: string): Promise<void> {
  await endpointItem(orgId, endpointId);
  // Its deliveries expire with the log (TTL); pending ones fail at their next attempt.
  await deleteItem(endpointKey(orgId, endpointId));
}

/** A new secret; the previous ones keep signing for 24 h (both signatures on each delivery). */
export async function rotateSecret(orgId: string, endpointId: string): Promise<WebhookEndpoint & { secret: string }> {
  const current = await endpointItem(orgId, endpointId);
  const at = Date.now();
  const retiresAt = new Date(at + ROTATION_OVERLAP_MS).toISOString();
  const secret = newSecret();
  const kept = current.secrets
    .filter((s) => !s.retiresAt || Date.parse(s.retiresAt) > at)
    .map((s) => ({ ...s, retiresAt: s.retiresAt ?? retiresAt }));
  const secrets = [{ secret, createdAt: new Date(at).toISOString(), retiresAt: null }, ...kept];
  await updateItem({
    Key: endpointKey(orgId, endpointId),
    UpdateExpression: 'SET secrets = :s, updatedAt = :u',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':s': secrets, ':u': new Date(at).toISOString() },
  });
  return { ...toEndpoint(current), secret };
}

/** Queues a `webhook.test` event to this endpoint alone. */
export async function sendTestEvent(orgId: string, endpointId: string): Promise<string> {
  const endpoint = await endpointItem(orgId, endpointId);
  const event = testEvent(endpointId);
  await queueDelivery(endpoint, event, true);
  return event.id;
}

/** Queues the event named, or every event since a time (that the endpoint subscribes to), again. */
export async function replay(orgId: string, endpointId: string, request: ReplayRequest): Promise<number> {
  const endpoint = await endpointItem(orgId, endpointId);
  const events =
    'eventId' in request
      ? await getEvent(orgId, request.eventId).then((e) => {
          if (!e) throw notFound('Event');
          return [e];
        })
      : (await eventsSince(orgId, new Date(request.since), MAX_REPLAY)).filter(
          (e) => endpoint.eventTypes.includes('*') || endpoint.eventTypes.includes(e.type),
        );
  for (const event of events) await queueDelivery(endpoint, event, false);
  return events.length;
}

function toDelivery(item: DeliveryItem): WebhookDelivery {
  return {
    id: item.deliveryId,
    eventId: item.eventId,
    eventType: item.eventType,
    attempt: item.attempt,
    status: item.status,
    responseStatus: item.responseStatus,
    durationMs: item.durationMs,
    at: item.at,
    nextAttemptAt: item.nextAttemptAt,
    error: item.error,
  };
}

const isCursor = (v: unknown): v is { d: string } => typeof (v as { d?: unknown })?.d === 'string';

/** The endpoint's delivery log, newest first: one Query per page. */
export async function listDeliveries(
  orgId: string,
  endpointId: string,
  options: { limit?: number; cursor?: string },
): Promise<{ items: WebhookDelivery[]; nextCursor: string | null }> {
  await endpointItem(orgId, endpointId);
  const cursor = decodeCursor(options.cursor, isCursor);
  const pk = deliveriesPartition(orgId, endpointId);
  const page = await query<DeliveryItem>({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    ExpressionAttributeValues: { ':pk': pk, ':p': DELIVERY_PREFIX },
    ScanIndexForward: false,
    Limit: options.limit ?? 50,
    ...(cursor ? { ExclusiveStartKey: { pk, sk: `${DELIVERY_PREFIX}${cursor.d}` } } : {}),
  });
  const last = page.lastKey?.sk;
  return {
    items: page.items.map(toDelivery),
    nextCursor: typeof last === 'string' ? encodeCursor({ d: last.slice(DELIVERY_PREFIX.length) }) : null,
  };
}
