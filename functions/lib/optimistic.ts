import { AppError } from './errors';
import { isConditionFailure, transact, updateItem, type Key, type TransactItem } from './store';

/**
 * Optimistic writes: read, change, write on condition that the version is still the one read.
 * With `If-Match` a lost race is the caller's 412; without it the server reads again and retries,
 * so that a 412 only ever means "your If-Match is stale" (API.md, second wave).
 */
export const changedMeanwhile = (what: string) =>
  new AppError('precondition_failed', `The ${what} changed meanwhile; reload it and try again`);

/** Thrown by an attempt whose conditional write found another version. */
export class VersionMoved extends Error {
  constructor() {
    super('version moved');
  }
}

const MAX_ATTEMPTS = 25;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` (which reads, then writes on condition) until it lands. A `VersionMoved` or a
 * transaction conflict retries after a short jittered pause; with `ifMatch` a `VersionMoved` is 412.
 */
export async function withVersionRetry<T>(what: string, ifMatch: number | undefined, attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      const moved = error instanceof VersionMoved;
      const conflict =
        (error instanceof AppError && error.code === 'conflict' && error.extra.reason === 'transaction_conflict') ||
        (error as { name?: string })?.name === 'TransactionConflictException';
      if (moved && ifMatch !== undefined) throw changedMeanwhile(what);
      if (!moved && !conflict) throw error;
      if (n >= MAX_ATTEMPTS) throw new AppError('conflict', `Too many simultaneous changes of this ${what}; try again`);
      await sleep(Math.random() * Math.min(80, 4 * n));
    }
  }
}

/**
 * The UpdateItem parts that SET exactly `attributes` (undefined ones are REMOVEd), so that an update
 * never writes back attributes that other writers own (counters, markers).
 */
export function setAttributes(attributes: Record<string, unknown>): {
  UpdateExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
} {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const set: string[] = [];
  const remove: string[] = [];
  Object.entries(attributes).forEach(([name, value], i) => {
    names[`#u${i}`] = name;
    if (value === undefined) remove.push(`#u${i}`);
    else {
      values[`:u${i}`] = value;
      set.push(`#u${i} = :u${i}`);
    }
  });
  const expression = [set.length ? `SET ${set.join(', ')}` : '', remove.length ? `REMOVE ${remove.join(', ')}` : ''].filter(Boolean);
  return { UpdateExpression: expression.join(' '), ExpressionAttributeNames: names, ExpressionAttributeValues: values };
}

/**
 * The Update of a record's own attributes (all of `item` but its key), on condition that it is still
 * at `version` (and `condition`, if given): counters and marks other writers move stay untouched.
 */
export function ownAttributesUpdate(
  item: Key & Record<string, unknown>,
  version: number,
  condition?: string,
): NonNullable<TransactItem['Update']> {
  const { pk, sk, ...attributes } = item;
  const update = setAttributes(attributes);
  return {
    Key: { pk, sk },
    ...update,
    ConditionExpression: condition ? `version = :v AND ${condition}` : 'version = :v',
    ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':v': version },
  };
}

/**
 * Writes a record's own attributes (see ownAttributesUpdate); another version there throws
 * VersionMoved. `parts` join the same transaction (the change's event).
 */
export async function writeOwnAttributes(
  item: Key & Record<string, unknown>,
  version: number,
  condition?: string,
  parts: TransactItem[] = [],
): Promise<void> {
  try {
    if (!parts.length) {
      await updateItem(ownAttributesUpdate(item, version, condition));
      return;
    }
    await transact([{ Update: ownAttributesUpdate(item, version, condition) }, ...parts], (reasons) =>
      reasons[0] === 'ConditionalCheckFailed' ? MOVED : undefined,
    );
  } catch (error) {
    if (isConditionFailure(error) || error === MOVED) throw new VersionMoved();
    throw error;
  }
}

/** The write's condition failed inside a transaction (mapped to VersionMoved above). */
const MOVED = new AppError('precondition_failed', 'version moved');
