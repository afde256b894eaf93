import { ulid } from 'ulid';
import {
  contactCreate,
  type Contact,
  type ContactCreate,
  type ContactPatch,
  type DirectoryContact,
  type EligibleContact,
} from '../../shared/schemas';
import { eligibleContacts } from '../../shared/eligibility';
import { assertExistsPart as addressExistsPart } from '../addresses/parts';
import { assertExistsPart as clientExistsPart, clientNames, isClientRecord } from '../clients/parts';
import { addressGroup, clientPartition, contactsRange } from '../clients/partition';
import { isSecondaryContactsOn } from '../organizations';
import { AppError, notFound, unprocessable } from '../lib/errors';
import { changedMeanwhile, VersionMoved, withVersionRetry } from '../lib/optimistic';
import { mergePatch } from '../lib/person';
import { sortedList } from '../lib/search';
import { eventPart } from '../events-feed';
import { checkVersion, getItem, isConditionFailure, now, queryAll, transact, type Item } from '../lib/store';
import { validationError } from '../lib/validation';
import { buildItem, byEmail, byFirstName, byLastName, contactKey, isContactItem, toContact, type ContactItem } from './item';

/** Secondary contacts (level 3). What other modules compose is in parts.ts. */
export * from './parts';

/** The module switch: contacts answer 409 while it is off, and their data is kept. */
export async function assertContactsModuleOn(orgId: string) {
  if (!(await isSecondaryContactsOn(orgId))) {
    throw new AppError('module_disabled', 'The secondary contacts module is switched off (Paramètres → Modules)');
  }
}

const invalidAddress = () =>
  unprocessable('invalid_reference', 'addressId is not an address of this client', [
    { path: 'addressId', message: 'is not an address of this client' },
  ]);

/** One transaction: the client exists, the address (if any) is one of its own and still there, the contact is written. */
export async function createContact(orgId: string, clientId: string, input: ContactCreate): Promise<Contact> {
  await assertContactsModuleOn(orgId);
  const contactId = ulid();
  const item = buildItem(orgId, clientId, contactId, input, { version: 1, createdAt: now() });
  await transact(
    [
      clientExistsPart(orgId, clientId),
      ...(item.addressId ? [addressExistsPart(orgId, clientId, item.addressId)] : []),
      { Put: { Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
      eventPart(orgId, 'contact.created', toContact(item)),
    ],
    (reasons) =>
      reasons[0] === 'ConditionalCheckFailed' ? notFound('Client') : reasons[1] === 'ConditionalCheckFailed' ? invalidAddress() : undefined,
  );
  return toContact(item);
}

export async function getContact(orgId: string, clientId: string, contactId: string): Promise<Contact> {
  await assertContactsModuleOn(orgId);
  const item = await getItem<ContactItem>(contactKey(orgId, clientId, contactId));
  if (!item) throw notFound('Contact');
  return toContact(item);
}

/** All the client's contacts, sorted by name; one Query that also proves the client exists. */
export async function listContacts(orgId: string, clientId: string): Promise<Contact[]> {
  await assertContactsModuleOn(orgId);
  const items = await queryAll<Item>({
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': clientPartition(orgId, clientId), ':from': contactsRange.from, ':to': contactsRange.to },
  });
  if (!items.some(isClientRecord)) throw notFound('Client');
  return items
    .filter(isContactItem)
    .sort((a, b) => (a.gsi1sk < b.gsi1sk ? -1 : 1))
    .map(toContact);
}

/**
 * The intervention picker: contacts at `addressId` plus contacts without address. Two Queries on
 * lsi1 read only those contacts (never the whole list); the first also returns the address item,
 * which proves the address belongs to this client.
 */
export async function listEligibleContacts(orgId: string, clientId: string, addressId: string): Promise<EligibleContact[]> {
  await assertContactsModuleOn(orgId);
  const pk = clientPartition(orgId, clientId);
  const group = (g: string) =>
    queryAll<Item>({
      IndexName: 'lsi1',
      KeyConditionExpression: 'pk = :pk AND begins_with(lsi1sk, :g)',
      ExpressionAttributeValues: { ':pk': pk, ':g': g },
    });
  const [atAddress, withoutAddress] = await Promise.all([group(addressGroup(addressId)), group(addressGroup(null))]);
  if (!atAddress.some((i) => i.type === 'address' && !i.deleting)) throw notFound('Address');
  const contacts = [...atAddress, ...withoutAddress].filter(isContactItem);
  contacts.sort((a, b) => (a.gsi1sk < b.gsi1sk ? -1 : 1));
  return eligibleContacts(contacts.map(toContact), addressId);
}

/**
 * A JSON merge patch, written on condition of the version read (every writer of a contact moves
 * its version); a lost race without If-Match reads again and retries. Moving it to an address
 * checks, in the same transaction, that the address is still there.
 */
export async function updateContact(
  orgId: string,
  clientId: string,
  contactId: string,
  patch: ContactPatch,
  ifMatch?: number,
): Promise<Contact> {
  await assertContactsModuleOn(orgId);
  return withVersionRetry('contact', ifMatch, async () => {
    const current = await getItem<ContactItem>(contactKey(orgId, clientId, contactId));
    if (!current) throw notFound('Contact');
    checkVersion(current.version, ifMatch);
    const merged = mergePatch(
      {
        civility: current.civility,
        firstName: current.firstName,
        lastName: current.lastName,
        jobTitle: current.jobTitle,
        email: current.email,
        phone: current.phone,
        mobile: current.mobile,
        addressId: current.addressId,
        notes: current.notes,
      },
      patch,
    );
    const parsed = contactCreate.safeParse(merged);
    if (!parsed.success) throw validationError(parsed.error);
    const next = buildItem(orgId, clientId, contactId, parsed.data, { version: current.version + 1, createdAt: current.createdAt });
    const moves = next.addressId !== null && next.addressId !== current.addressId;
    const updated = toContact(next);
    await transact(
      [
        { Put: { Item: next, ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': current.version } } },
        eventPart(orgId, 'contact.updated', updated),
        // Moving it to an address: that address is still one of the client's.
        ...(moves && next.addressId ? [addressExistsPart(orgId, clientId, next.addressId)] : []),
      ],
      (reasons) => {
        if (reasons[0] === 'ConditionalCheckFailed') throw new VersionMoved();
        return reasons[2] === 'ConditionalCheckFailed' ? invalidAddress() : undefined;
      },
    );
    return updated;
  });
}

const GONE_OR_MOVED = new AppError('precondition_failed', 'contact gone or moved');

export async function deleteContact(orgId: string, clientId: string, contactId: string, ifMatch?: number): Promise<void> {
  await assertContactsModuleOn(orgId);
  try {
    await transact(
      [
        {
          Delete: {
            Key: contactKey(orgId, clientId, contactId),
            ConditionExpression: ifMatch === undefined ? 'attribute_exists(pk)' : 'version = :v',
            ...(ifMatch === undefined ? {} : { ExpressionAttributeValues: { ':v': ifMatch } }),
          },
        },
        eventPart(orgId, 'contact.deleted', { id: contactId, clientId, deleted: true }),
      ],
      (reasons) => (reasons[0] === 'ConditionalCheckFailed' ? GONE_OR_MOVED : undefined),
    );
  } catch (error) {
    if (!isConditionFailure(error) && error !== GONE_OR_MOVED) throw error;
    const exists = await getItem(contactKey(orgId, clientId, contactId));
    if (!exists) throw notFound('Contact');
    throw changedMeanwhile('contact');
  }
}

/**
 * The directory across all clients (menu "Suivi client" → Contacts): sorted by last name; `q`
 * matches the start of a last name, first name or email. Client names come in one BatchGet.
 */
export async function listDirectory(orgId: string, options: { q?: string; limit?: number; cursor?: string }) {
  await assertContactsModuleOn(orgId);
  const page = await sortedList<ContactItem>({
    primary: { index: 'gsi1', partition: byLastName(orgId) },
    alsoSearch: [
      { index: 'gsi2', partition: byFirstName(orgId) },
      { index: 'gsi3', partition: byEmail(orgId) },
    ],
    q: options.q,
    limit: options.limit ?? 50,
    cursor: options.cursor,
  });
  const names = await clientNames(
    orgId,
    page.items.map((c) => c.clientId),
  );
  const items: DirectoryContact[] = page.items.map((c) => ({ ...toContact(c), clientName: names.get(c.clientId) ?? '' }));
  return { items, nextCursor: page.nextCursor };
}
