import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type QueryCommandInput,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './dynamo';
import { AppError } from './errors';

/** Thin wrappers over the document client: the table name filled in, DynamoDB errors mapped once. */
export type Key = { pk: string; sk: string };
export type Item = Record<string, unknown>;

export const now = () => new Date().toISOString();

export async function getItem<T = Item>(key: Key, consistent = true): Promise<T | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: consistent }));
  return out.Item as T | undefined;
}

export async function batchGet<T = Item>(keys: Key[]): Promise<T[]> {
  const result: T[] = [];
  let pending = dedupeKeys(keys);
  while (pending.length) {
    const chunk = pending.slice(0, 100);
    pending = pending.slice(100);
    let request: Record<string, { Keys: Key[] }> | undefined = { [tableName()]: { Keys: chunk } };
    while (request && Object.keys(request).length) {
      const out = await db().send(new BatchGetCommand({ RequestItems: request }));
      result.push(...((out.Responses?.[tableName()] ?? []) as T[]));
      request = out.UnprocessedKeys as typeof request;
    }
  }
  return result;
}

function dedupeKeys(keys: Key[]): Key[] {
  const seen = new Set<string>();
  return keys.filter((k) => {
    const id = `${k.pk}\u0000${k.sk}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

export async function putItem(item: object, condition?: { expression: string; names?: Record<string, string>; values?: Item }) {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: item as Item,
      ConditionExpression: condition?.expression,
      ExpressionAttributeNames: condition?.names,
      ExpressionAttributeValues: condition?.values,
    }),
  );
}

export async function deleteItem(key: Key, condition?: { expression: string; names?: Record<string, string>; values?: Item }) {
  await db().send(
    new DeleteCommand({
      TableName: tableName(),
      Key: key,
      ConditionExpression: condition?.expression,
      ExpressionAttributeNames: condition?.names,
      ExpressionAttributeValues: condition?.values,
    }),
  );
}

export async function updateItem(input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>) {
  return db().send(new UpdateCommand({ TableName: tableName(), ...input }));
}

export interface QueryPage<T> {
  items: T[];
  lastKey: Item | undefined;
}

export async function query<T = Item>(input: Omit<QueryCommandInput, 'TableName'>): Promise<QueryPage<T>> {
  const out = await db().send(new QueryCommand({ TableName: tableName(), ...input }));
  return { items: (out.Items ?? []) as T[], lastKey: out.LastEvaluatedKey };
}

/** Every page of a query (bounded by `max` items). */
export async function queryAll<T = Item>(input: Omit<QueryCommandInput, 'TableName'>, max = 10_000): Promise<T[]> {
  const items: T[] = [];
  let start: Item | undefined;
  do {
    const page = await query<T>({ ...input, ExclusiveStartKey: start });
    items.push(...page.items);
    start = page.lastKey;
  } while (start && items.length < max);
  return items;
}

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;
type Raw = TransactItems[number];
type NoTable<T> = Omit<NonNullable<T>, 'TableName'>;
/** A transaction item without its table name (filled in by `transact`). */
export type TransactItem = {
  ConditionCheck?: NoTable<Raw['ConditionCheck']>;
  Put?: Omit<NoTable<Raw['Put']>, 'Item'> & { Item: object };
  Delete?: NoTable<Raw['Delete']>;
  Update?: NoTable<Raw['Update']>;
};

function tx(item: TransactItem): Raw {
  const [kind] = Object.keys(item) as (keyof TransactItem)[];
  if (!kind) throw new Error('A transaction item names no operation');
  const body = item[kind] as Record<string, unknown>;
  return { [kind]: { TableName: tableName(), ...body } } as Raw;
}

/**
 * Runs a transaction. On cancellation, `onCancel` gets the per-item reasons ('ConditionalCheckFailed',
 * 'None', …) so the caller can say which rule broke.
 */
export async function transact(items: TransactItem[], onCancel?: (reasons: string[]) => AppError | undefined) {
  try {
    await db().send(new TransactWriteCommand({ TransactItems: items.map(tx) }));
  } catch (error) {
    const e = error as { name?: string; CancellationReasons?: { Code?: string }[] };
    if (e.name === 'TransactionCanceledException' && e.CancellationReasons) {
      const reasons = e.CancellationReasons.map((r) => r.Code ?? 'None');
      if (reasons.includes('TransactionConflict'))
        throw new AppError('conflict', 'A concurrent change was in progress; try again', { reason: 'transaction_conflict' });
      const mapped = onCancel?.(reasons);
      if (mapped) throw mapped;
    }
    throw error;
  }
}

export async function batchDelete(keys: Key[]) {
  for (let i = 0; i < keys.length; i += 25) {
    let request: Record<string, unknown[]> | undefined = {
      [tableName()]: keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } })),
    };
    while (request && Object.keys(request).length) {
      const out = await db().send(new BatchWriteCommand({ RequestItems: request as never }));
      request = out.UnprocessedItems as typeof request;
    }
  }
}

export const isConditionFailure = (error: unknown) => (error as { name?: string })?.name === 'ConditionalCheckFailedException';

/** Opaque list cursors: base64url JSON. A cursor that does not decode answers 400. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** The 400 of a cursor that was not given by the API (forged, damaged, or of another list or range). */
export const invalidCursor = () =>
  new AppError('invalid_request', 'The cursor is not valid', { errors: [{ path: 'cursor', message: 'is not valid' }] });

// Every string in a cursor is a key the list resumes from: never empty, and within DynamoDB's
// 1,024 bytes of a sort key with room for a suffix (a forged one would otherwise fail in DynamoDB).
const MAX_KEY_BYTES = 1000;
const isKeyText = (v: unknown) => typeof v !== 'string' || (v.length > 0 && Buffer.byteLength(v, 'utf8') <= MAX_KEY_BYTES);

export function decodeCursor<T>(cursor: string | undefined, check: (value: unknown) => value is T): T | undefined {
  if (!cursor) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const fields = typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.values(value) : [];
  if (fields.length && fields.every(isKeyText) && check(value)) return value;
  throw invalidCursor();
}

/** ETag versions: `If-Match: "3"` (or W/"3", or 3). */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (!header) return undefined;
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  if (!m) throw new AppError('precondition_failed', 'If-Match does not name a version of this record');
  return Number(m[1]);
}

export function checkVersion(current: number, ifMatch: number | undefined) {
  if (ifMatch !== undefined && ifMatch !== current) {
    throw new AppError('precondition_failed', `The record changed (version ${current}); reload it and try again`);
  }
}
