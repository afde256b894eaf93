import { z } from '@hono/zod-openapi';
import { listQuery } from '../../shared/schemas';
import { createContact, deleteContact, getContact, listContacts, listDirectory, listEligibleContacts, updateContact } from '../contacts';
import { parseIfMatch } from '../lib/store';
import { empty, etag, ifMatch, json, jsonBody, locationOf, params, route, router } from './openapi';
import { Contact, ContactCreate, ContactPatch, DirectoryContact, EligibleContact, pageOf } from './schemas';

const clientContactsQuery = z.strictObject({
  eligibleForAddress: z
    .string()
    .max(64)
    .optional()
    .openapi({ param: { description: 'Only the contacts offered for an intervention at this address (its id).' } }),
});
const ContactList = z
  .object({ items: z.array(z.union([EligibleContact, Contact])), nextCursor: z.null() })
  .openapi('ContactList', { description: 'The client’s contacts (one page); with `eligibleForAddress`, each says why it is offered.' });
const DirectoryContactPage = pageOf(DirectoryContact, 'DirectoryContactPage');
const MODULE_OFF = { 409: 'The secondary-contacts module is off (`module_disabled`).' };

export const contactRoutes = router()
  .openapi(
    route(
      {
        method: 'get',
        path: '/contacts',
        operationId: 'listDirectoryContacts',
        tags: ['Contacts'],
        summary: 'Search the contacts directory',
        description:
          'The secondary contacts of all clients, sorted by last name, each with its client’s name; `q` matches the start of a first name, last name or email, ignoring case and accents.',
        request: { query: listQuery },
        responses: { 200: json(DirectoryContactPage, 'A page of contacts with their client’s name') },
      },
      MODULE_OFF,
    ),
    async (c) => c.json(await listDirectory(c.get('actor').orgId, c.req.valid('query')), 200),
  )
  .openapi(
    route(
      {
        method: 'get',
        path: '/clients/{clientId}/contacts',
        operationId: 'listClientContacts',
        tags: ['Contacts'],
        summary: 'List a client’s contacts',
        description:
          'The client’s secondary contacts; with `eligibleForAddress`, only those offered for an intervention at that address (at the address, or without address).',
        request: { params: params.client, query: clientContactsQuery },
        responses: { 200: json(ContactList, 'Contacts') },
      },
      MODULE_OFF,
    ),
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
    route(
      {
        method: 'post',
        path: '/clients/{clientId}/contacts',
        operationId: 'createContact',
        tags: ['Contacts'],
        summary: 'Add a contact',
        description: 'Adds a secondary contact to the client; `addressId` must be an address of the same client.',
        request: { params: params.client, body: jsonBody(ContactCreate) },
        responses: { 201: json(Contact, 'The contact created', 'ETag', 'Location') },
      },
      { ...MODULE_OFF, 422: '`addressId` is not an address of this client (`invalid_reference`).' },
    ),
    async (c) => {
      const { clientId } = c.req.valid('param');
      const created = await createContact(c.get('actor').orgId, clientId, c.req.valid('json'));
      c.header('ETag', etag(created.version));
      c.header('Location', locationOf('clients', clientId, 'contacts', created.id));
      return c.json(created, 201);
    },
  )
  .openapi(
    route(
      {
        method: 'get',
        path: '/clients/{clientId}/contacts/{contactId}',
        operationId: 'getContact',
        tags: ['Contacts'],
        summary: 'Get a contact',
        description: 'A secondary contact; its `ETag` is its version.',
        request: { params: params.contact },
        responses: { 200: json(Contact, 'The contact', 'ETag') },
      },
      MODULE_OFF,
    ),
    async (c) => {
      const { clientId, contactId } = c.req.valid('param');
      const found = await getContact(c.get('actor').orgId, clientId, contactId);
      c.header('ETag', etag(found.version));
      return c.json(found, 200);
    },
  )
  .openapi(
    route(
      {
        method: 'patch',
        path: '/clients/{clientId}/contacts/{contactId}',
        operationId: 'updateContact',
        tags: ['Contacts'],
        summary: 'Update a contact',
        description: 'A JSON merge patch of a contact; `If-Match` with a stale version answers 412.',
        parameters: [ifMatch],
        request: { params: params.contact, body: jsonBody(ContactPatch) },
        responses: { 200: json(Contact, 'The contact updated', 'ETag') },
      },
      { ...MODULE_OFF, 412: '`If-Match` is stale.', 422: '`addressId` is not an address of this client (`invalid_reference`).' },
    ),
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
    route(
      {
        method: 'delete',
        path: '/clients/{clientId}/contacts/{contactId}',
        operationId: 'deleteContact',
        tags: ['Contacts'],
        summary: 'Delete a contact',
        description: 'Deletes a secondary contact.',
        parameters: [ifMatch],
        request: { params: params.contact },
        responses: { 204: empty('Deleted') },
      },
      { ...MODULE_OFF, 412: '`If-Match` is stale.' },
    ),
    async (c) => {
      const { clientId, contactId } = c.req.valid('param');
      await deleteContact(c.get('actor').orgId, clientId, contactId, parseIfMatch(c.req.header('if-match')));
      return c.body(null, 204);
    },
  );
