import { z } from 'zod';
import {
  clientDocumentListQuery,
  document,
  documentCreate,
  documentListQuery,
  documentPatch,
  idempotencyKey,
  listedDocument,
  recipients,
  send,
  sendCreate,
} from '../../shared/documents';
import { page } from '../../shared/schemas';
import { createDocument, deleteDocument, documentPdf, getDocument, listClientDocuments, listDocuments, updateDocument } from '../documents';
import { listSends, recipientsOf, sendDocument, type Sender } from '../sending';
import { parseIfMatch } from '../lib/store';
import type { Actor } from './context';
import { json, jsonBody, params, route, router } from './openapi';

const etag = (version: number) => `"${version}"`;
const documentParams = z.object({ clientId: z.string().max(64), documentId: z.string().max(64) });
const sendHeaders = z.object({ 'idempotency-key': idempotencyKey.optional() });
const sender = (a: Actor): Sender => ({ orgId: a.orgId, userId: a.userId, apiKeyId: a.apiKeyId, name: a.name, email: a.email });

export const documentRoutes = router()
  .openapi(
    route({
      method: 'get',
      path: '/documents',
      summary: 'The organisation’s documents of one type across clients, newest first, each with its client’s name',
      request: { query: documentListQuery },
      responses: { 200: json(page(listedDocument), 'A page of documents') },
    }),
    async (c) => c.json(await listDocuments(c.get('actor').orgId, c.req.valid('query')), 200),
  )
  .openapi(
    route({
      method: 'get',
      path: '/clients/{clientId}/documents',
      summary: 'The client’s documents (optionally of one type), newest first',
      request: { params: params.client, query: clientDocumentListQuery },
      responses: { 200: json(page(document), 'A page of documents') },
    }),
    async (c) => c.json(await listClientDocuments(c.get('actor').orgId, c.req.valid('param').clientId, c.req.valid('query')), 200),
  )
  .openapi(
    route({
      method: 'post',
      path: '/clients/{clientId}/documents',
      summary:
        'Creates an invoice, quote or intervention; the number (F-2026-0001…) and the totals are the server’s; address and contact must be the client’s (422 invalid_reference), an intervention’s contact eligible for its address (422 contact_not_eligible)',
      request: { params: params.client, body: jsonBody(documentCreate) },
      responses: { 201: json(document, 'The document') },
    }),
    async (c) => {
      const { clientId } = c.req.valid('param');
      const created = await createDocument(c.get('actor').orgId, clientId, c.req.valid('json'));
      c.header('ETag', etag(created.version));
      c.header('Location', `/api/v1/clients/${clientId}/documents/${created.id}`);
      return c.json(created, 201);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/clients/{clientId}/documents/{documentId}',
      summary: 'A document (ETag: its version)',
      request: { params: documentParams },
      responses: { 200: json(document, 'The document') },
    }),
    async (c) => {
      const { clientId, documentId } = c.req.valid('param');
      const found = await getDocument(c.get('actor').orgId, clientId, documentId);
      c.header('ETag', etag(found.version));
      return c.json(found, 200);
    },
  )
  .openapi(
    route({
      method: 'patch',
      path: '/clients/{clientId}/documents/{documentId}',
      summary: 'JSON merge patch of a document (not its type or number); If-Match with a stale version answers 412',
      request: { params: documentParams, body: jsonBody(documentPatch) },
      responses: { 200: json(document, 'The document') },
    }),
    async (c) => {
      const { clientId, documentId } = c.req.valid('param');
      const updated = await updateDocument(
        c.get('actor').orgId,
        clientId,
        documentId,
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
      path: '/clients/{clientId}/documents/{documentId}',
      summary: 'Deletes a document never sent (a sent one answers 409 and is kept with its history); its number is not reused',
      request: { params: documentParams },
      responses: { 204: { description: 'Deleted' } },
    }),
    async (c) => {
      const { clientId, documentId } = c.req.valid('param');
      await deleteDocument(c.get('actor').orgId, clientId, documentId, parseIfMatch(c.req.header('if-match')));
      return c.body(null, 204);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/clients/{clientId}/documents/{documentId}/pdf',
      summary: 'The document as a PDF',
      request: { params: documentParams },
      responses: { 200: { description: 'The PDF', content: { 'application/pdf': { schema: z.string() } } } },
    }),
    async (c) => {
      const { clientId, documentId } = c.req.valid('param');
      const { filename, pdf } = await documentPdf(c.get('actor').orgId, clientId, documentId);
      return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
        'content-type': 'application/pdf',
        'content-disposition': `inline; filename="${filename}"`,
        'cache-control': 'private, no-store',
      });
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/clients/{clientId}/documents/{documentId}/recipients',
      summary:
        'Who the document can be sent to: main contact, address contact, secondary contacts (the document’s first), the sender; each available or with the reason',
      request: { params: documentParams },
      responses: { 200: json(recipients, 'The recipients') },
    }),
    async (c) => {
      const { clientId, documentId } = c.req.valid('param');
      return c.json(await recipientsOf(sender(c.get('actor')), clientId, documentId), 200);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/clients/{clientId}/documents/{documentId}/sends',
      summary:
        'Sends the document’s PDF by email to recipients named by kind (never raw addresses). Idempotency-Key: the same key and body answer the first answer again; another body 422; while running 409. SES failure: 502, the send recorded as failed',
      request: { params: documentParams, headers: sendHeaders, body: jsonBody(sendCreate) },
      responses: {
        201: json(send, 'The send, status sent'),
        502: json(z.object({}), 'SES did not accept the email; the send is recorded as failed'),
      },
    }),
    async (c) => {
      const { clientId, documentId } = c.req.valid('param');
      const key = c.req.valid('header')['idempotency-key'];
      const result = await sendDocument(sender(c.get('actor')), clientId, documentId, c.req.valid('json'), key);
      if (result.replayed) c.header('Idempotent-Replayed', 'true');
      c.header('Location', `/api/v1/clients/${clientId}/documents/${documentId}/sends`);
      return c.json(result.send, 201);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/clients/{clientId}/documents/{documentId}/sends',
      summary: 'The document’s send history, newest first, each send with its SES events (one DynamoDB Query)',
      request: { params: documentParams },
      responses: { 200: json(z.object({ items: z.array(send) }), 'The sends') },
    }),
    async (c) => {
      const { clientId, documentId } = c.req.valid('param');
      return c.json({ items: await listSends(c.get('actor').orgId, clientId, documentId) }, 200);
    },
  );
