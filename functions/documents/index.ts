/**
 * Documents (invoices, quotes, interventions): numbering.ts gives the gapless numbers,
 * references.ts keeps a document's address, contact and technician true, lifecycle.ts creates,
 * changes and deletes, lists.ts reads them by type or client, bundle.ts gathers what a PDF and a
 * send need, parts.ts is what sending composes into its transactions; issue.ts issues drafts
 * (number, kept PDF: pdf-store.ts), answers quotes and makes credit notes.
 */
export { loadDocumentBundle, pdfRecordKey, renderBundlePdf, renderPdfOf, documentPdf, type DocumentBundle } from './bundle';
export { createDocument, deleteDocument, getDocument, updateDocument } from './lifecycle';
export { listClientDocuments, listDocuments } from './lists';
export { formatNumber, parisDate } from './numbering';
export { documentExists, noteSendStatus, sendStartPart, sendStatusPart } from './parts';
export { answerQuote, createCreditNote, invoiceFromQuote, issueDocument } from './issue';
