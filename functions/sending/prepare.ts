import { ulid } from 'ulid';
import type { SendCreate } from '../../shared/documents';
import type { Contact } from '../../shared/schemas';
import { assertContactsModuleOn } from '../contacts';
import { contactFromRecord, contactRecordKey } from '../contacts/parts';
import { loadDocumentBundle, renderBundlePdf, type DocumentBundle } from '../documents';
import { earlierFromRecords, fingerprintOf, idempotencyRecordKey, type Earlier, type IdempotencyScope } from '../idempotency';
import { mailConfig } from '../lib/config';
import { now } from '../lib/store';
import { getOrganization } from '../organizations';
import { sendKey, type SendItem, type SendRef } from './item';
import { buildMessage, defaultSubject, messageBody } from './mime';
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
  const resolved = resolveRecipients(request, bundle, sender, contacts);
  const ref: SendRef = { orgId, clientId, documentId, sendId: ulid() };
  const organization = await getOrganization(orgId);
  const subject =
    request.subject?.trim() ||
    defaultSubject({ type: bundle.document.type, number: bundle.document.number, organizationName: organization.name });
  const raw = await compose(bundle, request, subject, resolved, sender, organization, ref.sendId);
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
  bundle: DocumentBundle,
  request: SendCreate,
  subject: string,
  resolved: ReturnType<typeof resolveRecipients>,
  sender: Sender,
  organization: Awaited<ReturnType<typeof getOrganization>>,
  sendId: string,
): Promise<Uint8Array> {
  const doc = bundle.document;
  const { filename, pdf } = await renderBundlePdf(sender.orgId, bundle);
  const body = messageBody({
    type: doc.type,
    number: doc.number,
    date: doc.date,
    grossCents: doc.totals.grossCents,
    organizationName: organization.name,
    message: request.message,
  });
  return buildMessage({
    from: { name: organization.settings.sender.fromName ?? organization.name, address: mailConfig().fromAddress },
    replyTo: sender.email ?? organization.settings.sender.replyTo,
    to: resolved.to.map((r) => ({ name: r.name, address: r.email })),
    cc: resolved.cc.map((r) => ({ name: r.name, address: r.email })),
    subject,
    text: body.text,
    html: body.html,
    attachment: { filename, content: pdf },
    sendId,
  });
}
