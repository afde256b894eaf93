import type { Send, SendEvent } from '../../shared/documents';
import { clientPartition, sendSortKey, sendsPrefix } from '../clients/partition';
import { documentExists } from '../documents';
import { notFound } from '../lib/errors';
import { queryAll } from '../lib/store';
import { toSend, type SendEventItem, type SendItem, type SendRef } from './item';

/** A document's sends with their events, newest first, from the items of one Query. */
function sendsOf(items: (SendItem | SendEventItem)[]): Send[] {
  const events = new Map<string, SendEvent[]>();
  for (const i of items) {
    if (i.type !== 'sendEvent') continue;
    const list = events.get(i.sendId) ?? [];
    list.push({ type: i.eventType, at: i.at, email: i.email, detail: i.detail });
    events.set(i.sendId, list);
  }
  const byTime = (a: SendEvent, b: SendEvent) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0);
  return items.filter((i): i is SendItem => i.type === 'send').map((s) => toSend(s, (events.get(s.sendId) ?? []).sort(byTime)));
}

/** The document's sends, newest first, each with its events (oldest first): one Query. */
export async function listSends(orgId: string, clientId: string, documentId: string): Promise<Send[]> {
  const items = await queryAll<SendItem | SendEventItem>({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    ExpressionAttributeValues: { ':pk': clientPartition(orgId, clientId), ':p': sendsPrefix(documentId) },
    ScanIndexForward: false,
  });
  if (!items.length) {
    // No history: one more read tells an unsent document from one that does not exist here.
    if (!(await documentExists(orgId, clientId, documentId))) throw notFound('Document');
    return [];
  }
  return sendsOf(items);
}

/** One send as it is now, with its events (a consistent Query), or undefined. */
export async function getSend(ref: SendRef): Promise<Send | undefined> {
  const items = await queryAll<SendItem | SendEventItem>({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)',
    ExpressionAttributeValues: { ':pk': clientPartition(ref.orgId, ref.clientId), ':s': sendSortKey(ref.documentId, ref.sendId) },
    ConsistentRead: true,
  });
  return sendsOf(items)[0];
}
