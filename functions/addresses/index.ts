import { ulid } from 'ulid';
import { addressCreate, type Address, type AddressCreate, type AddressPatch } from '../../shared/schemas';
import { assertExistsPart, isClientRecord } from '../clients/parts';
import { addressesRange, clientPartition } from '../clients/partition';
import { unlinkFromAddressParts } from '../contacts/parts';
import { eventPart } from '../events-feed';
import { AppError, notFound } from '../lib/errors';
import { VersionMoved, withVersionRetry, writeOwnAttributes } from '../lib/optimistic';
import { mergePatch } from '../lib/person';
import { checkVersion, getItem, isConditionFailure, queryAll, transact, updateItem, type Item } from '../lib/store';
import { validationError } from '../lib/validation';
import { addressKey, buildItem, isAddressItem, toAddress, type AddressItem } from './item';

/** Addresses (sites) of a client. What other modules compose is in parts.ts. */
export * from './parts';

/** One transaction: the client must exist, the address is written. */
export async function createAddress(orgId: string, clientId: string, input: AddressCreate): Promise<Address> {
  const addressId = ulid();
  const item = buildItem(orgId, clientId, addressId, input, { version: 1, createdAt: new Date().toISOString() });
  const created = toAddress(item);
  await transact(
    [
      assertExistsPart(orgId, clientId),
      { Put: { Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
      eventPart(orgId, 'address.created', created),
    ],
    (reasons) => (reasons[0] === 'ConditionalCheckFailed' ? notFound('Client') : undefined),
  );
  return created;
}

/** The client's addresses; one Query that also reads the client record (404 when it does not exist). */
export async function listAddresses(orgId: string, clientId: string): Promise<Address[]> {
  const items = await queryAll<Item>({
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': clientPartition(orgId, clientId), ':from': addressesRange.from, ':to': addressesRange.to },
  });
  if (!items.some(isClientRecord)) throw notFound('Client');
  return items
    .filter(isAddressItem)
    .map(toAddress)
    .sort((a, b) => a.label.localeCompare(b.label, 'fr'));
}

async function getAddressItem(orgId: string, clientId: string, addressId: string): Promise<AddressItem> {
  const item = await getItem<AddressItem>(addressKey(orgId, clientId, addressId));
  if (!item || item.deleting) throw notFound('Address');
  return item;
}

export async function getAddress(orgId: string, clientId: string, addressId: string): Promise<Address> {
  return toAddress(await getAddressItem(orgId, clientId, addressId));
}

/**
 * A JSON merge patch: the record's own attributes only (UpdateItem on condition of the version
 * read), never documentCount; a lost race without If-Match reads again and retries.
 */
export async function updateAddress(
  orgId: string,
  clientId: string,
  addressId: string,
  patch: AddressPatch,
  ifMatch?: number,
): Promise<Address> {
  return withVersionRetry('address', ifMatch, async () => {
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
    const next = buildItem(orgId, clientId, addressId, parsed.data, { version: current.version + 1, createdAt: current.createdAt });
    const updated = toAddress(next);
    await writeOwnAttributes({ ...next }, current.version, 'attribute_not_exists(deleting)', [
      eventPart(orgId, 'address.updated', updated),
    ]);
    return updated;
  });
}

const inUse = () => new AppError('conflict', 'A document uses this address; it cannot be deleted');

/**
 * Deletes an address and, in the same transaction, unlinks the contacts that pointed to it (they
 * become "sans adresse"). Refused (409, nothing changed) while a document uses it. The address is
 * first marked, on condition that no document uses it: from then on no contact or document can
 * link to it, so the contacts read next are all of them. Should the deletion fail, the mark is
 * taken off again.
 */
export async function deleteAddress(orgId: string, clientId: string, addressId: string, ifMatch?: number): Promise<void> {
  const key = addressKey(orgId, clientId, addressId);
  const mark = ulid();
  await withVersionRetry('address', ifMatch, async () => {
    const current = await getItem<AddressItem>(key);
    if (!current) throw notFound('Address');
    checkVersion(current.version, ifMatch);
    if ((current.documentCount ?? 0) > 0) throw inUse();
    try {
      await updateItem({
        Key: key,
        UpdateExpression: 'SET deleting = :mark',
        ConditionExpression: 'version = :v AND (attribute_not_exists(documentCount) OR documentCount = :zero)',
        ExpressionAttributeValues: { ':mark': mark, ':v': current.version, ':zero': 0 },
      });
    } catch (error) {
      if (isConditionFailure(error)) throw new VersionMoved();
      throw error;
    }
  });
  try {
    await withVersionRetry('address', undefined, async () => {
      const unlink = await unlinkFromAddressParts(orgId, clientId, addressId);
      await transact(
        [
          { Delete: { Key: key, ConditionExpression: 'deleting = :mark', ExpressionAttributeValues: { ':mark': mark } } },
          ...unlink,
          // The tombstone says the contacts linked to it are now "sans adresse" (no event each).
          eventPart(orgId, 'address.deleted', { id: addressId, clientId, deleted: true }),
        ],
        (reasons) => {
          // A contact moved between the read and the write: read them again.
          if (reasons.includes('ConditionalCheckFailed')) throw new VersionMoved();
          return undefined;
        },
      );
    });
  } catch (error) {
    await updateItem({
      Key: key,
      UpdateExpression: 'REMOVE deleting',
      ConditionExpression: 'deleting = :mark',
      ExpressionAttributeValues: { ':mark': mark },
    }).catch(() => undefined);
    throw error;
  }
}
