/**
 * Events and webhooks (API.md, "Events and webhooks"): the event types, the Event envelope, the
 * endpoint and delivery records. Shared by functions/ (validation, OpenAPI) and web/ (types).
 */
import { z } from 'zod';
import { changeEventTypes, eventTypes } from './event-types';
import { line, optionalLine } from './text';

export { changeEventTypes, eventTypes } from './event-types';

export const eventType = z.enum(eventTypes);
export type EventType = z.infer<typeof eventType>;
export type ChangeEventType = (typeof changeEventTypes)[number];

/** A deletion leaves this in place of the record. */
export const tombstone = z.object({ id: z.string(), clientId: z.string().optional(), deleted: z.literal(true) });
export type Tombstone = z.infer<typeof tombstone>;

export const event = z.object({
  id: z.string().describe('A ULID; also the webhook-id header of every delivery of this event'),
  type: eventType,
  createdAt: z.string(),
  data: z.object({
    object: z.record(z.string(), z.unknown()).describe('The record as GET returns it after the change, or a tombstone'),
  }),
});
export type CarnetEvent = z.infer<typeof event>;

export const eventList = z.object({ items: z.array(event), nextCursor: z.string().nullable() });

const typeList = z
  .string()
  .max(2000)
  .transform((s) =>
    s
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
  )
  .pipe(z.array(eventType));

export const eventsQuery = z.strictObject({
  after: z.string().max(200).optional().describe('An event id, or the nextCursor of the previous page: events after it'),
  types: typeList.optional().describe('Comma-separated event types'),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

export const endpointStatus = z.enum(['enabled', 'disabled']);
/** `["*"]` or a list of event types (webhook.test is always delivered). */
export const endpointEventTypes = z
  .array(z.enum(['*', ...changeEventTypes]))
  .min(1)
  .max(changeEventTypes.length)
  .refine((types) => !types.includes('*') || types.length === 1, '"*" (every type) stands alone');

const url = line(2000).refine((v) => /^https?:\/\//i.test(v.trim()) && URL.canParse(v.trim()), 'must be an http(s) URL');

export const endpoint = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string().nullable(),
  eventTypes: z.array(z.string()),
  status: endpointStatus,
  disabledReason: z.string().nullable(),
  createdAt: z.string(),
});
export type WebhookEndpoint = z.infer<typeof endpoint>;

export const endpointWithSecret = endpoint.extend({
  secret: z.string().describe('whsec_… — shown once: keep it to verify the signatures'),
});

export const endpointCreate = z.strictObject({
  url,
  description: optionalLine(),
  eventTypes: endpointEventTypes.optional().describe('Default ["*"]: every type'),
});
export type EndpointCreate = z.infer<typeof endpointCreate>;

export const endpointPatch = z.strictObject({
  url: url.optional(),
  description: optionalLine(),
  eventTypes: endpointEventTypes.optional(),
  status: endpointStatus.optional(),
});
export type EndpointPatch = z.infer<typeof endpointPatch>;

export const endpointParams = z.object({ endpointId: z.string().min(1).max(64) });

export const deliveryStatus = z.enum(['pending', 'succeeded', 'failed']);

export const delivery = z.object({
  id: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  /** Attempts made so far. */
  attempt: z.number().int(),
  status: deliveryStatus,
  /** The HTTP status of the last attempt (null: none yet, or no answer). */
  responseStatus: z.number().int().nullable(),
  durationMs: z.number().int().nullable(),
  /** When the last attempt was made (or the delivery created, before any). */
  at: z.string(),
  nextAttemptAt: z.string().nullable(),
  /** Why the last attempt failed, in a few words. */
  error: z.string().nullable(),
});
export type WebhookDelivery = z.infer<typeof delivery>;

export const deliveryList = z.object({ items: z.array(delivery), nextCursor: z.string().nullable() });

export const deliveriesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).optional(),
  cursor: z.string().max(500).optional(),
});

export const replayRequest = z.union([
  z.strictObject({ eventId: z.string().min(1).max(64) }),
  z.strictObject({ since: z.iso.datetime({ offset: true }) }),
]);
export type ReplayRequest = z.infer<typeof replayRequest>;

export const accepted = z.object({ accepted: z.number().int().describe('How many deliveries were queued') });
