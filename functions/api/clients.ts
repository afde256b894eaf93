import { listQuery } from '../../shared/schemas';
import { createClient, deleteClient, getClient, getOverview, listClients, updateClient } from '../clients';
import { parseIfMatch } from '../lib/store';
import { empty, etag, ifMatch, json, jsonBody, locationOf, params, route, router } from './openapi';
import { Client, ClientCreate, ClientPatch, Overview, pageOf } from './schemas';

const ClientPage = pageOf(Client, 'ClientPage');

export const clientRoutes = router()
  .openapi(
    route({
      method: 'get',
      path: '/clients',
      operationId: 'listClients',
      tags: ['Clients'],
      summary: 'List clients',
      description: 'Clients sorted by name; `q` matches the start of the name or reference, ignoring case and accents.',
      request: { query: listQuery },
      responses: { 200: json(ClientPage, 'A page of clients') },
    }),
    async (c) => c.json(await listClients(c.get('actor').orgId, c.req.valid('query')), 200),
  )
  .openapi(
    route({
      method: 'post',
      path: '/clients',
      operationId: 'createClient',
      tags: ['Clients'],
      summary: 'Create a client',
      description: 'Creates a client with its main contact.',
      request: { body: jsonBody(ClientCreate) },
      responses: { 201: json(Client, 'The client created', 'ETag', 'Location') },
    }),
    async (c) => {
      const created = await createClient(c.get('actor').orgId, c.req.valid('json'));
      c.header('ETag', etag(created.version));
      c.header('Location', locationOf('clients', created.id));
      return c.json(created, 201);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/clients/{clientId}',
      operationId: 'getClient',
      tags: ['Clients'],
      summary: 'Get a client',
      description: 'A client; its `ETag` is its version.',
      request: { params: params.client },
      responses: { 200: json(Client, 'The client', 'ETag') },
    }),
    async (c) => {
      const found = await getClient(c.get('actor').orgId, c.req.valid('param').clientId);
      c.header('ETag', etag(found.version));
      return c.json(found, 200);
    },
  )
  .openapi(
    route(
      {
        method: 'patch',
        path: '/clients/{clientId}',
        operationId: 'updateClient',
        tags: ['Clients'],
        summary: 'Update a client',
        description: 'A JSON merge patch of the writable fields; `If-Match` with a stale version answers 412.',
        parameters: [ifMatch],
        request: { params: params.client, body: jsonBody(ClientPatch) },
        responses: { 200: json(Client, 'The client updated', 'ETag') },
      },
      { 412: '`If-Match` names a version that is no longer the current one.' },
    ),
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
    route(
      {
        method: 'delete',
        path: '/clients/{clientId}',
        operationId: 'deleteClient',
        tags: ['Clients'],
        summary: 'Delete a client',
        description: 'Deletes a client with its addresses and contacts.',
        parameters: [ifMatch],
        request: { params: params.client },
        responses: { 204: empty('Deleted') },
      },
      { 409: 'The client has documents: archive it instead (`archived: true`).', 412: '`If-Match` is stale.' },
    ),
    async (c) => {
      await deleteClient(c.get('actor').orgId, c.req.valid('param').clientId, parseIfMatch(c.req.header('if-match')));
      return c.body(null, 204);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/clients/{clientId}/overview',
      operationId: 'getClientOverview',
      tags: ['Clients'],
      summary: 'Get a client with its addresses and contacts',
      description: 'The client record with all three levels of contacts, in one DynamoDB Query (contacts `[]` while the module is off).',
      request: { params: params.client },
      responses: { 200: json(Overview, 'Client, addresses, contacts') },
    }),
    async (c) => c.json(await getOverview(c.get('actor').orgId, c.req.valid('param').clientId), 200),
  );
