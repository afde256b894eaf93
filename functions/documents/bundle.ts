import { type Document, hasLifecycle } from '../../shared/documents';
import { dueDate } from '../../shared/legal';
import type { Address, Client, Contact } from '../../shared/schemas';
import { addressFromRecord, addressRecordKey } from '../addresses/parts';
import { clientFromRecords, clientRecordKey } from '../clients/parts';
import { contactFromRecord, contactRecordKey } from '../contacts/parts';
import { notFound } from '../lib/errors';
import { batchGet, type Item, type Key } from '../lib/store';
import { getOrganization } from '../organizations';
import { documentKey, isDocumentItem, toDocument } from './item';
import { renderDocumentPdf } from './pdf';
import { keptPdf, keptPdfFrom, pdfKey, sha256Hex } from './pdf-store';

export { pdfKey as pdfRecordKey } from './pdf-store';

/**
 * A document with what its PDF and its recipients need, in two BatchGets: the document and the
 * client (plus `extra` keys the caller wants in the same request), then its address and contact.
 */
export interface DocumentBundle {
  document: Document;
  client: Client;
  address: Address | null;
  contact: Contact | null;
  /** The records read for the `extra` keys, for their owners to parse. */
  extra: Item[];
}

export async function loadDocumentBundle(orgId: string, clientId: string, documentId: string, extra: Key[] = []): Promise<DocumentBundle> {
  const docKey = documentKey(orgId, clientId, documentId);
  const cKey = clientRecordKey(orgId, clientId);
  const first = await batchGet<Item>([docKey, cKey, ...extra]);
  const same = (a: Item, k: Key) => a.pk === k.pk && a.sk === k.sk;
  const document = first.find((i) => same(i, docKey));
  const client = clientFromRecords(first, orgId, clientId);
  if (!isDocumentItem(document) || !client) throw notFound('Document');
  const second: Key[] = [
    ...(document.addressId ? [addressRecordKey(orgId, clientId, document.addressId)] : []),
    ...(document.contactId ? [contactRecordKey(orgId, clientId, document.contactId)] : []),
  ];
  const related = second.length ? await batchGet<Item>(second) : [];
  return {
    document: toDocument(document),
    client,
    address: related.map(addressFromRecord).find((a) => a !== undefined) ?? null,
    // A contact deleted after the document was made reads as no contact.
    contact: related.map(contactFromRecord).find((c) => c !== undefined) ?? null,
    extra: first.filter((i) => !same(i, docKey) && !same(i, cKey)),
  };
}

/** How long a quote holds, printed on it ("Valable jusqu'au"). */
export const QUOTE_VALIDITY_DAYS = 30;

const addressLines = (a: Address) =>
  [a.line1, a.line2 ?? '', `${a.postalCode} ${a.city}`, a.country !== 'FR' ? a.country : ''].filter(Boolean);

/** The PDF rendered now from the records (a draft, an intervention; an issue renders its kept one here). */
export async function renderPdfOf(orgId: string, bundle: DocumentBundle): Promise<{ filename: string; pdf: Uint8Array }> {
  const organization = await getOrganization(orgId);
  const company = organization.settings.company;
  const doc = bundle.document;
  const draft = doc.status === 'draft';
  const pdf = await renderDocumentPdf({
    organizationName: organization.name,
    company,
    billTo: bundle.address && doc.type !== 'intervention' ? { name: bundle.client.name, lines: addressLines(bundle.address) } : null,
    dueDate:
      doc.dueDate ??
      (doc.type === 'invoice' && draft && company.paymentTermsDays !== null ? dueDate(doc.date, company.paymentTermsDays) : null),
    validUntil: doc.validUntil ?? (doc.type === 'quote' && draft ? dueDate(doc.date, QUOTE_VALIDITY_DAYS) : null),
    document: doc,
    client: { name: bundle.client.name, mainContact: bundle.client.mainContact },
    address: bundle.address,
    contact: bundle.contact,
  });
  return { filename: `${doc.number ?? 'brouillon'}.pdf`, pdf };
}

/**
 * The PDF a send attaches and GET …/pdf answers: an issued document's kept bytes (the same on every
 * send, whatever changed since), else rendered now. With its SHA-256, recorded on each send.
 */
export async function renderBundlePdf(
  orgId: string,
  bundle: DocumentBundle,
): Promise<{ filename: string; pdf: Uint8Array; sha256: string }> {
  const doc = bundle.document;
  // Read with the bundle when the caller asked for it (pdfRecordKey among the extra keys), else now.
  const issued = hasLifecycle(doc.type) && doc.status !== 'draft';
  const kept = issued ? (keptPdfFrom(bundle.extra) ?? (await keptPdf(orgId, doc.clientId, doc.id))) : undefined;
  if (kept) return kept;
  const live = await renderPdfOf(orgId, bundle);
  return { ...live, sha256: sha256Hex(live.pdf) };
}

export async function documentPdf(orgId: string, clientId: string, documentId: string) {
  return renderBundlePdf(orgId, await loadDocumentBundle(orgId, clientId, documentId, [pdfKey(orgId, clientId, documentId)]));
}
