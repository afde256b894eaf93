import MailComposer from 'nodemailer/lib/mail-composer';

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
