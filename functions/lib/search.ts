import type { GlobalIndexName } from '../../infra/table';
import { SORT_HIGH, searchKey } from '../../shared/text';
import { decodeCursor, encodeCursor, query, type Item } from './store';

/**
 * Sorted, paginated lists over an organisation-wide index, with an optional prefix search that
 * may also look in other indexes (a client's reference, a contact's first name or email).
 *
 * Every list is sorted by its primary index's sort key (`<sort form of the name>#<id>`); the cursor
 * is the last sort key returned, so pages never repeat or skip an item even while others are added.
 */
export interface IndexPrefix {
  index: GlobalIndexName;
  partition: string;
}

export interface SortedListInput {
  primary: IndexPrefix;
  /** Extra indexes whose sort keys start with the searched text. */
  alsoSearch?: IndexPrefix[];
  q?: string;
  limit: number;
  cursor?: string;
}

const isCursor = (v: unknown): v is { after: string } =>
  typeof v === 'object' && v !== null && typeof (v as { after?: unknown }).after === 'string';

/** Compares two keys as DynamoDB does: by their UTF-8 bytes (JavaScript's `<` compares UTF-16 units). */
const compareKeys = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

export async function sortedList<T extends object>(input: SortedListInput): Promise<{ items: T[]; nextCursor: string | null }> {
  const after = decodeCursor(input.cursor, isCursor)?.after;
  const prefix = input.q ? searchKey(input.q) : '';
  const skName = `${input.primary.index}sk`;
  const pkName = `${input.primary.index}pk`;
  // The primary index is read in order from just after the cursor, within the prefix.
  const values: Record<string, string> = { ':pk': input.primary.partition };
  let condition = '#pk = :pk';
  // A cursor from a match through another index may sort past the whole prefix range: then the
  // primary index has nothing left to give (and DynamoDB refuses a BETWEEN whose bounds cross).
  let exhausted = false;
  if (prefix) {
    condition += ' AND #sk BETWEEN :lo AND :hi';
    const lo = after && compareKeys(after, prefix) >= 0 ? `${after}\u0000` : prefix;
    const hi = `${prefix}${SORT_HIGH}`;
    values[':lo'] = lo;
    values[':hi'] = hi;
    exhausted = compareKeys(lo, hi) > 0;
  } else if (after) {
    condition += ' AND #sk > :after';
    values[':after'] = after;
  }
  const primary = exhausted
    ? { items: [] as T[] }
    : await query<T>({
        IndexName: input.primary.index,
        KeyConditionExpression: condition,
        ExpressionAttributeNames: condition.includes('#sk') ? { '#pk': pkName, '#sk': skName } : { '#pk': pkName },
        ExpressionAttributeValues: values,
        Limit: input.limit + 1,
      });
  let items = primary.items;
  if (prefix && input.alsoSearch?.length) {
    // Matches through another field: merged in by the primary sort key, past the cursor only.
    const extra = await Promise.all(
      input.alsoSearch.map((s) =>
        query<T>({
          IndexName: s.index,
          KeyConditionExpression: `#pk = :pk AND begins_with(#sk, :p)`,
          ExpressionAttributeNames: { '#pk': `${s.index}pk`, '#sk': `${s.index}sk` },
          ExpressionAttributeValues: { ':pk': s.partition, ':p': prefix },
          Limit: 200,
        }),
      ),
    );
    const byKey = new Map<string, T>();
    for (const item of [...items, ...extra.flatMap((e) => e.items)]) {
      const sortKey = (item as Item)[skName] as string;
      if (after && compareKeys(sortKey, after) <= 0) continue;
      byKey.set(`${(item as Item).pk}|${(item as Item).sk}`, item);
    }
    // The primary page holds limit + 1 items, so the first `limit` merged items all sort before
    // any primary item not read yet: the page is exact.
    items = [...byKey.values()].sort((a, b) => compareKeys((a as Item)[skName] as string, (b as Item)[skName] as string));
  }
  const page = items.slice(0, input.limit);
  const more = items.length > input.limit;
  return {
    items: page,
    nextCursor: more && page.length ? encodeCursor({ after: (page[page.length - 1] as Item)[skName] as string }) : null,
  };
}
