/**
 * Documents (invoices, quotes, interventions): numbering.ts gives the gapless numbers,
 * references.ts keeps a document's address, contact and technician true, lifecycle.ts creates,
 * changes and deletes, lists.ts reads them by type or client, bundle.ts gathers what a PDF and a
 * send need, parts.ts is what sending composes into its transactions.
 */
export { loadDocumentBundle, renderBundlePdf, documentPdf, type DocumentBundle } from './bundle';
export { createDocument, deleteDocument, getDocument, updateDocument } from './lifecycle';
export { listClientDocuments, listDocuments } from './lists';
export { formatNumber, parisDate } from './numbering';
export { documentExists, sendStartPart } from './parts';
