import type { Address, Contact, Overview } from '../../shared/schemas';
import { addressFromRecord } from '../addresses/parts';
import { contactFromRecord } from '../contacts/parts';
import { notFound } from '../lib/errors';
import { queryAll, type Item } from '../lib/store';
import { isSecondaryContactsOn } from '../organizations';
import { isClientItem, toClient } from './item';
import { clientPartition, overviewRange } from './partition';

/**
 * The client record with all three levels of contacts: ONE Query over the client's partition
 * (the overview range: addresses, the client, the contacts; documents and sends sort after).
 */
export async function getOverview(orgId: string, clientId: string): Promise<Overview> {
  const withContacts = await isSecondaryContactsOn(orgId);
  const range = overviewRange(withContacts);
  const items = await queryAll<Item>({
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': clientPartition(orgId, clientId), ':from': range.from, ':to': range.to },
  });
  const clientItem = items.find(isClientItem);
  if (!clientItem || clientItem.deleting) throw notFound('Client');
  const addresses = items.map(addressFromRecord).filter((a): a is Address => a !== undefined);
  const contacts = items.map(contactFromRecord).filter((c): c is Contact => c !== undefined);
  addresses.sort((a, b) => a.label.localeCompare(b.label, 'fr'));
  contacts.sort((a, b) => sortName(a).localeCompare(sortName(b), 'fr'));
  return { client: toClient(clientItem), addresses, contacts };
}

const sortName = (c: Contact) => `${c.lastName ?? ''} ${c.firstName ?? ''}`.trim();
