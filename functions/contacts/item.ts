import type { Contact, ContactCreate } from '../../shared/schemas';
import { clean, phoneE164, searchKey } from '../../shared/text';
import { clientPartition, contactInGroup, contactSortKey } from '../clients/partition';
import { orgIndexPartition } from '../lib/keys';
import { now, type Item } from '../lib/store';

/**
 * A secondary contact, in its client's partition, indexed by address (lsi1) and by name (gsi1..3).
 * Private to functions/contacts.
 */
export interface ContactItem extends Omit<Contact, 'id'> {
  pk: string;
  sk: string;
  type: 'contact';
  orgId: string;
  contactId: string;
  lsi1sk: string;
  gsi1pk: string;
  gsi1sk: string;
  gsi2pk?: string;
  gsi2sk?: string;
  gsi3pk?: string;
  gsi3sk?: string;
}

export const contactKey = (orgId: string, clientId: string, contactId: string) => ({
  pk: clientPartition(orgId, clientId),
  sk: contactSortKey(contactId),
});

export const byLastName = (orgId: string) => orgIndexPartition(orgId, 'CONTACTS');
export const byFirstName = (orgId: string) => orgIndexPartition(orgId, 'CONTACTS_FIRST');
export const byEmail = (orgId: string) => orgIndexPartition(orgId, 'CONTACTS_EMAIL');

export const isContactItem = (i: Item | undefined): i is Item & ContactItem => i?.type === 'contact';

export function toContact(i: ContactItem): Contact {
  return {
    id: i.contactId,
    clientId: i.clientId,
    civility: i.civility,
    firstName: i.firstName,
    lastName: i.lastName,
    jobTitle: i.jobTitle,
    email: i.email,
    phone: i.phone,
    phoneE164: i.phoneE164,
    mobile: i.mobile,
    mobileE164: i.mobileE164,
    addressId: i.addressId,
    notes: i.notes,
    version: i.version,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
  };
}

export function buildItem(
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
    lsi1sk: contactInGroup(addressId, contactId),
    gsi1pk: byLastName(orgId),
    gsi1sk: `${searchKey(lastName ?? firstName)} ${searchKey(firstName)}#${contactId}`,
    ...(firstName ? { gsi2pk: byFirstName(orgId), gsi2sk: `${searchKey(firstName)}#${contactId}` } : {}),
    ...(email ? { gsi3pk: byEmail(orgId), gsi3sk: `${searchKey(email)}#${contactId}` } : {}),
  };
}
