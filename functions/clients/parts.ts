import type { Client } from '../../shared/schemas';
import { batchGet, getItem, type Item, type Key, type TransactItem } from '../lib/store';
import { clientKey, isClientItem, toClient, type ClientItem } from './item';

/**
 * What other modules may do with a client inside their own transactions and reads, without
 * knowing its key or its shape.
 */
const LIVE = 'attribute_exists(pk) AND attribute_not_exists(deleting)';

/** Moves the client's documentCount; going up also proves the client exists and is not being deleted. */
export function countDocumentPart(orgId: string, clientId: string, delta: 1 | -1): TransactItem {
  return {
    Update: {
      Key: clientKey(orgId, clientId),
      UpdateExpression: 'ADD documentCount :delta',
      ConditionExpression: delta > 0 ? LIVE : 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':delta': delta },
    },
  };
}

/** The client exists and is not being deleted, when the transaction commits. */
export function assertExistsPart(orgId: string, clientId: string): TransactItem {
  return { ConditionCheck: { Key: clientKey(orgId, clientId), ConditionExpression: LIVE } };
}

/** The client's key, opaque, for a BatchGet that reads it with other records. */
export const clientRecordKey = (orgId: string, clientId: string): Key => clientKey(orgId, clientId);

/** The client in a batch of read records (undefined when it is not among them, or being deleted). */
export function clientFromRecords(items: Item[], orgId: string, clientId: string): Client | undefined {
  const key = clientKey(orgId, clientId);
  const found = items.find((i) => i.pk === key.pk && i.sk === key.sk);
  return isClientItem(found) && !found.deleting ? toClient(found) : undefined;
}

/** Whether the client exists (an eventually consistent read, for lists). */
export async function clientExists(orgId: string, clientId: string): Promise<boolean> {
  const item = await getItem(clientKey(orgId, clientId), false);
  return isClientItem(item) && !item.deleting;
}

/** The names of some clients, in one BatchGet (lists across clients). */
export async function clientNames(orgId: string, clientIds: string[]): Promise<Map<string, string>> {
  if (!clientIds.length) return new Map();
  const items = await batchGet<ClientItem>([...new Set(clientIds)].map((id) => clientKey(orgId, id)));
  return new Map(items.map((c) => [c.clientId, c.name]));
}

/** Whether a record read from the client's partition is the client record itself. */
export const isClientRecord = (item: Item) => isClientItem(item) && !item.deleting;
