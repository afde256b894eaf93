import { z } from '@hono/zod-openapi';
import { clientDocumentListQuery, documentListQuery, idempotencyKey } from '../../shared/documents';
import { createDocument, deleteDocument, documentPdf, getDocument, listClientDocuments, listDocuments, updateDocument } from '../documents';
import { AppError } from '../lib/errors';
import { parseIfMatch } from '../lib/store';
import { listSends, recipientsOf, sendDocument, type Sender } from '../sending';
import type { Actor } from './context';
import { empty, etag, ifMatch, json, jsonBody, locationOf, params, route, router } from './openapi';
import { Document, DocumentCreate, DocumentPatch, ListedDocument, pageOf, Recipients, Send, SendCreate, withOpenApi } from './schemas';

const sendHeaders = z.object({
  'idempotency-key': withOpenApi(idempotencyKey.optional(), {
    param: {
      description:
        'A key of your choice (printable ASCII, at most 255): a retry with the same key and body sends nothing new and answers the first answer again.',
    },
    example: 'invoice-F-2026-0001-send-1',
  }),
});
const sender = (a: Actor): Sender => ({ orgId: a.orgId, userId: a.userId, apiKeyId: a.apiKeyId, name: a.name, email: a.email });
const SendList = z.object({ items: z.array(Send) }).openapi('SendList', { description: 'The sends of a document, newest first.' });
const ListedDocumentPage = pageOf(ListedDocument, 'ListedDocumentPage');
const DocumentPage = pageOf(Document, 'DocumentPage');
const REFERENCES = {
  422: 'The address or contact is not the client’s (`invalid_reference`), or an intervention’s contact is not eligible for its address (`contact_not_eligible`).',
};

export const documentRoutes = router()
  .openapi(
    route({
      method: 'get',
      path: '/documents',
      operationId: 'listDocuments',
      tags: ['Documents'],
      summary: 'List the organisation’s documents of one type',
      description: 'The organisation’s documents of one type across clients, newest first, each with its client’s name.',
      request: { query: documentListQuery },
      responses: { 200: json(ListedDocumentPage, 'A page of documents') },
    }),
    async (c) => c.json(await listDocuments(c.get('actor').orgId, c.req.valid('query')), 200),
  )
  .openapi(
    route({
      method: 'get',
      path: '/clients/{clientId}/documents',
      operationId: 'listClientDocuments',
      tags: ['Documents'],
      summary: 'List a client’s documents',
      description: 'The client’s documents (optionally of one type), newest first.',
      request: { params: params.client, query: clientDocumentListQuery },
      responses: { 200: json(DocumentPage, 'A page of documents') },
    }),
    async (c) => c.json(await listClientDocuments(c.get('actor').orgId, c.req.valid('param').clientId, c.req.valid('query')), 200),
  )
  .openapi(
    route(
      {
        method: 'post',
        path: '/clients/{clientId}/documents',
        operationId: 'createDocument',
        tags: ['Documents'],
        summary: 'Create a document',
        description:
          'Creates an invoice, quote or intervention; the number (`F-2026-0001`…) and the totals are the server’s; address and contact must be the client’s, an intervention’s contact eligible for its address.',
        request: { params: params.client, body: jsonBody(DocumentCreate) },
        responses: { 201: json(Document, 'The document created', 'ETag', 'Location') },
      },
      REFERENCES,
    ),
    async (c) => {
      const { clientId } = c.req.valid('param');
      const created = await createDocument(c.get('actor').orgId, clientId, c.req.valid('json'));
      c.header('ETag', etag(created.version));
      c.header('Location', locationOf('clients', clientId, 'documents', created.id));
      return c.json(created, 201);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/clients/{clientId}/documents/{documentId}',
      operationId: 'getDocument',
      tags: ['Documents'],
      summary: 'Get a document',
      description: 'A document; its `ETag` is its version.',
      request: { params: params.document },
      responses: { 200: json(Document, 'The document', 'ETag') },
    }),
    async (c) => {
      const { clientId, documentId } = c.req.valid('param');
      const found = await getDocument(c.get('actor').orgId, clientId, documentId);
      c.header('ETag', etag(found.version));
      return c.json(found, 200);
    },
  )
  .openapi(
    route(
      {
        method: 'patch',
        path: '/clients/{clientId}/documents/{documentId}',
        operationId: 'updateDocument',
        tags: ['Documents'],
        summary: 'Update a document',
        description: 'A JSON merge patch of a document (not its type or number); `If-Match` with a stale version answers 412.',
        parameters: [ifMatch],
        request: { params: params.document, body: jsonBody(DocumentPatch) },
        responses: { 200: json(Document, 'The document updated', 'ETag') },
      },
      { 412: '`If-Match` is stale.', ...REFERENCES },
    ),
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
    route(
      {
        method: 'delete',
        path: '/clients/{clientId}/documents/{documentId}',
        operationId: 'deleteDocument',
        tags: ['Documents'],
        summary: 'Delete a document',
        description: 'Deletes a document never sent; its number is not reused.',
        parameters: [ifMatch],
        request: { params: params.document },
        responses: { 204: empty('Deleted') },
      },
      { 409: 'The document was sent: it is kept with its history.', 412: '`If-Match` is stale.' },
    ),
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
      operationId: 'getDocumentPdf',
      tags: ['Documents'],
      summary: 'Get a document as a PDF',
      description: 'The document rendered as a PDF, the same as the one attached to its sends.',
      request: { params: params.document },
      responses: {
        200: {
          description: 'The PDF',
          headers: { 'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' } },
          content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } },
        },
      },
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
      operationId: 'getDocumentRecipients',
      tags: ['Sends'],
      summary: 'Who a document can be sent to',
      description:
        'The main contact, the address contact, the secondary contacts (the document’s first) and the sender, each available or with the reason (`no_email`, `bounced`, `complained`…).',
      request: { params: params.document },
      responses: { 200: json(Recipients, 'The recipients') },
    }),
    async (c) => {
      const { clientId, documentId } = c.req.valid('param');
      return c.json(await recipientsOf(sender(c.get('actor')), clientId, documentId), 200);
    },
  )
  .openapi(
    route(
      {
        method: 'post',
        path: '/clients/{clientId}/documents/{documentId}/sends',
        operationId: 'createSend',
        tags: ['Sends'],
        summary: 'Send a document by email',
        description:
          'Sends the document’s PDF by email to recipients named by kind (never raw addresses). With `Idempotency-Key`, a retry with the same body answers the first answer again (`Idempotent-Replayed: true`).',
        request: { params: params.document, headers: sendHeaders, body: jsonBody(SendCreate) },
        responses: { 201: json(Send, 'The send, status `sent`', 'Location', 'Idempotent-Replayed') },
      },
      {
        409: 'A send with this `Idempotency-Key` is still running.',
        422: 'A recipient has no email (`recipient_has_no_email`), or the `Idempotency-Key` was used with another body (`idempotency_key_reused`).',
        502: 'SES did not accept the email; the send is recorded as `failed` and may be tried again.',
      },
    ),
    async (c) => {
      const { clientId, documentId } = c.req.valid('param');
      const key = c.req.valid('header')['idempotency-key'];
      const result = await sendDocument(sender(c.get('actor')), clientId, documentId, c.req.valid('json'), key);
      if (result.replayed) c.header('Idempotent-Replayed', 'true');
      c.header('Location', locationOf('clients', clientId, 'documents', documentId, 'sends', result.send.id));
      return c.json(result.send, 201);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/clients/{clientId}/documents/{documentId}/sends',
      operationId: 'listSends',
      tags: ['Sends'],
      summary: 'List a document’s sends',
      description: 'The document’s send history, newest first, each send with its SES events (one DynamoDB Query).',
      request: { params: params.document },
      responses: { 200: json(SendList, 'The sends') },
    }),
    async (c) => {
      const { clientId, documentId } = c.req.valid('param');
      return c.json({ items: await listSends(c.get('actor').orgId, clientId, documentId) }, 200);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/clients/{clientId}/documents/{documentId}/sends/{sendId}',
      operationId: 'getSend',
      tags: ['Sends'],
      summary: 'Get a send',
      description: 'One send with its SES events: poll it to follow its `status` (the `Location` of `createSend`).',
      request: { params: params.send },
      responses: { 200: json(Send, 'The send') },
    }),
    async (c) => {
      const { clientId, documentId, sendId } = c.req.valid('param');
      // The history is one Query: reading it whole costs what reading one send with its events would.
      const found = (await listSends(c.get('actor').orgId, clientId, documentId)).find((s) => s.id === sendId);
      if (!found) throw new AppError('not_found', 'Send not found');
      return c.json(found, 200);
    },
  );
