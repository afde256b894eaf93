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
import { clean, phoneE164, searchKey } from '../../shared/text';
import { addressGroup, addressKey, type AddressItem } from '../addresses/item';
import { clientKey, type ClientItem } from '../clients';
import { isSecondaryContactsOn } from '../organizations';
import { AppError, notFound, unprocessable } from '../lib/errors';
import { clientPartition, orgIndexPartition } from '../lib/keys';
import { mergePatch } from '../lib/person';
import { sortedList } from '../lib/search';
import {
  batchGet,
  checkVersion,
  deleteItem,
  getItem,
  isConditionFailure,
  now,
  putItem,
  query,
  queryAll,
  transact,
  type TransactItem,
} from '../lib/store';
import { validationError } from '../lib/validation';
import { contactKey, toContact, type ContactItem } from './item';

const byLastName = (orgId: string) => orgIndexPartition(orgId, 'CONTACTS');
const byFirstName = (orgId: string) => orgIndexPartition(orgId, 'CONTACTS_FIRST');
const byEmail = (orgId: string) => orgIndexPartition(orgId, 'CONTACTS_EMAIL');

/** The module switch: contacts answer 409 while it is off, and their data is kept. */
export async function assertContactsModuleOn(orgId: string) {
  if (!(await isSecondaryContactsOn(orgId))) {
    throw new AppError('module_disabled', 'The secondary contacts module is switched off (Paramètres → Modules)');
  }
}

function buildItem(
  orgId: string,
  clientId: string,
  contactId: string,
  input: ContactCreate,
  meta: { version: number; createdAt: string },
): ContactItem {
  const firstName = clean(input.firstName);
  const lastName = clean(input.lastName);
  const email = clean(input.email);
  const addressId = input.addressId ?? null;
  return {
    ...contactKey(orgId, clientId, contactId),
    type: 'contact',
    orgId,
    clientId,
    contactId,
    civility: input.civility ?? null,
    firstName,
    lastName,
    jobTitle: clean(input.jobTitle),
    email,
    phone: clean(input.phone),
    phoneE164: phoneE164(input.phone),
    mobile: clean(input.mobile),
    mobileE164: phoneE164(input.mobile),
    addressId,
    notes: clean(input.notes),
    version: meta.version,
    createdAt: meta.createdAt,
    updatedAt: now(),
    lsi1sk: `${addressGroup(addressId)}${contactId}`,
    gsi1pk: byLastName(orgId),
    gsi1sk: `${searchKey(lastName ?? firstName)} ${searchKey(firstName)}#${contactId}`,
    ...(firstName ? { gsi2pk: byFirstName(orgId), gsi2sk: `${searchKey(firstName)}#${contactId}` } : {}),
    ...(email ? { gsi3pk: byEmail(orgId), gsi3sk: `${searchKey(email)}#${contactId}` } : {}),
  };
}

function referenceChecks(orgId: string, clientId: string, addressId: string | null): TransactItem[] {
  return [
    { ConditionCheck: { Key: clientKey(orgId, clientId), ConditionExpression: 'attribute_exists(pk)' } },
    ...(addressId
      ? [{ ConditionCheck: { Key: addressKey(orgId, clientId, addressId), ConditionExpression: 'attribute_exists(pk)' } }]
      : []),
  ];
}

const invalidAddress = () =>
  unprocessable('invalid_reference', 'addressId is not an address of this client', [
    { path: 'addressId', message: 'is not an address of this client' },
  ]);

/** One transaction: the client exists, the address (if any) is one of its own, the contact is written. */
export async function createContact(orgId: string, clientId: string, input: ContactCreate): Promise<Contact> {
  await assertContactsModuleOn(orgId);
  const contactId = ulid();
  const item = buildItem(orgId, clientId, contactId, input, { version: 1, createdAt: now() });
  await transact(
    [...referenceChecks(orgId, clientId, item.addressId), { Put: { Item: item, ConditionExpression: 'attribute_not_exists(pk)' } }],
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
  const items = await queryAll<ContactItem>({
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': clientPartition(orgId, clientId), ':from': 'CLIENT', ':to': 'CONTACT$' },
  });
  if (!items.some((i) => i.sk === 'CLIENT')) throw notFound('Client');
  return items
    .filter((i) => i.type === 'contact')
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
    queryAll<ContactItem | AddressItem>({
      IndexName: 'lsi1',
      KeyConditionExpression: 'pk = :pk AND begins_with(lsi1sk, :g)',
      ExpressionAttributeValues: { ':pk': pk, ':g': g },
    });
  const [atAddress, withoutAddress] = await Promise.all([group(addressGroup(addressId)), group(addressGroup(null))]);
  if (!atAddress.some((i) => i.type === 'address')) throw notFound('Address');
  const contacts = [...atAddress, ...withoutAddress].filter((i): i is ContactItem => i.type === 'contact');
  contacts.sort((a, b) => (a.gsi1sk < b.gsi1sk ? -1 : 1));
  return eligibleContacts(contacts.map(toContact), addressId);
}

export async function updateContact(
  orgId: string,
  clientId: string,
  contactId: string,
  patch: ContactPatch,
  ifMatch?: number,
): Promise<Contact> {
  await assertContactsModuleOn(orgId);
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
  const checks = next.addressId && next.addressId !== current.addressId ? referenceChecks(orgId, clientId, next.addressId).slice(1) : [];
  const stale = () => new AppError('precondition_failed', 'The contact changed meanwhile; reload it and try again');
  if (!checks.length) {
    // Nothing else to check: a conditional Put (half the write cost of a transaction, and no
    // TransactionConflict between concurrent PATCHes: the losers get 412).
    try {
      await putItem(next, { expression: 'version = :v', values: { ':v': current.version } });
    } catch (error) {
      if (isConditionFailure(error)) throw stale();
      throw error;
    }
    return toContact(next);
  }
  await transact(
    [{ Put: { Item: next, ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': current.version } } }, ...checks],
    (reasons) =>
      reasons[0] === 'ConditionalCheckFailed' ? stale() : reasons[1] === 'ConditionalCheckFailed' ? invalidAddress() : undefined,
  );
  return toContact(next);
}

export async function deleteContact(orgId: string, clientId: string, contactId: string, ifMatch?: number): Promise<void> {
  await assertContactsModuleOn(orgId);
  try {
    await deleteItem(contactKey(orgId, clientId, contactId), {
      expression: ifMatch === undefined ? 'attribute_exists(pk)' : 'version = :v',
      values: ifMatch === undefined ? undefined : { ':v': ifMatch },
    });
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const exists = await getItem(contactKey(orgId, clientId, contactId));
    if (!exists) throw notFound('Contact');
    throw new AppError('precondition_failed', 'The contact changed meanwhile; reload it and try again');
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
  const clients = await batchGet<ClientItem>([...new Set(page.items.map((c) => c.clientId))].map((id) => clientKey(orgId, id)));
  const names = new Map(clients.map((c) => [c.clientId, c.name]));
  const items: DirectoryContact[] = page.items.map((c) => ({ ...toContact(c), clientName: names.get(c.clientId) ?? '' }));
  return { items, nextCursor: page.nextCursor };
}

/** For documents: the contacts of a client (ignores the module switch; callers decide). */
export async function contactsOfClient(orgId: string, clientId: string): Promise<Contact[]> {
  const { items } = await query<ContactItem>({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :c)',
    ExpressionAttributeValues: { ':pk': clientPartition(orgId, clientId), ':c': 'CONTACT#' },
  });
  return items.map(toContact);
}
