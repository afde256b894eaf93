import MailComposer from 'nodemailer/lib/mail-composer';
import type { DocumentType } from '../../shared/documents';
import { formatDateFr, formatEuros } from '../../shared/money';

/**
 * The email of a send, as raw MIME (nodemailer's composer): From the organisation's sender name at
 * the verified address, Reply-To the person sending, the PDF attached. Headers are encoded by the
 * composer, and every header value is single-line here (names lose their control characters,
 * subjects are validated by the API), so no header can be injected.
 */
export interface MailAddress {
  name: string | null;
  address: string;
}

export interface MailInput {
  from: MailAddress;
  replyTo: string | null;
  to: MailAddress[];
  cc: MailAddress[];
  subject: string;
  text: string;
  html: string;
  attachment: { filename: string; content: Uint8Array };
  /** Carried in `X-Carnet-Send-Id`, so that a mail in anyone's hands says which send it is. */
  sendId?: string;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]+/g;
const oneLine = (value: string) => value.replace(CONTROL, ' ').trim();
const mailbox = (m: MailAddress) => ({ name: m.name ? oneLine(m.name) : '', address: oneLine(m.address) });

export async function buildMessage(input: MailInput): Promise<Buffer> {
  const composer = new MailComposer({
    from: mailbox(input.from),
    replyTo: input.replyTo ? oneLine(input.replyTo) : undefined,
    to: input.to.map(mailbox),
    cc: input.cc.length ? input.cc.map(mailbox) : undefined,
    subject: oneLine(input.subject),
    ...(input.sendId ? { headers: { 'X-Carnet-Send-Id': oneLine(input.sendId) } } : {}),
    text: input.text,
    html: input.html,
    attachments: [
      { filename: oneLine(input.attachment.filename), content: Buffer.from(input.attachment.content), contentType: 'application/pdf' },
    ],
  });
  return composer.compile().build();
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const LABELS: Record<DocumentType, { subject: string; article: string }> = {
  invoice: { subject: 'Facture', article: 'notre facture' },
  quote: { subject: 'Devis', article: 'notre devis' },
  intervention: { subject: "Rapport d'intervention", article: "le rapport de l'intervention" },
};

export interface TemplateInput {
  type: DocumentType;
  number: string;
  date: string;
  grossCents: number;
  organizationName: string;
  /** The sender's own words, replacing the default paragraph. */
  message?: string | null;
}

/** The default subject: `Facture F-2026-0001 — Dupont Chauffage & Fils`. */
export function defaultSubject(t: Pick<TemplateInput, 'type' | 'number' | 'organizationName'>): string {
  return `${LABELS[t.type].subject} ${t.number} — ${t.organizationName}`;
}

/** The French body, as text and as HTML (the user's text escaped). */
export function messageBody(t: TemplateInput): { text: string; html: string } {
  const label = LABELS[t.type];
  const amount = t.type === 'intervention' ? '' : ` d'un montant de ${formatEuros(t.grossCents)} TTC`;
  const paragraph =
    t.message?.trim() ||
    `Veuillez trouver ci-joint ${label.article} ${t.number} du ${formatDateFr(t.date)}${amount}.\n\nNous restons à votre disposition pour toute question.`;
  const attachmentNote = `Pièce jointe : ${t.number}.pdf`;
  const text = `Bonjour,\n\n${paragraph}\n\nCordialement,\n${t.organizationName}\n\n${attachmentNote}\n`;
  const html = [
    '<!doctype html><html lang="fr"><body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222">',
    '<p>Bonjour,</p>',
    ...paragraph.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p).replace(/\r?\n/g, '<br>')}</p>`),
    `<p>Cordialement,<br>${escapeHtml(t.organizationName)}</p>`,
    `<p style="color:#666;font-size:12px">${escapeHtml(attachmentNote)}</p>`,
    '</body></html>',
  ].join('\n');
  return { text, html };
}
