import { answerQuote, createCreditNote, invoiceFromQuote, issueDocument } from '../documents';
import { parseIfMatch } from '../lib/store';
import { previewSend } from '../sending';
import { etag, ifMatch, json, jsonBody, locationOf, params, route, router } from './openapi';
import { Document, SendCreate, SendPreview } from './schemas';
import type { Actor } from './context';

/**
 * A document's life (API.md, "Documents a French business can legally send"): issue a draft, answer
 * a quote, turn an accepted quote into an invoice, correct an issued invoice with a credit note;
 * and the preview of a send.
 */
const sender = (a: Actor) => ({ orgId: a.orgId, userId: a.userId, apiKeyId: a.apiKeyId, name: a.name, email: a.email });
const NOT_NOW = '`document_issued` (already issued), or the document is not in the state this needs.';

export const documentLifecycleRoutes = router()
  .openapi(
    route(
      {
        method: 'post',
        path: '/clients/{clientId}/documents/{documentId}/issue',
        operationId: 'issueDocument',
        tags: ['Documents'],
        summary: 'Issue a draft',
        description:
          'Gives a draft invoice, quote or credit note its number (gapless, in the order of issue), today’s date and its due or validity date, and keeps its PDF: from now on it never changes. 422 `missing_legal_mentions` names each missing mention (Paramètres → Entreprise).',
        parameters: [ifMatch],
        request: { params: params.document },
        responses: { 200: json(Document, 'The issued document', 'ETag') },
      },
      { 409: NOT_NOW, 412: '`If-Match` is stale.', 422: '`missing_legal_mentions`: `errors[]` names each one.' },
    ),
    async (c) => {
      const { clientId, documentId } = c.req.valid('param');
      const issued = await issueDocument(c.get('actor').orgId, clientId, documentId, parseIfMatch(c.req.header('if-match')));
      c.header('ETag', etag(issued.version));
      return c.json(issued, 200);
    },
  )
  .openapi(
    route(
      {
        method: 'post',
        path: '/clients/{clientId}/documents/{documentId}/accept',
        operationId: 'acceptQuote',
        tags: ['Documents'],
        summary: 'Accept a quote',
        description: 'Records that the client accepted an issued quote.',
        request: { params: params.document },
        responses: { 200: json(Document, 'The accepted quote', 'ETag') },
      },
      { 409: 'Not an issued quote (`quote_not_issued`).' },
    ),
    async (c) => {
      const { clientId, documentId } = c.req.valid('param');
      return c.json(await answerQuote(c.get('actor').orgId, clientId, documentId, 'accepted'), 200);
    },
  )
  .openapi(
    route(
      {
        method: 'post',
        path: '/clients/{clientId}/documents/{documentId}/refuse',
        operationId: 'refuseQuote',
        tags: ['Documents'],
        summary: 'Refuse a quote',
        description: 'Records that the client refused an issued quote.',
        request: { params: params.document },
        responses: { 200: json(Document, 'The refused quote', 'ETag') },
      },
      { 409: 'Not an issued quote (`quote_not_issued`).' },
    ),
    async (c) => {
      const { clientId, documentId } = c.req.valid('param');
      return c.json(await answerQuote(c.get('actor').orgId, clientId, documentId, 'refused'), 200);
    },
  )
  .openapi(
    route(
      {
        method: 'post',
        path: '/clients/{clientId}/documents/{documentId}/invoice',
        operationId: 'invoiceFromQuote',
        tags: ['Documents'],
        summary: 'Make the invoice of an accepted quote',
        description: 'An invoice draft with the accepted quote’s lines, address and contact; the quote keeps a link to it.',
        request: { params: params.document },
        responses: { 201: json(Document, 'The invoice draft', 'ETag', 'Location') },
      },
      { 409: 'Not an accepted quote, or it already became an invoice (`quote_invoiced`).' },
    ),
    async (c) => {
      const { clientId, documentId } = c.req.valid('param');
      const invoice = await invoiceFromQuote(c.get('actor').orgId, clientId, documentId);
      c.header('ETag', etag(invoice.version));
      c.header('Location', locationOf('clients', clientId, 'documents', invoice.id));
      return c.json(invoice, 201);
    },
  )
  .openapi(
    route(
      {
        method: 'post',
        path: '/clients/{clientId}/documents/{documentId}/credit-note',
        operationId: 'createCreditNote',
        tags: ['Documents'],
        summary: 'Correct an issued invoice with a credit note',
        description: 'A draft credit note (avoir, `A-2026-0001` once issued) with the invoice’s lines, referring to it.',
        request: { params: params.document },
        responses: { 201: json(Document, 'The credit note draft', 'ETag', 'Location') },
      },
      { 409: 'Not an issued invoice (`not_an_issued_invoice`).' },
    ),
    async (c) => {
      const { clientId, documentId } = c.req.valid('param');
      const credit = await createCreditNote(c.get('actor').orgId, clientId, documentId);
      c.header('ETag', etag(credit.version));
      c.header('Location', locationOf('clients', clientId, 'documents', credit.id));
      return c.json(credit, 201);
    },
  )
  .openapi(
    route(
      {
        method: 'post',
        path: '/clients/{clientId}/documents/{documentId}/sends/preview',
        operationId: 'previewSend',
        tags: ['Sends'],
        summary: 'Preview a send',
        description:
          'The mail a send with this body would be: subject, text and HTML exactly as the recipients get them. Nothing is sent or written.',
        request: { params: params.document, body: jsonBody(SendCreate) },
        responses: { 200: json(SendPreview, 'The mail') },
      },
      { 422: 'A recipient has no email or is not the client’s.' },
    ),
    async (c) => {
      const { clientId, documentId } = c.req.valid('param');
      return c.json(await previewSend(sender(c.get('actor')), clientId, documentId, c.req.valid('json')), 200);
    },
  );
