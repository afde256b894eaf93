import type { Contact } from '../../shared/schemas';
import { clientPartition } from '../lib/keys';

/** A secondary contact, in its client's partition, indexed by address (lsi1) and by name (gsi1..3). */
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
  sk: `CONTACT#${contactId}`,
});

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
