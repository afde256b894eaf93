/**
 * Documents (invoices, quotes, interventions), their recipients and their sends (docs/api.md), shared by
 * functions/ (validation, OpenAPI) and web/ (types). Request schemas are strict.
 */
import { z } from 'zod';
import { lineTotals, VAT_RATES } from './money';
import { line, optionalLine, optionalText, text } from './text';

const nullableString = z.string().nullable();
const id = z.string().min(1).max(64);

export const documentType = z.enum(['invoice', 'quote', 'intervention', 'credit_note']);
/** What POST …/documents creates; a credit note comes from its invoice (POST …/credit-note). */
export const creatableType = z.enum(['invoice', 'quote', 'intervention']);

/** One letter per type in the number: `F-2026-0001`, `D-…`, `I-…`, `A-…` (avoir). */
export const NUMBER_PREFIX: Record<z.infer<typeof documentType>, string> = {
  invoice: 'F',
  quote: 'D',
  intervention: 'I',
  credit_note: 'A',
};

/**
 * Invoices, quotes and credit notes are legal records: a draft (no number, editable, deletable) is
 * issued once (its number, frozen), then a quote may be accepted or refused. Interventions have no
 * such life: their number comes at creation and they stay editable (status null).
 */
export const documentStatus = z.enum(['draft', 'issued', 'accepted', 'refused']);
export const hasLifecycle = (type: z.infer<typeof documentType>) => type !== 'intervention';

export const MAX_LINES = 500;
/** A line's description: several lines of text, at most this many characters. */
export const MAX_DESCRIPTION = 2000;

// Quantities have at most 3 decimals: money.ts computes with thousandths, nothing finer survives.
// Exactly: the number is its own value rounded to the thousandth (5e-10 and 1.0000000001 are not).
const quantity = z
  .number()
  .min(-1_000_000)
  .max(1_000_000)
  .refine((q) => Math.round(q * 1000) / 1000 === q, 'must have at most 3 decimals');

/**
 * A line's net amount is bounded (±10 billion euros) so that every total of a document stays a
 * safe integer of cents: 500 lines × 10^12 cents × 1.2 (VAT) is far below 2^53 ≈ 9 × 10^15.
 */
export const MAX_LINE_NET_CENTS = 1_000_000_000_000;

export const documentLine = z
  .strictObject({
    // Several lines allowed (a line break in a designation is common), up to the documented limit.
    description: text(MAX_DESCRIPTION).refine((v) => v.trim().length > 0, 'is required'),
    quantity,
    unitPriceCents: z.number().int('must be a whole number of cents').min(-1_000_000_000).max(1_000_000_000),
    vatRate: z.number().refine((r) => (VAT_RATES as readonly number[]).includes(r), `must be a French VAT rate: ${VAT_RATES.join(', ')}`),
  })
  .superRefine((l, ctx) => {
    // The fields' own checks may have failed already (zod still runs this): compute only on numbers.
    const inBounds = (n: unknown, max: number) => typeof n === 'number' && Number.isFinite(n) && Math.abs(n) <= max;
    if (!inBounds(l.quantity, 1_000_000) || !inBounds(l.unitPriceCents, 1_000_000_000) || !inBounds(l.vatRate, 100)) return;
    if (Math.abs(lineTotals(l).netCents) > MAX_LINE_NET_CENTS) {
      ctx.addIssue({ code: 'custom', path: ['unitPriceCents'], message: 'quantity × unit price must stay within ±10,000,000,000.00 €' });
    }
  });

const timestamp = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 timestamp' });

export const interventionInput = z.strictObject({
  start: timestamp.nullable().optional(),
  end: timestamp.nullable().optional(),
  technicianUserId: id.nullable().optional(),
  description: optionalText(),
  report: optionalText(),
});

const documentFields = {
  title: optionalLine(),
  date: z.iso.date('must be a date YYYY-MM-DD').nullable().optional(),
  addressId: id.nullable().optional(),
  contactId: id.nullable().optional(),
  lines: z.array(documentLine).max(MAX_LINES, `at most ${MAX_LINES} lines`).optional(),
  intervention: interventionInput.nullable().optional(),
};

type Fields = {
  type: z.infer<typeof documentType>;
  addressId?: string | null;
  intervention?: z.infer<typeof interventionInput> | null;
};

/** Rules across fields, shared by create and by the merged result of a PATCH. */
function checkDocument(d: Fields, ctx: z.RefinementCtx) {
  if (d.type === 'intervention' && !d.addressId) {
    ctx.addIssue({ code: 'custom', path: ['addressId'], message: 'is required: an intervention needs its address' });
  }
  if (d.type !== 'intervention' && d.intervention) {
    ctx.addIssue({ code: 'custom', path: ['intervention'], message: 'only an intervention has intervention details' });
  }
  const start = d.intervention?.start;
  const end = d.intervention?.end;
  if (start && end && Date.parse(end) < Date.parse(start)) {
    ctx.addIssue({ code: 'custom', path: ['intervention', 'end'], message: 'must not be before the start' });
  }
}

/** A document's content whatever its type (create, and the merged result of a PATCH). */
export const documentContent = z.strictObject({ type: documentType, ...documentFields }).superRefine(checkDocument);
export const documentCreate = z.strictObject({ type: creatableType, ...documentFields }).superRefine(checkDocument);

/** PATCH: a JSON merge patch of the writable fields (the type and number never change). */
export const documentPatch = z.strictObject(documentFields);

const documentListFields = z.strictObject({
  type: documentType,
  status: documentStatus.optional(),
  sendStatus: z.enum(['never', 'sending', 'sent', 'delivered', 'bounced', 'complained', 'failed']).optional(),
  from: z.iso.date('must be a date YYYY-MM-DD').optional(),
  to: z.iso.date('must be a date YYYY-MM-DD').optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  cursor: z.string().max(2048).optional(),
});

export const documentListQuery = documentListFields.superRefine((q, ctx) => {
  if (q.from && q.to && q.to < q.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
});

export const clientDocumentListQuery = documentListFields.omit({ type: true, from: true, to: true }).extend({
  type: documentType.optional(),
  /** The client's documents naming this contact (what deleting the contact affects). */
  contactId: id.optional(),
});

export const totals = z.object({ netCents: z.number().int(), vatCents: z.number().int(), grossCents: z.number().int() });

export const intervention = z.object({
  start: nullableString,
  end: nullableString,
  technicianUserId: nullableString,
  /** The technician's name when the document was last saved (printed on the PDF). */
  technicianName: nullableString,
  description: nullableString,
  report: nullableString,
});

export const document = z.object({
  id,
  clientId: id,
  type: documentType,
  /** Null while a draft: the number is given at issue. */
  number: nullableString,
  status: documentStatus.nullable(),
  issuedAt: nullableString,
  /** Invoices: when payment is due; quotes: until when the offer holds (both from the issue date). */
  dueDate: nullableString,
  validUntil: nullableString,
  /** A credit note: the invoice it corrects. */
  creditedDocumentId: nullableString,
  creditedNumber: nullableString,
  /** An invoice made from an accepted quote; on the quote, that invoice. */
  quoteId: nullableString,
  invoiceId: nullableString,
  /** The best status of the latest send, null when never sent. */
  sendStatus: nullableString,
  title: nullableString,
  date: z.string(),
  addressId: nullableString,
  contactId: nullableString,
  lines: z.array(z.object({ description: z.string(), quantity: z.number(), unitPriceCents: z.number().int(), vatRate: z.number() })),
  totals,
  intervention: intervention.nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const listedDocument = document.extend({ clientName: z.string() });

// ---------- Recipients and sends ----------

export const recipientKind = z.enum(['main', 'address', 'contact', 'self']);

export const recipient = z.object({
  kind: recipientKind,
  contactId: nullableString,
  name: nullableString,
  email: nullableString,
  available: z.boolean(),
  /** `no_email`, `bounced`, `complained`; `no_address` for the address contact of a document without address. */
  reason: nullableString,
});

export const recipients = z.object({
  mainContact: recipient,
  addressContact: recipient,
  documentContact: recipient.nullable(),
  contacts: z.array(recipient),
  self: recipient.nullable(),
});

export const recipientRef = z.strictObject({ kind: recipientKind, contactId: id.optional() }).superRefine((r, ctx) => {
  if (r.kind === 'contact' && !r.contactId) ctx.addIssue({ code: 'custom', path: ['contactId'], message: 'is required for a contact' });
  if (r.kind !== 'contact' && r.contactId) ctx.addIssue({ code: 'custom', path: ['contactId'], message: 'only for kind contact' });
});

export const MAX_RECIPIENTS = 10;

export const sendCreate = z.strictObject({
  to: z.array(recipientRef).min(1, 'name at least one recipient').max(MAX_RECIPIENTS),
  cc: z.array(recipientRef).max(MAX_RECIPIENTS).optional(),
  // A header: one line, no control characters (no header injection).
  subject: line(200)
    .refine((v) => v.trim().length > 0, 'must not be empty')
    .optional(),
  message: text(10_000).optional(),
});

/** `Idempotency-Key`: printable ASCII, as Stripe's. */
export const idempotencyKey = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

export const sendStatus = z.enum(['sending', 'sent', 'delivered', 'bounced', 'complained', 'failed']);

export const sentTo = z.object({ kind: recipientKind, contactId: nullableString, name: nullableString, email: z.string() });

export const sendEvent = z.object({
  type: z.string(),
  at: z.string(),
  email: nullableString,
  detail: nullableString,
});

export const send = z.object({
  id,
  documentId: id,
  clientId: id,
  to: z.array(sentTo),
  cc: z.array(sentTo),
  subject: z.string(),
  sentBy: z.object({ userId: nullableString, apiKeyId: nullableString, name: nullableString }),
  createdAt: z.string(),
  status: sendStatus,
  messageId: nullableString,
  error: nullableString,
  /** SHA-256 (hex) of the PDF attached: an issued document's is the same on every send. */
  attachmentSha256: nullableString,
  events: z.array(sendEvent),
});

/** What POST …/sends/preview answers: the mail exactly as the recipients get it. */
export const sendPreview = z.object({ subject: z.string(), text: z.string(), html: z.string(), to: z.array(sentTo), cc: z.array(sentTo) });

export type DocumentType = z.infer<typeof documentType>;
export type DocumentStatus = z.infer<typeof documentStatus>;
export type SendPreview = z.infer<typeof sendPreview>;
export type DocumentLine = z.infer<typeof documentLine>;
export type DocumentCreate = z.infer<typeof documentCreate>;
export type DocumentContent = z.infer<typeof documentContent>;
export type DocumentPatch = z.infer<typeof documentPatch>;
export type InterventionInput = z.infer<typeof interventionInput>;
export type Intervention = z.infer<typeof intervention>;
export type Document = z.infer<typeof document>;
export type ListedDocument = z.infer<typeof listedDocument>;
export type RecipientKind = z.infer<typeof recipientKind>;
export type Recipient = z.infer<typeof recipient>;
export type Recipients = z.infer<typeof recipients>;
export type RecipientRef = z.infer<typeof recipientRef>;
export type SendCreate = z.infer<typeof sendCreate>;
export type SendStatus = z.infer<typeof sendStatus>;
export type SentTo = z.infer<typeof sentTo>;
export type SendEvent = z.infer<typeof sendEvent>;
export type Send = z.infer<typeof send>;
