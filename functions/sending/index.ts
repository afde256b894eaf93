import { ulid } from 'ulid';
import type { Recipient, RecipientRef, Recipients, Send, SendCreate, SendEvent, SendStatus, SentTo } from '../../shared/documents';
import type { ContactItem } from '../contacts/item';
import { contactKey } from '../contacts/item';
import { assertContactsModuleOn, contactsOfClient } from '../contacts';
import { loadDocumentBundle, renderBundlePdf, type DocumentBundle } from '../documents';
import { documentKey } from '../documents/item';
import { getOrganization } from '../organizations';
import { mailConfig } from '../lib/config';
import { count, metricNames } from '../lib/monitoring';
import { AppError, notFound, unprocessable, type FieldError } from '../lib/errors';
import { clientPartition } from '../lib/keys';
import { logger } from '../lib/logger';
import { displayName } from '../lib/person';
import { batchGet, getItem, now, queryAll, transact, type Item, type TransactItem } from '../lib/store';
import { answerFromRecord, claim, complete, fingerprintOf, idempotencyKey, type IdempotencyItem, type StoredAnswer } from './idempotency';
import { buildMessage, defaultSubject, messageBody } from './mime';
import { sendRawEmail, sesErrorText } from './ses';
import {
  byMessageId,
  sendKey,
  sendsPrefix,
  suppressionKey,
  type SendEventItem,
  type SendItem,
  type Suppression,
  type SuppressionItem,
} from './item';
import { STATUS_RANK } from './status';

/**
 * Sending a document by email: its recipients, the send itself, its history. What SES then says
 * about a send is recorded by delivery-events.ts (the events function imports only that).
 */
export interface Sender {
  orgId: string;
  userId: string | null;
  apiKeyId: string | null;
  name: string;
  email: string | null;
}

// ---------- recipients ----------

interface Candidate {
  kind: Recipient['kind'];
  contactId: string | null;
  name: string | null;
  email: string | null;
  /** Set when there is no one to send to at all (a document without address). */
  missing?: string;
}

function mainCandidate(bundle: DocumentBundle): Candidate {
  const main = bundle.client.mainContact;
  return { kind: 'main', contactId: null, name: displayName(main) || bundle.client.name, email: main?.email ?? null };
}

function addressCandidate(bundle: DocumentBundle): Candidate {
  if (!bundle.address) return { kind: 'address', contactId: null, name: null, email: null, missing: 'no_address' };
  const site = bundle.address.siteContact;
  return { kind: 'address', contactId: null, name: displayName(site) || bundle.address.label, email: site?.email ?? null };
}

function contactCandidate(contact: Pick<ContactItem, 'contactId' | 'firstName' | 'lastName' | 'email'>): Candidate {
  return { kind: 'contact', contactId: contact.contactId, name: displayName(contact), email: contact.email ?? null };
}

function selfCandidate(sender: Sender): Candidate {
  return { kind: 'self', contactId: null, name: sender.name, email: sender.email };
}

async function suppressionsOf(orgId: string, emails: (string | null)[]): Promise<Map<string, Suppression>> {
  const unique = [...new Set(emails.filter((e): e is string => Boolean(e)).map((e) => e.toLowerCase()))];
  if (!unique.length) return new Map();
  const items = await batchGet<SuppressionItem>(unique.map((e) => suppressionKey(orgId, e)));
  return new Map(items.map((i) => [i.email, i.reason]));
}

function asRecipient(c: Candidate, suppressed: Map<string, Suppression>): Recipient {
  const reason = c.missing ?? (!c.email ? 'no_email' : (suppressed.get(c.email.toLowerCase()) ?? null));
  return { kind: c.kind, contactId: c.contactId, name: c.name, email: c.email, available: reason === null, reason };
}

/**
 * The four buttons: the client's main contact, the address contact of the document's address, the
 * client's secondary contacts (the document's own first; none while the module is off) and the
 * sender (null for an API key). Each says whether it can be used, and why not.
 */
export async function recipientsOf(sender: Sender, clientId: string, documentId: string): Promise<Recipients> {
  const orgId = sender.orgId;
  const moduleOn = (await getOrganization(orgId)).settings.modules.secondaryContacts;
  const [bundle, contacts] = await Promise.all([
    loadDocumentBundle(orgId, clientId, documentId),
    moduleOn ? contactsOfClient(orgId, clientId) : Promise.resolve([]),
  ]);
  const own = moduleOn && bundle.contact ? contactCandidate(bundle.contact) : null;
  const others = contacts
    .filter((c) => c.id !== bundle.document.contactId)
    .sort((a, b) => `${a.lastName ?? ''} ${a.firstName ?? ''}`.localeCompare(`${b.lastName ?? ''} ${b.firstName ?? ''}`, 'fr'))
    .map((c) => contactCandidate({ contactId: c.id, firstName: c.firstName, lastName: c.lastName, email: c.email }));
  const all = [
    mainCandidate(bundle),
    addressCandidate(bundle),
    ...(own ? [own] : []),
    ...others,
    ...(sender.email ? [selfCandidate(sender)] : []),
  ];
  const suppressed = await suppressionsOf(
    orgId,
    all.map((c) => c.email),
  );
  return {
    mainContact: asRecipient(mainCandidate(bundle), suppressed),
    addressContact: asRecipient(addressCandidate(bundle), suppressed),
    documentContact: own ? asRecipient(own, suppressed) : null,
    contacts: [...(own ? [own] : []), ...others].map((c) => asRecipient(c, suppressed)),
    self: sender.userId ? asRecipient(selfCandidate(sender), suppressed) : null,
  };
}

// ---------- sending ----------

const toView = (item: SendItem, events: SendEvent[]): Send => ({
  id: item.sendId,
  documentId: item.documentId,
  clientId: item.clientId,
  to: item.to,
  cc: item.cc,
  subject: item.subject,
  sentBy: item.sentBy,
  createdAt: item.createdAt,
  status: item.status,
  messageId: item.messageId,
  error: item.error,
  events,
});

function resolve(ref: RecipientRef, path: string, bundle: DocumentBundle, sender: Sender, contacts: Map<string, ContactItem>): SentTo {
  let candidate: Candidate;
  if (ref.kind === 'main') candidate = mainCandidate(bundle);
  else if (ref.kind === 'address') candidate = addressCandidate(bundle);
  else if (ref.kind === 'self') candidate = selfCandidate(sender);
  else {
    const contact = contacts.get(ref.contactId!);
    if (!contact)
      throw unprocessable('invalid_reference', `${path}.contactId is not a contact of this client`, [
        { path: `${path}.contactId`, message: 'is not a contact of this client' },
      ]);
    candidate = contactCandidate(contact);
  }
  if (!candidate.email) {
    const why =
      candidate.missing === 'no_address'
        ? 'the document has no address'
        : ref.kind === 'self' && !sender.userId
          ? 'an API key has no email of its own'
          : 'this recipient has no email';
    throw unprocessable('recipient_has_no_email', `${path}: ${why}`, [{ path, message: why }]);
  }
  return { kind: ref.kind, contactId: candidate.contactId, name: candidate.name, email: candidate.email };
}

/** Recipients once each: a duplicate address, or a Cc that is also in To, is dropped. */
function dedupe(to: SentTo[], cc: SentTo[]) {
  const seen = new Set<string>();
  const keep = (r: SentTo) => {
    const e = r.email.toLowerCase();
    if (seen.has(e)) return false;
    seen.add(e);
    return true;
  };
  return { to: to.filter(keep), cc: cc.filter(keep) };
}

class IdempotencyRace extends Error {}

export interface SendResult {
  send: Send;
  /** True when this is the stored answer of an earlier request with the same Idempotency-Key. */
  replayed: boolean;
}

function replay(answer: StoredAnswer): SendResult {
  if (answer.outcome === 'failed') throw new AppError('upstream_failed', answer.detail);
  return { send: answer.send, replayed: true };
}

/**
 * Sends the document's PDF to the chosen recipients, resolved here from the records (never raw
 * addresses). At most four DynamoDB requests: two BatchGets (document, client, idempotency record
 * and the named contacts; then the document's address and contact), a transaction that records
 * the send as `sending` (with the idempotency record, and checks that no recipient bounced or
 * complained), and after SES, a transaction that records `sent` or `failed` and the answer.
 */
export async function sendDocument(
  sender: Sender,
  clientId: string,
  documentId: string,
  request: SendCreate,
  idempotency?: string,
): Promise<SendResult> {
  const orgId = sender.orgId;
  const refs = [...request.to.map((r, i) => ({ r, path: `to.${i}` })), ...(request.cc ?? []).map((r, i) => ({ r, path: `cc.${i}` }))];
  const contactIds = [...new Set(refs.filter(({ r }) => r.kind === 'contact').map(({ r }) => r.contactId!))];
  if (contactIds.length) await assertContactsModuleOn(orgId);

  const fingerprint = fingerprintOf({ clientId, documentId, request });
  const recordKey = idempotency ? idempotencyKey(orgId, idempotency) : null;
  const bundle = await loadDocumentBundle(orgId, clientId, documentId, [
    ...(recordKey ? [recordKey] : []),
    ...contactIds.map((id) => contactKey(orgId, clientId, id)),
  ]);
  const record = bundle.extra.find((i) => i.type === 'idempotency') as IdempotencyItem | undefined;
  if (record) {
    const answer = answerFromRecord(record, fingerprint);
    if (answer) return replay(answer);
  }

  const contacts = new Map(
    bundle.extra.filter((i): i is Item & ContactItem => i.type === 'contact').map((c) => [c.contactId, c as ContactItem]),
  );
  const resolved = dedupe(
    request.to.map((r, i) => resolve(r, `to.${i}`, bundle, sender, contacts)),
    (request.cc ?? []).map((r, i) => resolve(r, `cc.${i}`, bundle, sender, contacts)),
  );

  const organization = await getOrganization(orgId);
  const doc = bundle.document;
  const { filename, pdf } = await renderBundlePdf(orgId, bundle);
  const subject = request.subject?.trim() || defaultSubject({ type: doc.docType, number: doc.number, organizationName: organization.name });
  const body = messageBody({
    type: doc.docType,
    number: doc.number,
    date: doc.date,
    grossCents: doc.totals.grossCents,
    organizationName: organization.name,
    message: request.message,
  });
  const raw = await buildMessage({
    from: { name: organization.settings.sender.fromName ?? organization.name, address: mailConfig().fromAddress },
    replyTo: sender.email ?? organization.settings.sender.replyTo,
    to: resolved.to.map((r) => ({ name: r.name, address: r.email })),
    cc: resolved.cc.map((r) => ({ name: r.name, address: r.email })),
    subject,
    text: body.text,
    html: body.html,
    attachment: { filename, content: pdf },
  });

  const sendId = ulid();
  const at = now();
  const item: SendItem = {
    ...sendKey(orgId, clientId, documentId, sendId),
    type: 'send',
    orgId,
    clientId,
    documentId,
    sendId,
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

  // The send is on record before SES is called: a crash or an SES failure never loses it.
  const everyone = [...resolved.to.map((r, i) => ({ r, path: `to.${i}` })), ...resolved.cc.map((r, i) => ({ r, path: `cc.${i}` }))];
  const first: TransactItem[] = [
    { Put: { Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
    ...(recordKey ? [claim(recordKey, fingerprint, at)] : []),
    ...everyone.map(({ r }) => ({
      ConditionCheck: { Key: suppressionKey(orgId, r.email), ConditionExpression: 'attribute_not_exists(pk)' },
    })),
  ];
  const offset = recordKey ? 2 : 1;
  for (let attempt = 1; ; attempt++) {
    try {
      await transact(first, (reasons) => {
        if (recordKey && reasons[1] === 'ConditionalCheckFailed') throw new IdempotencyRace();
        const failed: FieldError[] = [];
        reasons.forEach((r, i) => {
          const recipient = i >= offset ? everyone[i - offset] : undefined;
          if (recipient && r === 'ConditionalCheckFailed')
            failed.push({ path: recipient.path, message: 'this address bounced or complained; it is no longer sent to' });
        });
        return failed.length
          ? unprocessable(
              'recipient_has_no_email',
              `${failed.map((f) => f.path).join(', ')}: the address bounced or complained earlier`,
              failed,
            )
          : undefined;
      });
      break;
    } catch (error) {
      const race = error instanceof IdempotencyRace;
      if (!race && !(error instanceof AppError && error.code === 'conflict')) throw error;
      if (recordKey) {
        // Another request with the same key may have got there first: its record says what to answer.
        const existing = await getItem<IdempotencyItem>(recordKey);
        const answer = existing ? answerFromRecord(existing, fingerprint) : undefined;
        if (answer) return replay(answer);
        if (race) throw new AppError('conflict', 'A request with this Idempotency-Key is still running; retry in a moment');
      }
      // A concurrent transaction on the same recipient's mark (another send to them): try again.
      if (attempt >= 4) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40 * attempt));
    }
  }

  let messageId: string | null = null;
  let failure: string | null = null;
  try {
    messageId = await sendRawEmail(raw);
  } catch (error) {
    failure = sesErrorText(error);
    logger.warn('SES refused a send', { sendId, error: failure });
  }
  if (messageId) {
    count(metricNames.sends);
    count(metricNames.sentRecipients, everyone.length);
  } else count(metricNames.sendFailures);

  const done: SendItem = messageId
    ? { ...item, status: 'sent', statusRank: STATUS_RANK.sent, messageId, gsi2pk: byMessageId(messageId), gsi2sk: 'SEND', updatedAt: now() }
    : { ...item, status: 'failed', statusRank: STATUS_RANK.failed, error: failure, updatedAt: now() };
  const view = toView(done, []);
  const detail = `Amazon SES did not accept the email (${failure}); the send ${sendId} is recorded as failed, nothing was sent; try again`;
  const answer: StoredAnswer = messageId ? { outcome: 'sent', send: view } : { outcome: 'failed', detail };
  await transact([
    {
      Update: {
        Key: sendKey(orgId, clientId, documentId, sendId),
        UpdateExpression: messageId
          ? 'SET #status = :status, statusRank = :rank, messageId = :m, gsi2pk = :g, gsi2sk = :gs, updatedAt = :at'
          : 'SET #status = :status, statusRank = :rank, #error = :e, updatedAt = :at',
        ConditionExpression: 'statusRank = :sending',
        ExpressionAttributeNames: messageId ? { '#status': 'status' } : { '#status': 'status', '#error': 'error' },
        ExpressionAttributeValues: {
          ':status': done.status,
          ':rank': done.statusRank,
          ':at': done.updatedAt,
          ':sending': STATUS_RANK.sending,
          ...(messageId ? { ':m': messageId, ':g': done.gsi2pk, ':gs': done.gsi2sk } : { ':e': failure }),
        },
      },
    },
    ...(recordKey ? [complete(recordKey, answer)] : []),
  ]);

  if (!messageId) throw new AppError('upstream_failed', detail);
  if (mailConfig().endpoint && process.env.SES_SIMULATOR !== 'off') {
    // Locally, SES events come from the mailbox simulator (see local-simulator.ts).
    const { simulateSesEvents } = await import('./local-simulator');
    simulateSesEvents({
      messageId,
      source: mailConfig().fromAddress,
      subject,
      to: resolved.to.map((r) => r.email),
      cc: resolved.cc.map((r) => r.email),
    });
  }
  return { send: view, replayed: false };
}

// ---------- history ----------

/** The document's sends, newest first, each with its events (oldest first): one Query. */
export async function listSends(orgId: string, clientId: string, documentId: string): Promise<Send[]> {
  const items = await queryAll<SendItem | SendEventItem>({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    ExpressionAttributeValues: { ':pk': clientPartition(orgId, clientId), ':p': sendsPrefix(documentId) },
    ScanIndexForward: false,
  });
  if (!items.length) {
    // No history: one more read tells an unsent document from one that does not exist here.
    const document = await getItem(documentKey(orgId, clientId, documentId));
    if (!document) throw notFound('Document');
    return [];
  }
  const events = new Map<string, SendEvent[]>();
  for (const i of items) {
    if (i.type !== 'sendEvent') continue;
    const list = events.get(i.sendId) ?? [];
    list.push({ type: i.eventType, at: i.at, email: i.email, detail: i.detail });
    events.set(i.sendId, list);
  }
  return items
    .filter((i): i is SendItem => i.type === 'send')
    .map((s) =>
      toView(
        s,
        (events.get(s.sendId) ?? []).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)),
      ),
    );
}

export { recordDeliveryEvents, type DeliveryEvent, type EventsOutcome } from './delivery-events';
export { liftSuppression, listSuppressions, type LiftActor } from './suppressions';
