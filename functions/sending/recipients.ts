import type { Recipient, RecipientRef, Recipients, SentTo } from '../../shared/documents';
import type { Contact } from '../../shared/schemas';
import { contactsOfClient } from '../contacts/parts';
import { loadDocumentBundle, type DocumentBundle } from '../documents';
import { unprocessable } from '../lib/errors';
import { displayName } from '../lib/person';
import { batchGet } from '../lib/store';
import { getOrganization } from '../organizations';
import { suppressionKey, type Suppression, type SuppressionItem } from './item';

/**
 * Where a send gets its recipients: the client's main contact, the address contact of the
 * document's address, the client's secondary contacts, the sender. Always resolved from the
 * records, never from raw addresses.
 */
export interface Sender {
  orgId: string;
  userId: string | null;
  apiKeyId: string | null;
  name: string;
  email: string | null;
}

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

function contactCandidate(contact: Pick<Contact, 'id' | 'firstName' | 'lastName' | 'email'>): Candidate {
  return { kind: 'contact', contactId: contact.id, name: displayName(contact), email: contact.email ?? null };
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

const byName = (c: Contact) => `${c.lastName ?? ''} ${c.firstName ?? ''}`;

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
    .sort((a, b) => byName(a).localeCompare(byName(b), 'fr'))
    .map(contactCandidate);
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

function resolve(ref: RecipientRef, path: string, bundle: DocumentBundle, sender: Sender, contacts: Map<string, Contact>): SentTo {
  let candidate: Candidate;
  if (ref.kind === 'main') candidate = mainCandidate(bundle);
  else if (ref.kind === 'address') candidate = addressCandidate(bundle);
  else if (ref.kind === 'self') candidate = selfCandidate(sender);
  else {
    const contact = ref.contactId ? contacts.get(ref.contactId) : undefined;
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

/** The recipients a send names (by kind), resolved from the records; 422 naming the path of one that cannot be used. */
export function resolveRecipients(
  request: { to: RecipientRef[]; cc?: RecipientRef[] },
  bundle: DocumentBundle,
  sender: Sender,
  contacts: Map<string, Contact>,
): { to: SentTo[]; cc: SentTo[] } {
  return dedupe(
    request.to.map((r, i) => resolve(r, `to.${i}`, bundle, sender, contacts)),
    (request.cc ?? []).map((r, i) => resolve(r, `cc.${i}`, bundle, sender, contacts)),
  );
}
