import type { Address } from '../../shared/schemas';
import { ADDRESS_PREFIX, clientPartition } from '../clients/partition';
import { batchDelete, queryAll, type Item, type Key, type TransactItem } from '../lib/store';
import { addressKey, isAddressItem, toAddress } from './item';

/**
 * What other modules may do with an address inside their own transactions and reads, without
 * knowing its key or its shape.
 */
const LIVE = 'attribute_exists(pk) AND attribute_not_exists(deleting)';

/** Moves the address's documentCount; going up also proves it exists and is not being deleted. */
export function documentCountPart(orgId: string, clientId: string, addressId: string, delta: 1 | -1): TransactItem {
  return {
    Update: {
      Key: addressKey(orgId, clientId, addressId),
      UpdateExpression: 'ADD documentCount :delta',
      ConditionExpression: delta > 0 ? LIVE : 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':delta': delta },
    },
  };
}

/** The address exists (in this client's partition) and is not being deleted, when the transaction commits. */
export function assertExistsPart(orgId: string, clientId: string, addressId: string): TransactItem {
  return { ConditionCheck: { Key: addressKey(orgId, clientId, addressId), ConditionExpression: LIVE } };
}

/** The address's key, opaque, for a BatchGet that reads it with other records. */
export const addressRecordKey = (orgId: string, clientId: string, addressId: string): Key => addressKey(orgId, clientId, addressId);

/** A record read from the client's partition (or lsi1) as an address, if it is one. */
export function addressFromRecord(item: Item): Address | undefined {
  return isAddressItem(item) ? toAddress(item) : undefined;
}

/** For the client's deletion, once the client is marked (no address can be added any more). */
export async function deleteAddressesOfClient(orgId: string, clientId: string): Promise<void> {
  const items = await queryAll<Item>({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    ExpressionAttributeValues: { ':pk': clientPartition(orgId, clientId), ':p': ADDRESS_PREFIX },
    ProjectionExpression: 'pk, sk',
    ConsistentRead: true,
  });
  await batchDelete(items.map((i) => ({ pk: i.pk as string, sk: i.sk as string })));
}
