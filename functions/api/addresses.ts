import { z } from 'zod';
import { address, addressCreate, addressPatch } from '../../shared/schemas';
import { createAddress, deleteAddress, getAddress, listAddresses, updateAddress } from '../addresses';
import { parseIfMatch } from '../lib/store';
import { json, jsonBody, params, route, router } from './openapi';

const etag = (version: number) => `"${version}"`;

export const addressRoutes = router()
  .openapi(
    route({
      method: 'get',
      path: '/clients/{clientId}/addresses',
      summary: 'The client’s addresses (sites) with their site contacts',
      request: { params: params.client },
      responses: { 200: json(z.object({ items: z.array(address), nextCursor: z.null() }), 'Addresses') },
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
      summary: 'Adds an address with its site contact',
      request: { params: params.client, body: jsonBody(addressCreate) },
      responses: { 201: json(address, 'The address') },
    }),
    async (c) => {
      const created = await createAddress(c.get('actor').orgId, c.req.valid('param').clientId, c.req.valid('json'));
      c.header('ETag', etag(created.version));
      return c.json(created, 201);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/clients/{clientId}/addresses/{addressId}',
      summary: 'An address',
      request: { params: params.address },
      responses: { 200: json(address, 'The address') },
    }),
    async (c) => {
      const { clientId, addressId } = c.req.valid('param');
      const found = await getAddress(c.get('actor').orgId, clientId, addressId);
      c.header('ETag', etag(found.version));
      return c.json(found, 200);
    },
  )
  .openapi(
    route({
      method: 'patch',
      path: '/clients/{clientId}/addresses/{addressId}',
      summary: 'JSON merge patch of an address',
      request: { params: params.address, body: jsonBody(addressPatch) },
      responses: { 200: json(address, 'The address') },
    }),
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
    route({
      method: 'delete',
      path: '/clients/{clientId}/addresses/{addressId}',
      summary: 'Deletes an address and unlinks its contacts in the same transaction; 409 when a document uses it',
      request: { params: params.address },
      responses: { 204: { description: 'Deleted' } },
    }),
    async (c) => {
      const { clientId, addressId } = c.req.valid('param');
      await deleteAddress(c.get('actor').orgId, clientId, addressId, parseIfMatch(c.req.header('if-match')));
      return c.body(null, 204);
    },
  );
