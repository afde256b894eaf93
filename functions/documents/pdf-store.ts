import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { documentPdfSortKey } from '../clients/partition';
import { getItem } from '../lib/store';
import { documentKey } from './item';

/** The PDF of an issued document, kept as issued (gzip) beside it: its bytes never change. */
export interface PdfItem {
  pk: string;
  sk: string;
  type: 'documentPdf';
  filename: string;
  sha256: string;
  gzip: Uint8Array;
  issuedAt: string;
}

export const pdfKey = (orgId: string, clientId: string, documentId: string) => ({
  pk: documentKey(orgId, clientId, documentId).pk,
  sk: documentPdfSortKey(documentId),
});

/** DynamoDB items hold at most 400 KB: a PDF past this (compressed) is refused at issue. */
export const MAX_PDF_BYTES = 350_000;

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

type Kept = { filename: string; pdf: Uint8Array; sha256: string };
const parse = (item: PdfItem): Kept => ({ filename: item.filename, pdf: new Uint8Array(gunzipSync(item.gzip)), sha256: item.sha256 });

/** The kept PDF among records read in a batch (its key: `pdfKey`). */
export const keptPdfFrom = (records: { type?: unknown }[]): Kept | undefined => {
  const item = records.find((r) => r.type === 'documentPdf') as PdfItem | undefined;
  return item ? parse(item) : undefined;
};

/** The kept PDF of an issued document (undefined for a draft or an intervention: rendered live). */
export async function keptPdf(
  orgId: string,
  clientId: string,
  documentId: string,
): Promise<{ filename: string; pdf: Uint8Array; sha256: string } | undefined> {
  const item = await getItem<PdfItem>(pdfKey(orgId, clientId, documentId));
  return item ? parse(item) : undefined;
}
