import type { Document, DocumentStatus, DocumentType, ListedDocument } from '../../shared/documents';
import { clientExists, clientNames } from '../clients/parts';
import { clientPartition, documentDates } from '../clients/partition';
import { notFound } from '../lib/errors';
import { decodeCursor, encodeCursor, invalidCursor, query, type Item } from '../lib/store';
import { SORT_HIGH } from '../../shared/text';
import { documentsByType, toDocument, type DocumentItem } from './item';

const HIGH = SORT_HIGH;
const isCursor = (v: unknown): v is { before: string } =>
  typeof v === 'object' && v !== null && typeof (v as { before?: unknown }).before === 'string';

/**
 * The organisation's documents of one type, newest first (gsi1, read backwards), optionally between
 * two dates; client names come in one BatchGet.
 */
export async function listDocuments(
  orgId: string,
  options: {
    type: DocumentType;
    from?: string;
    to?: string;
    limit?: number;
    cursor?: string;
    status?: DocumentStatus;
    sendStatus?: string;
  },
): Promise<{ items: ListedDocument[]; nextCursor: string | null }> {
  const limit = options.limit ?? 50;
  const before = decodeCursor(options.cursor, isCursor)?.before;
  const lo = options.from ?? '0';
  let hi = options.to ? `${options.to}#${HIGH}` : HIGH;
  // A cursor outside the range (before `from`, or forged) would make DynamoDB refuse the BETWEEN.
  if (before !== undefined && before <= lo) throw invalidCursor();
  if (before && before < hi) hi = before;
  // "What has not been sent yet?": filters on the status and the latest send's status.
  const filters: string[] = [];
  const values: Record<string, string> = { ':pk': documentsByType(orgId, options.type), ':lo': lo, ':hi': hi };
  if (options.status) {
    filters.push(options.status === 'issued' ? '(#status = :st OR attribute_not_exists(#status))' : '#status = :st');
    values[':st'] = options.status;
  }
  if (options.sendStatus) {
    filters.push(options.sendStatus === 'never' ? 'attribute_not_exists(sendStatus)' : 'sendStatus = :ss');
    if (options.sendStatus !== 'never') values[':ss'] = options.sendStatus;
  }
  const found: DocumentItem[] = [];
  let start: Item | undefined;
  // A filtered page reads on until it is full (or the range ends), a bounded number of times.
  for (let reads = 0; reads < (filters.length ? 20 : 1); reads++) {
    const page = await query<DocumentItem>({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :lo AND :hi',
      ExpressionAttributeValues: values,
      ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
      ...(options.status ? { ExpressionAttributeNames: { '#status': 'status' } } : {}),
      ScanIndexForward: false,
      Limit: filters.length ? Math.max(limit + 1, 100) : limit + 1,
      ExclusiveStartKey: start,
    });
    found.push(...page.items.filter((i) => i.gsi1sk !== before));
    start = page.lastKey;
    if (!start || found.length > limit) break;
  }
  const pageItems = found.slice(0, limit);
  const names = await clientNames(
    orgId,
    pageItems.map((d) => d.clientId),
  );
  const last = pageItems.at(-1);
  const more = found.length > limit || (filters.length > 0 && start !== undefined);
  return {
    items: pageItems.map((d) => ({ ...toDocument(d), clientName: names.get(d.clientId) ?? '' })),
    nextCursor: more && last ? encodeCursor({ before: last.gsi1sk }) : null,
  };
}

/** The client's documents (optionally of one type), newest first: lsi1 within the client's partition. */
export async function listClientDocuments(
  orgId: string,
  clientId: string,
  options: { type?: DocumentType; contactId?: string; limit?: number; cursor?: string },
): Promise<{ items: Document[]; nextCursor: string | null }> {
  const limit = options.limit ?? 50;
  const before = decodeCursor(options.cursor, isCursor)?.before;
  if (before !== undefined && before <= documentDates.from) throw invalidCursor();
  const pk = clientPartition(orgId, clientId);
  const filter = [options.type ? 'docType = :t' : '', options.contactId ? 'contactId = :c' : ''].filter(Boolean).join(' AND ');
  const readPages = async () => {
    const found: DocumentItem[] = [];
    let start: Item | undefined;
    do {
      const page = await query<DocumentItem>({
        IndexName: 'lsi1',
        KeyConditionExpression: 'pk = :pk AND lsi1sk BETWEEN :lo AND :hi',
        ExpressionAttributeValues: {
          ':pk': pk,
          ':lo': documentDates.from,
          ':hi': before ?? documentDates.to,
          ...(options.type ? { ':t': options.type } : {}),
          ...(options.contactId ? { ':c': options.contactId } : {}),
        },
        ...(filter ? { FilterExpression: filter } : {}),
        ScanIndexForward: false,
        Limit: limit + 1,
        ExclusiveStartKey: start,
      });
      found.push(...page.items.filter((i) => i.lsi1sk !== before));
      start = page.lastKey;
    } while (start && found.length <= limit);
    return found;
  };
  // The client is read alongside: another organisation's (or a missing) client answers 404.
  const [exists, found] = await Promise.all([clientExists(orgId, clientId), readPages()]);
  if (!exists) throw notFound('Client');
  const pageItems = found.slice(0, limit);
  const last = pageItems.at(-1);
  return {
    items: pageItems.map(toDocument),
    nextCursor: found.length > limit && last ? encodeCursor({ before: last.lsi1sk }) : null,
  };
}
