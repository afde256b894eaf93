import type { Document, RecipientRef, SendCreate, SentTo } from '../../shared/documents';
import { formatDateFr, formatEuros } from '../../shared/money';
import type { Contact } from '../../shared/schemas';
import { renderTemplate, type TemplateValues, textToHtml } from '../../shared/templates';
import type { DocumentBundle } from '../documents';
import type { Organization } from '../organizations';
import { getMailTemplate } from '../organizations/templates';
import type { Sender } from './recipients';

/**
 * The subject and text of a send: the organisation's template for the document's type, filled in
 * for the recipient, unless the sender typed their own; what they typed REPLACES the template's
 * text (greeting and sign-off included), so nothing is doubled. The preview and the send use this
 * same function: the preview is exactly what the recipients get.
 */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

const TYPE_LABEL: Record<Document['type'], string> = {
  invoice: 'Facture',
  quote: 'Devis',
  intervention: "Rapport d'intervention",
  credit_note: 'Avoir',
};

/** The first name to greet: the one person in To, when there is one. */
function firstNameOf(ref: RecipientRef | undefined, bundle: DocumentBundle, sender: Sender, contacts: Map<string, Contact>): string | null {
  if (!ref) return null;
  if (ref.kind === 'main') return bundle.client.mainContact?.firstName ?? null;
  if (ref.kind === 'address') return bundle.address?.siteContact?.firstName ?? null;
  if (ref.kind === 'contact') return (ref.contactId && contacts.get(ref.contactId)?.firstName) || null;
  return sender.name.split(' ')[0] ?? null;
}

export async function mailContent(
  request: SendCreate,
  to: SentTo[],
  bundle: DocumentBundle,
  sender: Sender,
  organization: Organization,
  contacts: Map<string, Contact>,
): Promise<MailContent> {
  const doc = bundle.document;
  const template = await getMailTemplate(organization.id, doc.type);
  const single = to.length === 1 ? request.to[0] : undefined;
  const values: TemplateValues = {
    'recipient.firstName': firstNameOf(single, bundle, sender, contacts),
    'recipient.name': to.length === 1 ? (to[0]?.name ?? null) : null,
    'document.type': TYPE_LABEL[doc.type],
    'document.number': doc.number,
    'document.date': formatDateFr(doc.date),
    'document.dueDate': doc.dueDate ? formatDateFr(doc.dueDate) : null,
    'document.validUntil': doc.validUntil ? formatDateFr(doc.validUntil) : null,
    'document.totalGross': formatEuros(doc.totals.grossCents).replace(/[\u202f\u00a0]/g, ' '),
    'document.title': doc.title,
    'client.name': bundle.client.name,
    'organization.name': organization.name,
    'sender.name': sender.name,
  };
  const subject = request.subject?.trim() || renderTemplate(template.subject, values);
  const text = request.message?.trim() ? request.message.replace(/\r\n/g, '\n').trim() : renderTemplate(template.body, values);
  return { subject, text, html: textToHtml(text) };
}
