import { z } from 'zod';
import { contact, contactCreate, contactPatch, directoryContact, eligibleContact, listQuery, page } from '../../shared/schemas';
import { createContact, deleteContact, getContact, listContacts, listDirectory, listEligibleContacts, updateContact } from '../contacts';
import { parseIfMatch } from '../lib/store';
import { json, jsonBody, params, route, router } from './openapi';

const etag = (version: number) => `"${version}"`;
const clientContactsQuery = z.strictObject({ eligibleForAddress: z.string().max(64).optional() });

export const contactRoutes = router()
  .openapi(
    route({
      method: 'get',
      path: '/contacts',
      summary:
        'The secondary-contacts directory across all clients, sorted by last name; q matches the start of a first name, last name or email',
      request: { query: listQuery },
      responses: {
        200: json(page(directoryContact), 'A page of contacts with their client’s name'),
        409: json(z.object({}), 'Module disabled'),
      },
    }),
    async (c) => c.json(await listDirectory(c.get('actor').orgId, c.req.valid('query')), 200),
  )
  .openapi(
    route({
      method: 'get',
      path: '/clients/{clientId}/contacts',
      summary:
        'The client’s secondary contacts; with eligibleForAddress, only those offered for an intervention at that address (at the address, or without address)',
      request: { params: params.client, query: clientContactsQuery },
      responses: { 200: json(z.object({ items: z.array(z.union([eligibleContact, contact])), nextCursor: z.null() }), 'Contacts') },
    }),
    async (c) => {
      const { clientId } = c.req.valid('param');
      const { eligibleForAddress } = c.req.valid('query');
      const orgId = c.get('actor').orgId;
      const items = eligibleForAddress
        ? await listEligibleContacts(orgId, clientId, eligibleForAddress)
        : await listContacts(orgId, clientId);
      return c.json({ items, nextCursor: null }, 200);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/clients/{clientId}/contacts',
      summary: 'Adds a secondary contact; addressId must be an address of the same client (422)',
      request: { params: params.client, body: jsonBody(contactCreate) },
      responses: { 201: json(contact, 'The contact') },
    }),
    async (c) => {
      const created = await createContact(c.get('actor').orgId, c.req.valid('param').clientId, c.req.valid('json'));
      c.header('ETag', etag(created.version));
      return c.json(created, 201);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/clients/{clientId}/contacts/{contactId}',
      summary: 'A secondary contact',
      request: { params: params.contact },
      responses: { 200: json(contact, 'The contact') },
    }),
    async (c) => {
      const { clientId, contactId } = c.req.valid('param');
      const found = await getContact(c.get('actor').orgId, clientId, contactId);
      c.header('ETag', etag(found.version));
      return c.json(found, 200);
    },
  )
  .openapi(
    route({
      method: 'patch',
      path: '/clients/{clientId}/contacts/{contactId}',
      summary: 'JSON merge patch of a contact',
      request: { params: params.contact, body: jsonBody(contactPatch) },
      responses: { 200: json(contact, 'The contact') },
    }),
    async (c) => {
      const { clientId, contactId } = c.req.valid('param');
      const updated = await updateContact(
        c.get('actor').orgId,
        clientId,
        contactId,
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
      path: '/clients/{clientId}/contacts/{contactId}',
      summary: 'Deletes a contact',
      request: { params: params.contact },
      responses: { 204: { description: 'Deleted' } },
    }),
    async (c) => {
      const { clientId, contactId } = c.req.valid('param');
      await deleteContact(c.get('actor').orgId, clientId, contactId, parseIfMatch(c.req.header('if-match')));
      return c.body(null, 204);
    },
  );
