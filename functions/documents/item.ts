import type { Document, DocumentLine, DocumentType, Intervention } from '../../shared/documents';
import type { LineTotals } from '../../shared/money';
import { clientPartition, orgIndexPartition } from '../lib/keys';

/**
 * A document in its client's partition at `DOC#<id>`. Its sends and their events sort right after
 * it (`DOC#<id>#SEND#…`, see functions/sending), so one Query reads a document's whole history.
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
  /** The organisation's documents of one type, newest first (GET /documents). */
  gsi1pk: string;
  gsi1sk: string;
  /** The client's documents, newest first, within the partition (GET /clients/{id}/documents). */
  lsi1sk: string;
}

export const documentKey = (orgId: string, clientId: string, documentId: string) => ({
  pk: clientPartition(orgId, clientId),
  sk: `DOC#${documentId}`,
});

/** Sort-key prefix of everything that hangs off a document (its sends and their events). */
export const documentHistoryPrefix = (documentId: string) => `DOC#${documentId}#`;

export const documentsByType = (orgId: string, type: DocumentType) => orgIndexPartition(orgId, `DOCS#${type}`);
export const DOC_GROUP = 'DOC#';

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
