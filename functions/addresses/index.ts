import { ulid } from 'ulid';
import { addressCreate, type Address, type AddressCreate, type AddressPatch } from '../../shared/schemas';
import { clean } from '../../shared/text';
import { clientKey } from '../clients';
import { AppError, notFound } from '../lib/errors';
import { clientPartition } from '../lib/keys';
import { mergePatch, siteContactOf } from '../lib/person';
import { checkVersion, getItem, isConditionFailure, now, putItem, query, queryAll, transact, type TransactItem } from '../lib/store';
import { validationError } from '../lib/validation';
import { addressGroup, addressKey, toAddress, type AddressItem } from './item';
import type { ContactItem } from '../contacts/item';

function buildItem(
  orgId: string,
  clientId: string,
  addressId: string,
  input: AddressCreate,
  meta: { version: number; createdAt: string; documentCount?: number },
): AddressItem {
  return {
    ...addressKey(orgId, clientId, addressId),
    type: 'address',
    orgId,
    clientId,
    addressId,
    label: input.label.trim(),
    line1: input.line1.trim(),
    line2: clean(input.line2),
    postalCode: input.postalCode.trim(),
    city: input.city.trim(),
    country: (clean(input.country) ?? 'FR').toUpperCase(),
    siteContact: siteContactOf(input.siteContact),
    notes: clean(input.notes),
    version: meta.version,
    createdAt: meta.createdAt,
    updatedAt: now(),
    lsi1sk: addressGroup(addressId),
    ...(meta.documentCount !== undefined ? { documentCount: meta.documentCount } : {}),
  };
}

/** One transaction: the client must exist, the address is written. */
export async function createAddress(orgId: string, clientId: string, input: AddressCreate): Promise<Address> {
  const addressId = ulid();
  const item = buildItem(orgId, clientId, addressId, input, { version: 1, createdAt: now() });
  await transact(
    [
      { ConditionCheck: { Key: clientKey(orgId, clientId), ConditionExpression: 'attribute_exists(pk)' } },
      { Put: { Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
    ],
    (reasons) => (reasons[0] === 'ConditionalCheckFailed' ? notFound('Client') : undefined),
  );
  return toAddress(item);
}

/** The client's addresses; one Query that also reads the client record (404 when it does not exist). */
export async function listAddresses(orgId: string, clientId: string): Promise<Address[]> {
  const items = await queryAll<AddressItem & { sk: string }>({
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': clientPartition(orgId, clientId), ':from': 'ADDRESS#', ':to': 'CLIENT' },
  });
  if (!items.some((i) => i.sk === 'CLIENT')) throw notFound('Client');
  return items
    .filter((i) => i.sk !== 'CLIENT')
    .map(toAddress)
    .sort((a, b) => a.label.localeCompare(b.label, 'fr'));
}

export async function getAddressItem(orgId: string, clientId: string, addressId: string): Promise<AddressItem> {
  const item = await getItem<AddressItem>(addressKey(orgId, clientId, addressId));
  if (!item) throw notFound('Address');
  return item;
}

export async function getAddress(orgId: string, clientId: string, addressId: string): Promise<Address> {
  return toAddress(await getAddressItem(orgId, clientId, addressId));
}

export async function updateAddress(
  orgId: string,
  clientId: string,
  addressId: string,
  patch: AddressPatch,
  ifMatch?: number,
): Promise<Address> {
  const current = await getAddressItem(orgId, clientId, addressId);
  checkVersion(current.version, ifMatch);
  const merged = mergePatch(
    {
      label: current.label,
      line1: current.line1,
      line2: current.line2,
      postalCode: current.postalCode,
      city: current.city,
      country: current.country,
      siteContact: current.siteContact,
      notes: current.notes,
    },
    patch,
  );
  const site = merged.siteContact ? { ...(merged.siteContact as Record<string, unknown>) } : null;
  if (site) delete site.phoneE164;
  const parsed = addressCreate.safeParse({ ...merged, siteContact: site });
  if (!parsed.success) throw validationError(parsed.error);
  const next = buildItem(orgId, clientId, addressId, parsed.data, {
    version: current.version + 1,
    createdAt: current.createdAt,
    documentCount: current.documentCount,
  });
  try {
    await putItem(next, { expression: 'version = :v', values: { ':v': current.version } });
  } catch (error) {
    if (isConditionFailure(error)) throw new AppError('precondition_failed', 'The address changed meanwhile; reload it and try again');
    throw error;
  }
  return toAddress(next);
}

/**
 * Deletes an address and, in the same transaction, unlinks the contacts that pointed to it
 * (they become "sans adresse"). Refused (409) while a document uses the address.
 */
export async function deleteAddress(orgId: string, clientId: string, addressId: string, ifMatch?: number): Promise<void> {
  const current = await getAddressItem(orgId, clientId, addressId);
  checkVersion(current.version, ifMatch);
  if ((current.documentCount ?? 0) > 0) throw new AppError('conflict', 'A document uses this address; it cannot be deleted');
  const { items } = await query<ContactItem>({
    IndexName: 'lsi1',
    KeyConditionExpression: 'pk = :pk AND begins_with(lsi1sk, :g)',
    ExpressionAttributeValues: { ':pk': clientPartition(orgId, clientId), ':g': addressGroup(addressId) },
  });
  const contacts = items.filter((i) => i.type === 'contact');
  if (contacts.length > 98) {
    throw new AppError(
      'conflict',
      `${contacts.length} contacts are linked to this address; move some of them first (at most 98 are unlinked at once)`,
    );
  }
  const at = now();
  const unlink: TransactItem[] = contacts.map((c) => ({
    Update: {
      Key: { pk: c.pk, sk: c.sk },
      UpdateExpression: 'SET addressId = :null, lsi1sk = :g, version = version + :one, updatedAt = :at',
      ConditionExpression: 'addressId = :a',
      ExpressionAttributeValues: { ':null': null, ':g': `${addressGroup(null)}${c.contactId}`, ':one': 1, ':at': at, ':a': addressId },
    },
  }));
  await transact(
    [
      {
        Delete: {
          Key: addressKey(orgId, clientId, addressId),
          ConditionExpression: 'version = :v AND (attribute_not_exists(documentCount) OR documentCount = :zero)',
          ExpressionAttributeValues: { ':v': current.version, ':zero': 0 },
        },
      },
      ...unlink,
    ],
    (reasons) =>
      reasons[0] === 'ConditionalCheckFailed'
        ? new AppError('conflict', 'The address changed or a document now uses it; reload and try again')
        : new AppError('conflict', 'A contact changed meanwhile; try again'),
  );
}
