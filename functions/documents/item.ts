import { documentTotals } from '../../shared/money';
import type { Document, DocumentCreate, DocumentLine, DocumentType, Intervention } from '../../shared/documents';
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
  number: string;
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

function interventionOf(input: DocumentCreate['intervention'], technicianName: string | null): Intervention {
  return {
    start: input?.start ?? null,
    end: input?.end ?? null,
    technicianUserId: input?.technicianUserId ?? null,
    technicianName: input?.technicianUserId ? technicianName : null,
    description: clean(input?.description),
    report: clean(input?.report),
  };
}

/** The record's own attributes (never sendCount, which sends move). */
export function buildItem(
  orgId: string,
  clientId: string,
  documentId: string,
  input: DocumentCreate,
  meta: { number: string; version: number; createdAt: string; technicianName: string | null },
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
    number: meta.number,
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
