import { z } from '@hono/zod-openapi';
import { createAddress, deleteAddress, getAddress, listAddresses, updateAddress } from '../addresses';
import { parseIfMatch } from '../lib/store';
import { empty, etag, ifMatch, json, jsonBody, locationOf, params, route, router } from './openapi';
import { Address, AddressCreate, AddressPatch } from './schemas';

const AddressList = z
  .object({ items: z.array(Address), nextCursor: z.null() })
  .openapi('AddressList', { description: 'Every address of the client (one page).' });

export const addressRoutes = router()
  .openapi(
    route({
      method: 'get',
      path: '/clients/{clientId}/addresses',
      operationId: 'listAddresses',
      tags: ['Addresses'],
      summary: 'List a client’s addresses',
      description: 'The client’s addresses (sites) with their site contacts.',
      request: { params: params.client },
      responses: { 200: json(AddressList, 'Addresses') },
    }),
    async (c) => {
      const { clientId } = c.req.valid('param');
      return c.json({ items: await listAddresses(c.get('actor').orgId, clientId), nextCursor: null }, 200);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/clients/{clientId}/addresses',
      operationId: 'createAddress',
      tags: ['Addresses'],
      summary: 'Add an address',
      description: 'Adds an address with its site contact to the client.',
      request: { params: params.client, body: jsonBody(AddressCreate) },
      responses: { 201: json(Address, 'The address created', 'ETag', 'Location') },
    }),
    async (c) => {
      const { clientId } = c.req.valid('param');
      const created = await createAddress(c.get('actor').orgId, clientId, c.req.valid('json'));
      c.header('ETag', etag(created.version));
      c.header('Location', locationOf('clients', clientId, 'addresses', created.id));
      return c.json(created, 201);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/clients/{clientId}/addresses/{addressId}',
      operationId: 'getAddress',
      tags: ['Addresses'],
      summary: 'Get an address',
      description: 'An address; its `ETag` is its version.',
      request: { params: params.address },
      responses: { 200: json(Address, 'The address', 'ETag') },
    }),
    async (c) => {
      const { clientId, addressId } = c.req.valid('param');
      const found = await getAddress(c.get('actor').orgId, clientId, addressId);
      c.header('ETag', etag(found.version));
      return c.json(found, 200);
    },
  )
  .openapi(
    route(
      {
        method: 'patch',
        path: '/clients/{clientId}/addresses/{addressId}',
        operationId: 'updateAddress',
        tags: ['Addresses'],
        summary: 'Update an address',
        description: 'A JSON merge patch of an address; `If-Match` with a stale version answers 412.',
        parameters: [ifMatch],
        request: { params: params.address, body: jsonBody(AddressPatch) },
        responses: { 200: json(Address, 'The address updated', 'ETag') },
      },
      { 412: '`If-Match` is stale.' },
    ),
    async (c) => {
      const { clientId, addressId } = c.req.valid('param');
      const updated = await updateAddress(
        c.get('actor').orgId,
        clientId,
        addressId,
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
        path: '/clients/{clientId}/addresses/{addressId}',
        operationId: 'deleteAddress',
        tags: ['Addresses'],
        summary: 'Delete an address',
        description: 'Deletes an address and unlinks its contacts in the same transaction.',
        parameters: [ifMatch],
        request: { params: params.address },
        responses: { 204: empty('Deleted') },
      },
      { 409: 'A document uses this address.', 412: '`If-Match` is stale.' },
    ),
    async (c) => {
      const { clientId, addressId } = c.req.valid('param');
      await deleteAddress(c.get('actor').orgId, clientId, addressId, parseIfMatch(c.req.header('if-match')));
      return c.body(null, 204);
    },
  );
