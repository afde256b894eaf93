import { gzipSync } from 'node:zlib';
import type { Document, DocumentContent } from '../../shared/documents';
import { dueDate, missingLegalMentions } from '../../shared/legal';
import { eventPart } from '../events-feed';
import { documentByDate } from '../clients/partition';
import { AppError, unprocessable } from '../lib/errors';
import { changedMeanwhile } from '../lib/optimistic';
import { ownAttributesUpdate } from '../lib/optimistic';
import { checkVersion, now, transact, type TransactItem } from '../lib/store';
import { getOrganization } from '../organizations';
import { loadDocumentBundle, QUOTE_VALIDITY_DAYS, renderPdfOf } from './bundle';
import { documentKey, lifecycleOf, toDocument, type DocumentItem } from './item';
import { MAX_PDF_BYTES, pdfKey, type PdfItem, sha256Hex } from './pdf-store';
import { createDocument, documentIssued, getDocumentItem } from './lifecycle';
import { numbering, parisDate } from './numbering';
import { transactWithRetry, type Failure } from './references';

/**
 * Issue: a draft invoice, quote or credit note takes the next number of its type (gapless, in the
 * order of issue, the counter moving in the same transaction), today's date, its due or validity
 * date, and its PDF is rendered once and kept (gzip) beside it: what is sent and downloaded later
 * is those bytes, whatever happens to the client, the contact or the company's details since.
 */
export async function issueDocument(orgId: string, clientId: string, documentId: string, ifMatch?: number): Promise<Document> {
  let issued: DocumentItem | undefined;
  await transactWithRetry(async (attempt) => {
    const current = await getDocumentItem(orgId, clientId, documentId);
    checkVersion(current.version, ifMatch);
    const lifecycle = lifecycleOf(current);
    if (current.docType === 'intervention') {
      throw new AppError('conflict', 'An intervention is numbered at creation; it has nothing to issue', { reason: 'not_issuable' });
    }
    if (lifecycle.status !== 'draft') throw documentIssued(current);
    const company = (await getOrganization(orgId)).settings.company;
    const missing = missingLegalMentions(company, current.docType === 'quote' ? 'quote' : 'invoice');
    // The buyer's address is a mandatory mention of an invoice (and of its credit note).
    if (!current.addressId && current.docType !== 'quote') {
      missing.push({ path: 'addressId', message: 'the client’s billing address is required: choose the document’s address' });
    }
    if (missing.length) {
      throw unprocessable(
        'missing_legal_mentions',
        `Cannot issue: ${missing.map((m) => m.path).join(', ')} missing (Paramètres → Entreprise, or the document)`,
        missing,
      );
    }
    const counter = numbering(orgId, current.docType, parisDate().slice(0, 4));
    const { number, part } = await counter.next(attempt);
    const issuedAt = now();
    const date = parisDate();
    const next: DocumentItem = {
      ...current,
      number,
      status: 'issued',
      issuedAt,
      date,
      dueDate: current.docType === 'quote' || company.paymentTermsDays === null ? null : dueDate(date, company.paymentTermsDays),
      validUntil: current.docType === 'quote' ? dueDate(date, QUOTE_VALIDITY_DAYS) : null,
      version: current.version + 1,
      updatedAt: issuedAt,
      gsi1sk: `${date}#${documentId}`,
    };
    const bundle = await loadDocumentBundle(orgId, clientId, documentId);
    const { filename, pdf } = await renderPdfOf(orgId, { ...bundle, document: toDocument(next) });
    const gzip = gzipSync(pdf, { level: 9 });
    if (gzip.length > MAX_PDF_BYTES)
      throw new AppError('payload_too_large', 'This document’s PDF is too large to be kept; split it into several documents');
    const pdfItem: PdfItem = {
      ...pdfKey(orgId, clientId, documentId),
      type: 'documentPdf',
      filename,
      sha256: sha256Hex(pdf),
      gzip,
      issuedAt,
    };
    const { pk, sk, sendCount, invoiceId, lastSendId, sendStatus, ...own } = next;
    const dateKey = { lsi1sk: documentByDate(date, documentId) };
    issued = next;
    return {
      items: [
        part,
        { Update: ownAttributesUpdate({ pk, sk, ...own, ...dateKey }, current.version) },
        { Put: { Item: pdfItem, ConditionExpression: 'attribute_not_exists(pk)' } },
        eventPart(orgId, 'document.issued', toDocument(next)),
      ] satisfies TransactItem[],
      failures: ['retry', ifMatch === undefined ? 'retry' : changedMeanwhile('document'), 'retry'] satisfies Failure[],
    };
  });
  if (!issued) throw new Error('issueDocument: nothing issued');
  return toDocument(issued);
}

/** A quote's answer: accepted or refused, once issued (and only once). */
export async function answerQuote(orgId: string, clientId: string, documentId: string, answer: 'accepted' | 'refused'): Promise<Document> {
  const current = await getDocumentItem(orgId, clientId, documentId);
  if (current.docType !== 'quote') throw new AppError('conflict', 'Only a quote is accepted or refused', { reason: 'not_a_quote' });
  if (lifecycleOf(current).status !== 'issued') {
    throw new AppError('conflict', `The quote is ${lifecycleOf(current).status}: only an issued quote is accepted or refused`, {
      reason: 'quote_not_issued',
    });
  }
  const at = now();
  await transact(
    [
      {
        Update: {
          Key: documentKey(orgId, clientId, documentId),
          UpdateExpression: 'SET #status = :answer, version = version + :one, updatedAt = :at',
          ConditionExpression: '#status = :issued',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':answer': answer, ':one': 1, ':at': at, ':issued': 'issued' },
        },
      },
      eventPart(orgId, 'document.updated', toDocument({ ...current, status: answer, version: current.version + 1, updatedAt: at })),
    ],
    () => new AppError('conflict', 'The quote was answered meanwhile; reload it', { reason: 'quote_not_issued' }),
  );
  return toDocument({ ...current, status: answer, version: current.version + 1, updatedAt: at });
}

const copyOf = (d: DocumentItem, type: 'invoice' | 'credit_note', title: string | null): DocumentContent => ({
  type,
  title,
  addressId: d.addressId,
  contactId: d.contactId,
  lines: d.lines,
});

/** A credit note (avoir) correcting an issued invoice: a draft with the invoice's lines, to adjust and issue. */
export async function createCreditNote(orgId: string, clientId: string, invoiceId: string): Promise<Document> {
  const invoice = await getDocumentItem(orgId, clientId, invoiceId);
  if (invoice.docType !== 'invoice' || lifecycleOf(invoice).status === 'draft') {
    throw new AppError('conflict', 'A credit note corrects an issued invoice; a draft is simply changed', {
      reason: 'not_an_issued_invoice',
    });
  }
  return createDocument(orgId, clientId, copyOf(invoice, 'credit_note', `Avoir sur la facture ${invoice.number}`), {
    creditedDocumentId: invoice.documentId,
    creditedNumber: invoice.number,
  });
}

/** An accepted quote becomes an invoice draft (once: the quote keeps the invoice it became). */
export async function invoiceFromQuote(orgId: string, clientId: string, quoteId: string): Promise<Document> {
  const quote = await getDocumentItem(orgId, clientId, quoteId);
  if (quote.docType !== 'quote' || lifecycleOf(quote).status !== 'accepted') {
    throw new AppError('conflict', 'Only an accepted quote becomes an invoice', { reason: 'quote_not_accepted' });
  }
  if (quote.invoiceId) {
    throw new AppError('conflict', 'This quote already became an invoice', {
      reason: 'quote_invoiced',
      body: { existingId: quote.invoiceId },
    });
  }
  const invoice = await createDocument(orgId, clientId, copyOf(quote, 'invoice', quote.title), { quoteId });
  // The link back; a second click that raced this one keeps the first link (the extra draft can be deleted).
  await transact([
    {
      Update: {
        Key: documentKey(orgId, clientId, quoteId),
        UpdateExpression: 'SET invoiceId = :i',
        ConditionExpression: 'attribute_not_exists(invoiceId)',
        ExpressionAttributeValues: { ':i': invoice.id },
      },
    },
  ]).catch(() => undefined);
  return invoice;
}
