import type { CarnetEvent, EventType } from '../../shared/webhooks';
import { orgIndexPartition } from '../lib/keys';

/**
 * Webhook items (private to functions/webhooks). An organisation's endpoints share one partition
 * (one Query lists them, for the API and for the dispatcher's fan-out); each endpoint's deliveries
 * share another, sorted by ULID so the log reads newest first with one Query.
 *
 * A delivery due for an attempt carries gsi3 keys in the cross-organisation partition
 * `WEBHOOKS#DUE`, sorted by due time: the sweeper reads only what is due. It is the one key that
 * does not start with an organisation: only the sweeper reads it, never an API call. A delivery of
 * a disabled endpoint is parked in its endpoint's own gsi3 partition until the endpoint is enabled.
 */
export const endpointsPartition = (orgId: string) => orgIndexPartition(orgId, 'WEBHOOKS');
export const endpointKey = (orgId: string, endpointId: string) => ({ pk: endpointsPartition(orgId), sk: `ENDPOINT#${endpointId}` });
export const ENDPOINT_PREFIX = 'ENDPOINT#';

export const deliveriesPartition = (orgId: string, endpointId: string) => orgIndexPartition(orgId, `WEBHOOK#${endpointId}`);
export const deliveryKey = (orgId: string, endpointId: string, deliveryId: string) => ({
  pk: deliveriesPartition(orgId, endpointId),
  sk: `DELIVERY#${deliveryId}`,
});
export const DELIVERY_PREFIX = 'DELIVERY#';

export const DUE_PARTITION = 'WEBHOOKS#DUE';
export const dueSortKey = (dueAt: string, orgId: string, endpointId: string, deliveryId: string) =>
  `${dueAt}#${orgId}#${endpointId}#${deliveryId}`;
export const parkedPartition = (orgId: string, endpointId: string) => orgIndexPartition(orgId, `WEBHOOK#${endpointId}#PARKED`);

export interface EndpointSecret {
  secret: string;
  createdAt: string;
  /** Set on the previous secret at a rotation: it still signs until then. */
  retiresAt: string | null;
}

export interface EndpointItem {
  pk: string;
  sk: string;
  type: 'webhookEndpoint';
  orgId: string;
  endpointId: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  status: 'enabled' | 'disabled';
  disabledReason: string | null;
  secrets: EndpointSecret[];
  /** Since when every attempt has failed (null after a success). */
  failingSince: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface DeliveryItem {
  pk: string;
  sk: string;
  type: 'webhookDelivery';
  orgId: string;
  endpointId: string;
  deliveryId: string;
  eventId: string;
  eventType: EventType;
  /** Only for events that are not in the feed (webhook.test); others are read from the feed. */
  event?: CarnetEvent;
  /** Written by the API (test, replay): the dispatcher attempts it as soon as the stream shows it. */
  queued?: boolean;
  attempt: number;
  status: 'pending' | 'succeeded' | 'failed';
  responseStatus: number | null;
  durationMs: number | null;
  at: string;
  nextAttemptAt: string | null;
  error: string | null;
  /** Who holds the delivery for its current attempt (a random token), so two workers never both try. */
  claim?: string;
  gsi3pk?: string;
  gsi3sk?: string;
  /** TTL: the log keeps 30 days. */
  expiresAt: number;
}
