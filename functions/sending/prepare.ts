import { ulid } from 'ulid';
import { type Document, hasLifecycle, type SendCreate, type SendPreview } from '../../shared/documents';
import type { Contact } from '../../shared/schemas';
import { assertContactsModuleOn } from '../contacts';
import { contactFromRecord, contactRecordKey } from '../contacts/parts';
import { loadDocumentBundle, pdfRecordKey, renderBundlePdf, type DocumentBundle } from '../documents';
import { earlierFromRecords, fingerprintOf, idempotencyRecordKey, type Earlier, type IdempotencyScope } from '../idempotency';
import { mailConfig } from '../lib/config';
import { now } from '../lib/store';
import { getOrganization, type Organization } from '../organizations';
import { AppError } from '../lib/errors';
import { sendKey, type SendItem, type SendRef } from './item';
import { buildMessage } from './mime';
import { type MailContent, mailContent } from './compose';
import { resolveRecipients, type Sender } from './recipients';
import { tagsOf } from './ses-notification';
import type { StoredAnswer } from './outcome';
import { STATUS_RANK } from './status';
import type { OutgoingMail } from './ses';

/** A send made ready: its record (status `sending`) and its mail, nothing written yet. */
export interface PreparedSend {
  ref: SendRef;
  item: SendItem;
  mail: OutgoingMail;
  /** The version of the document whose PDF is attached. */
  documentVersion: number;
  fingerprint: string;
  scope: IdempotencyScope | null;
}

/**
 * Step 1 of a send: reads the document with its client, the idempotency record and the named
 * contacts (one BatchGet, then the document's address and contact), resolves the recipients and
 * composes the mail. An earlier request with the same Idempotency-Key is returned instead.
 */
export async function prepareSend(
  sender: Sender,
  clientId: string,
  documentId: string,
  request: SendCreate,
  scope: IdempotencyScope | null,
): Promise<{ earlier: Earlier<StoredAnswer> } | { prepared: PreparedSend }> {
  const orgId = sender.orgId;
  const refs = [...request.to, ...(request.cc ?? [])];
  const contactIds = [...new Set(refs.flatMap((r) => (r.kind === 'contact' && r.contactId ? [r.contactId] : [])))];
  if (contactIds.length) await assertContactsModuleOn(orgId);

  const fingerprint = fingerprintOf({ clientId, documentId, request });
  const bundle = await loadDocumentBundle(orgId, clientId, documentId, [
    pdfRecordKey(orgId, clientId, documentId),
    ...(scope ? [idempotencyRecordKey(scope)] : []),
    ...contactIds.map((id) => contactRecordKey(orgId, clientId, id)),
  ]);
  const earlier = scope ? earlierFromRecords<StoredAnswer>(bundle.extra, scope, fingerprint) : undefined;
  if (earlier) return { earlier };

  const contacts = new Map(
    bundle.extra
      .map(contactFromRecord)
      .filter((c): c is Contact => c !== undefined)
      .map((c) => [c.id, c]),
  );
  assertIssued(bundle.document);
  const resolved = resolveRecipients(request, bundle, sender, contacts);
  const ref: SendRef = { orgId, clientId, documentId, sendId: ulid() };
  const organization = await getOrganization(orgId);
  const content = await mailContent(request, resolved.to, bundle, sender, organization, contacts);
  const subject = content.subject;
  const attachment = await renderBundlePdf(orgId, bundle);
  const raw = await compose(content, attachment, resolved, sender, organization, ref.sendId);
  const at = now();
  const item: SendItem = {
    ...sendKey(ref),
    type: 'send',
    ...ref,
    to: resolved.to,
    cc: resolved.cc,
    subject,
    sentBy: { userId: sender.userId, apiKeyId: sender.apiKeyId, name: sender.name },
    createdAt: at,
    updatedAt: at,
    status: 'sending',
    statusRank: STATUS_RANK.sending,
    messageId: null,
    error: null,
    attachmentSha256: attachment.sha256,
  };
  const mail: OutgoingMail = {
    raw,
    tags: tagsOf(ref),
    envelope: {
      source: mailConfig().fromAddress,
      subject,
      to: resolved.to.map((r) => r.email),
      cc: resolved.cc.map((r) => r.email),
    },
  };
  return { prepared: { ref, item, mail, documentVersion: bundle.document.version, fingerprint, scope } };
}

async function compose(
  content: MailContent,
  attachment: { filename: string; pdf: Uint8Array },
  resolved: ReturnType<typeof resolveRecipients>,
  sender: Sender,
  organization: Organization,
  sendId: string,
): Promise<Uint8Array> {
  return buildMessage({
    from: { name: organization.settings.sender.fromName ?? organization.name, address: mailConfig().fromAddress },
    replyTo: sender.email ?? organization.settings.sender.replyTo,
    to: resolved.to.map((r) => ({ name: r.name, address: r.email })),
    cc: resolved.cc.map((r) => ({ name: r.name, address: r.email })),
    subject: content.subject,
    text: content.text,
    html: content.html,
    attachment: { filename: attachment.filename, content: attachment.pdf },
    sendId,
  });
}

/** A draft invoice, quote or credit note is not sent: it is issued first (Valider). */
function assertIssued(doc: Document) {
  if (hasLifecycle(doc.type) && doc.status === 'draft') {
    throw new AppError('conflict', 'This document is a draft: issue it (POST …/issue) before sending it', {
      reason: 'document_not_issued',
    });
  }
}

/**
 * POST …/sends/preview: the mail exactly as the recipients would get it (subject, text, HTML and
 * who), without sending or writing anything.
 */
export async function previewSend(sender: Sender, clientId: string, documentId: string, request: SendCreate): Promise<SendPreview> {
  const orgId = sender.orgId;
  const contactIds = [
    ...new Set([...request.to, ...(request.cc ?? [])].flatMap((r) => (r.kind === 'contact' && r.contactId ? [r.contactId] : []))),
  ];
  if (contactIds.length) await assertContactsModuleOn(orgId);
  const bundle = await loadDocumentBundle(
    orgId,
    clientId,
    documentId,
    contactIds.map((id) => contactRecordKey(orgId, clientId, id)),
  );
  const contacts = new Map(
    bundle.extra
      .map(contactFromRecord)
      .filter((c): c is Contact => c !== undefined)
      .map((c) => [c.id, c]),
  );
  const resolved = resolveRecipients(request, bundle, sender, contacts);
  const content = await mailContent(request, resolved.to, bundle, sender, await getOrganization(orgId), contacts);
  return { ...content, to: resolved.to, cc: resolved.cc };
}
