import { client, clientCreate, clientPatch, listQuery, overview, page } from '../../shared/schemas';
import { createClient, deleteClient, getClient, getOverview, listClients, updateClient } from '../clients';
import { parseIfMatch } from '../lib/store';
import { json, jsonBody, params, route, router } from './openapi';

const etag = (version: number) => `"${version}"`;

export const clientRoutes = router()
  .openapi(
    route({
      method: 'get',
      path: '/clients',
      summary: 'Clients sorted by name; q matches the start of the name or reference, ignoring case and accents',
      request: { query: listQuery },
      responses: { 200: json(page(client), 'A page of clients') },
    }),
    async (c) => c.json(await listClients(c.get('actor').orgId, c.req.valid('query')), 200),
  )
  .openapi(
    route({
      method: 'post',
      path: '/clients',
      summary: 'Creates a client with its main contact',
      request: { body: jsonBody(clientCreate) },
      responses: { 201: json(client, 'The client') },
    }),
    async (c) => {
      const created = await createClient(c.get('actor').orgId, c.req.valid('json'));
      c.header('ETag', etag(created.version));
      c.header('Location', `/api/v1/clients/${created.id}`);
      return c.json(created, 201);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/clients/{clientId}',
      summary: 'A client (ETag: its version)',
      request: { params: params.client },
      responses: { 200: json(client, 'The client') },
    }),
    async (c) => {
      const found = await getClient(c.get('actor').orgId, c.req.valid('param').clientId);
      c.header('ETag', etag(found.version));
      return c.json(found, 200);
    },
  )
  .openapi(
    route({
      method: 'patch',
      path: '/clients/{clientId}',
      summary: 'JSON merge patch of the writable fields; If-Match with a stale version answers 412',
      request: { params: params.client, body: jsonBody(clientPatch) },
      responses: { 200: json(client, 'The client') },
    }),
    async (c) => {
      const updated = await updateClient(
        c.get('actor').orgId,
        c.req.valid('param').clientId,
        c.req.valid('json'),
        parseIfMatch(c.req.header('if-match')),
      );
      c.header('ETag', etag(updated.version));
      return c.json(updated, 200);
    },
  )
  .openapi(
    route({
      method: 'delete',
      path: '/clients/{clientId}',
      summary: 'Deletes a client with its addresses and contacts; 409 when it has documents (archive it instead)',
      request: { params: params.client },
      responses: { 204: { description: 'Deleted' } },
    }),
    async (c) => {
      await deleteClient(c.get('actor').orgId, c.req.valid('param').clientId, parseIfMatch(c.req.header('if-match')));
      return c.body(null, 204);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/clients/{clientId}/overview',
      summary: 'The client record with all three levels of contacts, in one DynamoDB Query',
      request: { params: params.client },
      responses: { 200: json(overview, 'Client, addresses, contacts ([] while the module is off)') },
    }),
    async (c) => c.json(await getOverview(c.get('actor').orgId, c.req.valid('param').clientId), 200),
  );
