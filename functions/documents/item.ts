import { documentTotals } from '../../shared/money';
import type {
  Document,
  DocumentContent,
  DocumentLine,
  DocumentStatus,
  DocumentType,
  Intervention,
  SendStatus,
} from '../../shared/documents';
import type { LineTotals } from '../../shared/money';
import { clean } from '../../shared/text';
import { clientPartition, documentByDate, documentSortKey } from '../clients/partition';
import { orgIndexPartition } from '../lib/keys';
import { now, type Item } from '../lib/store';
import { parisDate } from './numbering';

/**
 * A document in its client's partition. Its sends and their events sort right after it (see
 * functions/clients/partition.ts), so one Query reads a document's whole history. Private to
 * functions/documents.
 */
export interface DocumentItem {
  pk: string;
  sk: string;
  type: 'document';
  orgId: string;
  clientId: string;
  documentId: string;
  docType: DocumentType;
  number: string | null;
  /** The lifecycle (see shared/documents.ts): what issue.ts moves; null for interventions. */
  status: DocumentStatus | null;
  issuedAt: string | null;
  dueDate: string | null;
  validUntil: string | null;
  creditedDocumentId: string | null;
  creditedNumber: string | null;
  quoteId: string | null;
  invoiceId?: string | null;
  /** The latest send and its best status, kept by sending through sendStatusUpdate (parts.ts). */
  lastSendId?: string;
  sendStatus?: SendStatus;
  title: string | null;
  date: string;
  addressId: string | null;
  contactId: string | null;
  lines: DocumentLine[];
  totals: LineTotals;
  intervention: Intervention | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Sends begun on it, moved by the send's first transaction: a document with any is never deleted. */
  sendCount?: number;
  /** The organisation's documents of one type, newest first (GET /documents). */
  gsi1pk: string;
  gsi1sk: string;
  /** The client's documents, newest first, within the partition (GET /clients/{id}/documents). */
  lsi1sk: string;
}

export const documentKey = (orgId: string, clientId: string, documentId: string) => ({
  pk: clientPartition(orgId, clientId),
  sk: documentSortKey(documentId),
});

export const documentsByType = (orgId: string, type: DocumentType) => orgIndexPartition(orgId, `DOCS#${type}`);

export const isDocumentItem = (i: Item | undefined): i is Item & DocumentItem => i?.type === 'document';

export function toDocument(i: DocumentItem): Document {
  return {
    id: i.documentId,
    clientId: i.clientId,
    type: i.docType,
    number: i.number,
    // Documents written before the lifecycle existed were numbered at creation: issued.
    status: i.status ?? (i.docType === 'intervention' ? null : 'issued'),
    issuedAt: i.issuedAt ?? null,
    dueDate: i.dueDate ?? null,
    validUntil: i.validUntil ?? null,
    creditedDocumentId: i.creditedDocumentId ?? null,
    creditedNumber: i.creditedNumber ?? null,
    quoteId: i.quoteId ?? null,
    invoiceId: i.invoiceId ?? null,
    sendStatus: i.sendStatus ?? null,
    title: i.title,
    date: i.date,
    addressId: i.addressId,
    contactId: i.contactId,
    lines: i.lines,
    totals: i.totals,
    intervention: i.intervention,
    version: i.version,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
  };
}

function lineOf(l: { description: string; quantity: number; unitPriceCents: number; vatRate: number }) {
  return { description: l.description.trim(), quantity: l.quantity, unitPriceCents: l.unitPriceCents, vatRate: l.vatRate };
}

function interventionOf(input: DocumentContent['intervention'], technicianName: string | null): Intervention {
  return {
    start: input?.start ?? null,
    end: input?.end ?? null,
    technicianUserId: input?.technicianUserId ?? null,
    technicianName: input?.technicianUserId ? technicianName : null,
    description: clean(input?.description),
    report: clean(input?.report),
  };
}

/** Where a document stands in its life: set at creation, moved only by issue.ts. */
export interface Lifecycle {
  number: string | null;
  status: DocumentStatus | null;
  issuedAt: string | null;
  dueDate: string | null;
  validUntil: string | null;
  creditedDocumentId: string | null;
  creditedNumber: string | null;
  quoteId: string | null;
}

export const draftLifecycle = (links: Partial<Lifecycle> = {}): Lifecycle => ({
  number: null,
  status: 'draft',
  issuedAt: null,
  dueDate: null,
  validUntil: null,
  creditedDocumentId: null,
  creditedNumber: null,
  quoteId: null,
  ...links,
});

export const lifecycleOf = (i: DocumentItem): Lifecycle => {
  const d = toDocument(i);
  return {
    number: d.number,
    status: d.status,
    issuedAt: d.issuedAt,
    dueDate: d.dueDate,
    validUntil: d.validUntil,
    creditedDocumentId: d.creditedDocumentId,
    creditedNumber: d.creditedNumber,
    quoteId: d.quoteId,
  };
};

/** The record's own attributes (never sendCount, invoiceId or the send status, which others move). */
export function buildItem(
  orgId: string,
  clientId: string,
  documentId: string,
  input: DocumentContent,
  meta: { lifecycle: Lifecycle; version: number; createdAt: string; technicianName: string | null },
): DocumentItem {
  const lines = (input.lines ?? []).map(lineOf);
  const date = input.date ?? parisDate();
  return {
    ...documentKey(orgId, clientId, documentId),
    type: 'document',
    orgId,
    clientId,
    documentId,
    docType: input.type,
    ...meta.lifecycle,
    title: clean(input.title),
    date,
    addressId: input.addressId ?? null,
    contactId: input.contactId ?? null,
    lines,
    // Totals are always the server's, from the lines (shared/money.ts), never the caller's.
    totals: documentTotals(lines),
    intervention: input.type === 'intervention' ? interventionOf(input.intervention, meta.technicianName) : null,
    version: meta.version,
    createdAt: meta.createdAt,
    updatedAt: now(),
    gsi1pk: documentsByType(orgId, input.type),
    gsi1sk: `${date}#${documentId}`,
    lsi1sk: documentByDate(date, documentId),
  };
}
