import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { document, send } from '../../shared/documents';
import { address, client, contact, page } from '../../shared/schemas';
import {
  accepted,
  deliveriesQuery,
  deliveryList,
  endpoint,
  endpointCreate,
  endpointParams,
  endpointPatch,
  endpointWithSecret,
  event,
  eventsQuery,
  eventTypes,
  type EventType,
  replayRequest,
  tombstone,
} from '../../shared/webhooks';
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
import { json, jsonBody, requireAdmin, route, router } from './openapi';

const adminOnly = { 403: { description: 'Not an administrator' } };

/** The events feed (every caller of the organisation) and webhook endpoints (admin). */
export const webhookRoutes = router()
  .openapi(
    route({
      method: 'get',
      path: '/events',
      summary: 'The organisation’s events, oldest first, kept 30 days; after= an event id or the nextCursor given',
      request: { query: eventsQuery },
      responses: { 200: json(page(event), 'A page of events') },
    }),
    async (c) => c.json(await listEvents(c.get('actor').orgId, c.req.valid('query')), 200),
  )
  .openapi(
    route({
      method: 'get',
      path: '/webhook-endpoints',
      summary: 'The organisation’s webhook endpoints (admin)',
      responses: { 200: json(page(endpoint), 'The endpoints (one page)'), ...adminOnly },
    }),
    async (c) => {
      const actor = c.get('actor');
      requireAdmin(actor);
      return c.json({ items: await listEndpoints(actor.orgId), nextCursor: null }, 200);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/webhook-endpoints',
      summary: 'Adds an endpoint; the answer alone carries its secret (whsec_…) (admin)',
      request: { body: jsonBody(endpointCreate) },
      responses: { 201: json(endpointWithSecret, 'The endpoint, with its secret'), ...adminOnly },
    }),
    async (c) => {
      const actor = c.get('actor');
      requireAdmin(actor);
      const created = await createEndpoint(actor.orgId, c.req.valid('json'));
      c.header('Location', `/api/v1/webhook-endpoints/${created.id}`);
      return c.json(created, 201);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/webhook-endpoints/{endpointId}',
      summary: 'One endpoint (admin)',
      request: { params: endpointParams },
      responses: { 200: json(endpoint, 'The endpoint'), ...adminOnly },
    }),
    async (c) => {
      const actor = c.get('actor');
      requireAdmin(actor);
      return c.json(await getEndpoint(actor.orgId, c.req.valid('param').endpointId), 200);
    },
  )
  .openapi(
    route({
      method: 'patch',
      path: '/webhook-endpoints/{endpointId}',
      summary: 'Changes the URL, description, event types or status; enabling again resumes what is pending (admin)',
      request: { params: endpointParams, body: jsonBody(endpointPatch) },
      responses: { 200: json(endpoint, 'The endpoint'), ...adminOnly },
    }),
    async (c) => {
      const actor = c.get('actor');
      requireAdmin(actor);
      return c.json(await updateEndpoint(actor.orgId, c.req.valid('param').endpointId, c.req.valid('json')), 200);
    },
  )
  .openapi(
    route({
      method: 'delete',
      path: '/webhook-endpoints/{endpointId}',
      summary: 'Removes an endpoint (admin)',
      request: { params: endpointParams },
      responses: { 204: { description: 'Removed' }, ...adminOnly },
    }),
    async (c) => {
      const actor = c.get('actor');
      requireAdmin(actor);
      await deleteEndpoint(actor.orgId, c.req.valid('param').endpointId);
      return c.body(null, 204);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/webhook-endpoints/{endpointId}/rotate-secret',
      summary: 'A new secret (shown once); for 24 h the previous one signs each delivery too (admin)',
      request: { params: endpointParams },
      responses: { 200: json(endpointWithSecret, 'The endpoint, with its new secret'), ...adminOnly },
    }),
    async (c) => {
      const actor = c.get('actor');
      requireAdmin(actor);
      return c.json(await rotateSecret(actor.orgId, c.req.valid('param').endpointId), 200);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/webhook-endpoints/{endpointId}/test',
      summary: 'Sends a webhook.test event to this endpoint (admin)',
      request: { params: endpointParams },
      responses: { 202: json(accepted, 'Queued'), ...adminOnly },
    }),
    async (c) => {
      const actor = c.get('actor');
      requireAdmin(actor);
      await sendTestEvent(actor.orgId, c.req.valid('param').endpointId);
      return c.json({ accepted: 1 }, 202);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/webhook-endpoints/{endpointId}/deliveries',
      summary: 'The endpoint’s deliveries, newest first (admin)',
      request: { params: endpointParams, query: deliveriesQuery },
      responses: { 200: json(deliveryList, 'A page of deliveries'), ...adminOnly },
    }),
    async (c) => {
      const actor = c.get('actor');
      requireAdmin(actor);
      return c.json(await listDeliveries(actor.orgId, c.req.valid('param').endpointId, c.req.valid('query')), 200);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/webhook-endpoints/{endpointId}/replay',
      summary: 'Delivers one event ({eventId}) or every event since a time ({since}) again (admin)',
      request: { params: endpointParams, body: jsonBody(replayRequest) },
      responses: { 202: json(accepted, 'Queued'), ...adminOnly },
    }),
    async (c) => {
      const actor = c.get('actor');
      requireAdmin(actor);
      const count = await replay(actor.orgId, c.req.valid('param').endpointId, c.req.valid('json'));
      return c.json({ accepted: count }, 202);
    },
  );

/** The `webhooks` section of the OpenAPI document: what each event type POSTs to an endpoint. */
export function documentWebhooks(registry: OpenAPIHono['openAPIRegistry']): void {
  const objectOf = (type: EventType): z.ZodType => {
    if (type === 'webhook.test') return z.object({ id: z.string().describe('The endpoint'), message: z.string() });
    if (type.endsWith('.deleted')) return tombstone;
    const [kind] = type.split('.');
    return { client, address, contact, document, send }[kind as 'client' | 'address' | 'contact' | 'document' | 'send'];
  };
  for (const type of eventTypes) {
    const payload = event.extend({ type: z.literal(type), data: z.object({ object: objectOf(type) }) });
    registry.registerWebhook({
      method: 'post',
      path: type,
      summary: `${type}: POSTed to every endpoint subscribed to it`,
      description:
        'Standard Webhooks 1.0: headers webhook-id (the event id, the same on every retry: deduplicate by it), webhook-timestamp (Unix seconds) and webhook-signature (v1,<base64 HMAC-SHA256 of "id.timestamp.body">, several separated by spaces during a rotation). Answer 2xx within 10 s; otherwise the delivery is retried (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, with jitter; Retry-After honoured). 410 disables the endpoint.',
      request: {
        headers: z.object({ 'webhook-id': z.string(), 'webhook-timestamp': z.string(), 'webhook-signature': z.string() }),
        body: { required: true, content: { 'application/json': { schema: payload } } },
      },
      responses: { 200: { description: 'Received (any 2xx)' }, 410: { description: 'Gone: disables the endpoint' } },
    });
  }
}
