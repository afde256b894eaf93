import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import * as wh from '../../shared/webhooks';
import { eventTypes, type EventType } from '../../shared/webhooks';
import { listEvents } from '../events-feed';
import {
  createEndpoint,
  deleteEndpoint,
  getEndpoint,
  listDeliveries,
  listEndpoints,
  replay,
  rotateSecret,
  sendTestEvent,
  updateEndpoint,
} from '../webhooks';
import { adminRoute, empty, json, jsonBody, locationOf, route, router } from './openapi';
import { Address, Client, Contact, Document, Send, withOpenApi } from './schemas';

const ID = '01JD3Z8Q2X4V6B8N0M2K4H6G8F';

const Event = withOpenApi(wh.event, 'Event', {
  description: 'A change of a record (or a webhook.test): what GET /events lists and what each webhook delivery POSTs.',
});
const EventPage = withOpenApi(wh.eventList.extend({ items: z.array(Event) }), 'EventPage', {
  description: 'Events, oldest first: pass `nextCursor` as `after` for the next page (null: nothing more yet).',
});
const Endpoint = withOpenApi(wh.endpoint, 'WebhookEndpoint', { description: 'A webhook endpoint, without its secret.' });
const EndpointList = withOpenApi(z.object({ items: z.array(Endpoint), nextCursor: z.string().nullable() }), 'WebhookEndpointList', {
  description: 'The organisation’s webhook endpoints (at most 20, one page).',
});
const EndpointWithSecret = withOpenApi(wh.endpointWithSecret, 'WebhookEndpointWithSecret', {
  description: 'The endpoint with its signing secret (`whsec_…`), shown only in this answer.',
});
const EndpointCreate = withOpenApi(wh.endpointCreate, 'WebhookEndpointCreate', {
  description: 'The URL (https, public), a description and the event types (`["*"]` by default).',
});
const EndpointPatch = withOpenApi(wh.endpointPatch, 'WebhookEndpointPatch', {
  description: 'What to change; `status: "enabled"` resumes the deliveries kept while it was disabled.',
});
const DeliveryPage = withOpenApi(
  wh.deliveryList.extend({
    items: z.array(withOpenApi(wh.delivery, 'WebhookDelivery', { description: 'One event’s delivery to the endpoint.' })),
  }),
  'WebhookDeliveryPage',
  { description: 'Deliveries, newest first: follow `nextCursor` with `?cursor=`.' },
);
const ReplayRequest = withOpenApi(wh.replayRequest, 'WebhookReplay', {
  description: 'One event (`eventId`) or every event since a time (`since`).',
});
const Accepted = withOpenApi(wh.accepted, 'Accepted', { description: 'How many deliveries were queued.' });
const endpointParams = z.object({
  endpointId: withOpenApi(wh.endpointParams.shape.endpointId, {
    param: { name: 'endpointId', in: 'path', description: 'The endpoint’s id.' },
    example: ID,
  }),
});

/** The events feed (every credential of the organisation) and the webhook endpoints (admin). */
export const webhookRoutes = router()
  .openapi(
    route({
      method: 'get',
      path: '/events',
      operationId: 'listEvents',
      tags: ['Events'],
      summary: 'List events',
      description:
        'The organisation’s events (every change of a client, address, contact, document or send), oldest first, kept 30 days; `after` is an event id or the `nextCursor` given.',
      request: { query: wh.eventsQuery },
      responses: { 200: json(EventPage, 'A page of events') },
    }),
    async (c) => c.json(await listEvents(c.get('actor').orgId, c.req.valid('query')), 200),
  )
  .openapi(
    adminRoute({
      method: 'get',
      path: '/webhook-endpoints',
      operationId: 'listWebhookEndpoints',
      tags: ['Webhooks'],
      summary: 'List webhook endpoints',
      description: 'The organisation’s webhook endpoints, without their secrets.',
      responses: { 200: json(EndpointList, 'The endpoints') },
    }),
    async (c) => c.json({ items: await listEndpoints(c.get('actor').orgId), nextCursor: null }, 200),
  )
  .openapi(
    adminRoute(
      {
        method: 'post',
        path: '/webhook-endpoints',
        operationId: 'createWebhookEndpoint',
        tags: ['Webhooks'],
        summary: 'Add a webhook endpoint',
        description: 'Adds an endpoint; the answer alone carries its signing secret (`whsec_…`).',
        request: { body: jsonBody(EndpointCreate) },
        responses: { 201: json(EndpointWithSecret, 'The endpoint, with its secret', 'Location') },
      },
      {
        409: 'The organisation has 20 endpoints already.',
        422: 'The URL is not https or resolves to a non-public address (`url_not_allowed`).',
      },
    ),
    async (c) => {
      const created = await createEndpoint(c.get('actor').orgId, c.req.valid('json'));
      c.header('Location', locationOf('webhook-endpoints', created.id));
      return c.json(created, 201);
    },
  )
  .openapi(
    adminRoute({
      method: 'get',
      path: '/webhook-endpoints/{endpointId}',
      operationId: 'getWebhookEndpoint',
      tags: ['Webhooks'],
      summary: 'Get a webhook endpoint',
      description: 'One endpoint, without its secret.',
      request: { params: endpointParams },
      responses: { 200: json(Endpoint, 'The endpoint') },
    }),
    async (c) => c.json(await getEndpoint(c.get('actor').orgId, c.req.valid('param').endpointId), 200),
  )
  .openapi(
    adminRoute(
      {
        method: 'patch',
        path: '/webhook-endpoints/{endpointId}',
        operationId: 'updateWebhookEndpoint',
        tags: ['Webhooks'],
        summary: 'Change a webhook endpoint',
        description: 'Changes the URL, description, event types or status; enabling again resumes what is pending.',
        request: { params: endpointParams, body: jsonBody(EndpointPatch) },
        responses: { 200: json(Endpoint, 'The endpoint') },
      },
      { 422: 'The URL is not https or resolves to a non-public address (`url_not_allowed`).' },
    ),
    async (c) => c.json(await updateEndpoint(c.get('actor').orgId, c.req.valid('param').endpointId, c.req.valid('json')), 200),
  )
  .openapi(
    adminRoute({
      method: 'delete',
      path: '/webhook-endpoints/{endpointId}',
      operationId: 'deleteWebhookEndpoint',
      tags: ['Webhooks'],
      summary: 'Remove a webhook endpoint',
      description: 'Removes the endpoint; nothing more is delivered to it.',
      request: { params: endpointParams },
      responses: { 204: empty('Removed') },
    }),
    async (c) => {
      await deleteEndpoint(c.get('actor').orgId, c.req.valid('param').endpointId);
      return c.body(null, 204);
    },
  )
  .openapi(
    adminRoute({
      method: 'post',
      path: '/webhook-endpoints/{endpointId}/rotate-secret',
      operationId: 'rotateWebhookSecret',
      tags: ['Webhooks'],
      summary: 'Rotate the signing secret',
      description: 'A new secret, shown once; for 24 h the previous one signs each delivery too (two signatures).',
      request: { params: endpointParams },
      responses: { 200: json(EndpointWithSecret, 'The endpoint, with its new secret') },
    }),
    async (c) => c.json(await rotateSecret(c.get('actor').orgId, c.req.valid('param').endpointId), 200),
  )
  .openapi(
    adminRoute({
      method: 'post',
      path: '/webhook-endpoints/{endpointId}/test',
      operationId: 'testWebhookEndpoint',
      tags: ['Webhooks'],
      summary: 'Send a test event',
      description: 'Delivers a `webhook.test` event to this endpoint alone.',
      request: { params: endpointParams },
      responses: { 202: json(Accepted, 'Queued') },
    }),
    async (c) => {
      await sendTestEvent(c.get('actor').orgId, c.req.valid('param').endpointId);
      return c.json({ accepted: 1 }, 202);
    },
  )
  .openapi(
    adminRoute({
      method: 'get',
      path: '/webhook-endpoints/{endpointId}/deliveries',
      operationId: 'listWebhookDeliveries',
      tags: ['Webhooks'],
      summary: 'List an endpoint’s deliveries',
      description: 'The delivery log, newest first: status, HTTP code, duration, attempts, next attempt.',
      request: { params: endpointParams, query: wh.deliveriesQuery },
      responses: { 200: json(DeliveryPage, 'A page of deliveries') },
    }),
    async (c) => c.json(await listDeliveries(c.get('actor').orgId, c.req.valid('param').endpointId, c.req.valid('query')), 200),
  )
  .openapi(
    adminRoute({
      method: 'post',
      path: '/webhook-endpoints/{endpointId}/replay',
      operationId: 'replayWebhookEvents',
      tags: ['Webhooks'],
      summary: 'Replay events',
      description: 'Delivers one event (`eventId`) or every event since a time (`since`, at most 1,000) again, with the same webhook-id.',
      request: { params: endpointParams, body: jsonBody(ReplayRequest) },
      responses: { 202: json(Accepted, 'Queued') },
    }),
    async (c) => {
      const count = await replay(c.get('actor').orgId, c.req.valid('param').endpointId, c.req.valid('json'));
      return c.json({ accepted: count }, 202);
    },
  );

/** The `webhooks` section of the OpenAPI document: what each event type POSTs to an endpoint. */
export function documentWebhooks(registry: OpenAPIHono['openAPIRegistry']): void {
  const Tombstone = withOpenApi(wh.tombstone, 'Tombstone', { description: 'What a deletion leaves of a record.' });
  const objectOf = (type: EventType): z.ZodType => {
    if (type === 'webhook.test') return z.object({ id: z.string().describe('The endpoint'), message: z.string() });
    if (type.endsWith('.deleted')) return Tombstone;
    const [kind] = type.split('.');
    return { client: Client, address: Address, contact: Contact, document: Document, send: Send }[
      kind as 'client' | 'address' | 'contact' | 'document' | 'send'
    ];
  };
  for (const type of eventTypes) {
    const payload = wh.event.extend({ type: z.literal(type), data: z.object({ object: objectOf(type) }) });
    registry.registerWebhook({
      method: 'post',
      path: type,
      operationId: `webhook${type
        .split(/[._]/)
        .map((w) => (w[0] ?? '').toUpperCase() + w.slice(1))
        .join('')}`,
      tags: ['Webhooks'],
      summary: `${type}`,
      description:
        'POSTed to every enabled endpoint subscribed to this type, per Standard Webhooks 1.0: headers `webhook-id` (the event id, the same on every retry: deduplicate by it), `webhook-timestamp` (Unix seconds) and `webhook-signature` (`v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, two separated by a space for 24 h after a rotation). Answer 2xx within 10 s; otherwise the delivery is retried (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, with jitter; `Retry-After` honoured). 410 disables the endpoint.',
      security: [],
      request: {
        headers: z.object({ 'webhook-id': z.string(), 'webhook-timestamp': z.string(), 'webhook-signature': z.string() }),
        body: { required: true, content: { 'application/json': { schema: payload } } },
      },
      responses: {
        200: { description: 'Received (any 2xx)' },
        400: { description: 'The receiver refused it (e.g. a signature that does not verify): retried' },
        410: { description: 'Gone: disables the endpoint' },
      },
    });
  }
}
