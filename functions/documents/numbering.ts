import { NUMBER_PREFIX, type DocumentType } from '../../shared/documents';
import { orgPartition } from '../lib/keys';
import { getItem, type TransactItem } from '../lib/store';

/**
 * Gapless numbers per organisation, type and year: a counter item under the organisation, moved
 * from n to n + 1 in the same transaction as the document put, on condition that it still says n.
 * A concurrent creation makes the condition (or the transaction) fail: read again and retry.
 */
const counterKey = (orgId: string, type: DocumentType, year: string) => ({ pk: orgPartition(orgId), sk: `COUNTER#${type}#${year}` });

export const formatNumber = (type: DocumentType, year: string, n: number) => `${NUMBER_PREFIX[type]}-${year}-${String(n).padStart(4, '0')}`;

/** Today in France (numbers and default dates follow the French calendar, not UTC). */
export function parisDate(at = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/**
 * Within one instance, creations that share a counter take turns (a promise chain per counter) and
 * start from the value the last one wrote: no lost race, no extra read. Across instances the
 * condition on the counter still decides, and a loser reads the counter again.
 */
const turns = new Map<string, Promise<unknown>>();
const lastKnown = new Map<string, number>();

async function inTurn<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = turns.get(key) ?? Promise.resolve();
  const mine = previous.then(fn, fn);
  const settled = mine.catch(() => undefined);
  turns.set(key, settled);
  try {
    return await mine;
  } finally {
    if (turns.get(key) === settled) turns.delete(key);
  }
}

/** One counter (organisation, type, year) and the next number it gives. */
export interface Numbering {
  /** Reads the counter (or trusts this instance's last write on a first attempt); the number it would give. */
  next(attempt: number): Promise<{ number: string; part: TransactItem }>;
  /** Runs the creation in this counter's turn, remembering the number written when it succeeds. */
  inTurn<T>(fn: () => Promise<T>): Promise<T>;
}

export function numbering(orgId: string, type: DocumentType, year: string): Numbering {
  const counter = counterKey(orgId, type, year);
  const turn = `${counter.pk}|${counter.sk}`;
  let current = 0;
  return {
    async next(attempt) {
      const known = attempt === 1 ? lastKnown.get(turn) : undefined;
      current = known ?? (await getItem<{ last?: number }>(counter))?.last ?? 0;
      return {
        number: formatNumber(type, year, current + 1),
        part: {
          Update: {
            Key: counter,
            UpdateExpression: 'SET #last = :next',
            ConditionExpression: current === 0 ? 'attribute_not_exists(#last)' : '#last = :current',
            ExpressionAttributeNames: { '#last': 'last' },
            ExpressionAttributeValues: current === 0 ? { ':next': 1 } : { ':next': current + 1, ':current': current },
          },
        },
      };
    },
    inTurn: (fn) =>
      inTurn(turn, async () => {
        const result = await fn();
        lastKnown.set(turn, current + 1);
        return result;
      }),
  };
}
