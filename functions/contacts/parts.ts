import type { Contact } from '../../shared/schemas';
import { addressGroup, clientPartition, CONTACT_PREFIX, contactInGroup } from '../clients/partition';
import { AppError } from '../lib/errors';
import { batchDelete, getItem, now, query, queryAll, type Item, type Key, type TransactItem } from '../lib/store';
import { contactKey, isContactItem, toContact, type ContactItem } from './item';

/**
 * What other modules may do with contacts inside their own transactions and reads, without
 * knowing their keys or their shape.
 */

/** At most this many contacts are unlinked in the one transaction of an address's deletion. */
export const MAX_UNLINKED = 98;

/**
 * For an address's deletion (once the address is marked, so no contact can link to it any more):
 * the Updates that make each of its contacts "sans adresse", each on condition that it still
 * points there. Read consistently from lsi1; 409 past MAX_UNLINKED.
 */
export async function unlinkFromAddressParts(orgId: string, clientId: string, addressId: string): Promise<TransactItem[]> {
  const items = await queryAll<Item>({
    IndexName: 'lsi1',
    KeyConditionExpression: 'pk = :pk AND begins_with(lsi1sk, :g)',
    ExpressionAttributeValues: { ':pk': clientPartition(orgId, clientId), ':g': addressGroup(addressId) },
    ConsistentRead: true,
  });
  const contacts = items.filter(isContactItem);
  if (contacts.length > MAX_UNLINKED) {
    throw new AppError(
      'conflict',
      `${contacts.length} contacts are linked to this address; move some of them first (at most ${MAX_UNLINKED} are unlinked at once)`,
    );
  }
  const at = now();
  return contacts.map((c) => ({
    Update: {
      Key: contactKey(orgId, clientId, c.contactId),
      UpdateExpression: 'SET addressId = :null, lsi1sk = :g, version = version + :one, updatedAt = :at',
      ConditionExpression: 'addressId = :a',
      ExpressionAttributeValues: { ':null': null, ':g': contactInGroup(null, c.contactId), ':one': 1, ':at': at, ':a': addressId },
    },
  }));
}

/** A contact as the rules about it need it (the intervention rule), or undefined. */
export async function contactForRules(orgId: string, clientId: string, contactId: string): Promise<Contact | undefined> {
  const item = await getItem(contactKey(orgId, clientId, contactId));
  return isContactItem(item) ? toContact(item) : undefined;
}

/** The contact is still at the version that was read (so still where it was), when the transaction commits. */
export function assertUnchangedPart(orgId: string, clientId: string, contact: Contact): TransactItem {
  return {
    ConditionCheck: {
      Key: contactKey(orgId, clientId, contact.id),
      ConditionExpression: 'version = :v',
      ExpressionAttributeValues: { ':v': contact.version },
    },
  };
}

/** The contact exists when the transaction commits. */
export function assertExistsPart(orgId: string, clientId: string, contactId: string): TransactItem {
  return { ConditionCheck: { Key: contactKey(orgId, clientId, contactId), ConditionExpression: 'attribute_exists(pk)' } };
}

/** A contact's key, opaque, for a BatchGet that reads it with other records. */
export const contactRecordKey = (orgId: string, clientId: string, contactId: string): Key => contactKey(orgId, clientId, contactId);

/** A read record as a contact, if it is one. */
export function contactFromRecord(item: Item): Contact | undefined {
  return isContactItem(item) ? toContact(item) : undefined;
}

/** For documents and sends: the contacts of a client (ignores the module switch; callers decide). */
export async function contactsOfClient(orgId: string, clientId: string): Promise<Contact[]> {
  const { items } = await query<ContactItem>({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :c)',
    ExpressionAttributeValues: { ':pk': clientPartition(orgId, clientId), ':c': CONTACT_PREFIX },
  });
  return items.map(toContact);
}

/** For the client's deletion, once the client is marked (no contact can be added any more). */
export async function deleteContactsOfClient(orgId: string, clientId: string): Promise<void> {
  const items = await queryAll<Item>({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :c)',
    ExpressionAttributeValues: { ':pk': clientPartition(orgId, clientId), ':c': CONTACT_PREFIX },
    ProjectionExpression: 'pk, sk',
    ConsistentRead: true,
  });
  await batchDelete(items.map((i) => ({ pk: i.pk as string, sk: i.sk as string })));
}
