import type { SuppressedAddress } from '../../shared/suppressions';
import { AppError, notFound } from '../lib/errors';
import { orgPartition } from '../lib/keys';
import { getItem, now, queryAll, transact } from '../lib/store';
import { SUPPRESSIONS_PREFIX, suppressionKey, suppressionLiftKey, type SuppressionItem, type SuppressionLiftItem } from './item';

/**
 * "Adresses en échec": the organisation's addresses that bounced hard or complained, which sends
 * refuse (422) and recipients report unavailable, and lifting one of them (an admin's decision,
 * e.g. the customer fixed their mailbox). A new hard bounce marks the address again.
 */

/** Who lifts a mark: recorded beside it. */
export interface LiftActor {
  userId: string | null;
  apiKeyId: string | null;
  name: string;
}

/** Every suppressed address of the organisation, most recent first: one Query. */
export async function listSuppressions(orgId: string): Promise<SuppressedAddress[]> {
  const items = await queryAll<SuppressionItem>({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    ExpressionAttributeValues: { ':pk': orgPartition(orgId), ':p': SUPPRESSIONS_PREFIX },
  });
  return items
    .map((i) => ({
      email: i.email,
      reason: i.reason,
      at: i.at,
      clientId: i.clientId ?? null,
      documentId: i.documentId ?? null,
      sendId: i.sendId ?? null,
    }))
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.email.localeCompare(b.email)));
}

/**
 * Lifts the mark of one address (404 when it is not suppressed in this organisation): one
 * transaction deletes the mark and records who lifted it and when.
 */
export async function liftSuppression(orgId: string, email: string, actor: LiftActor): Promise<void> {
  const key = suppressionKey(orgId, email);
  for (let attempt = 1; ; attempt++) {
    const mark = await getItem<SuppressionItem>(key);
    if (!mark) throw notFound('Suppressed address');
    const liftedAt = now();
    const lift: SuppressionLiftItem = {
      ...suppressionLiftKey(orgId, mark.email, liftedAt),
      type: 'suppressionLift',
      email: mark.email,
      reason: mark.reason,
      suppressedAt: mark.at,
      liftedAt,
      liftedBy: actor,
    };
    try {
      await transact(
        [
          // Only the mark that was read: if a new bounce rewrote it meanwhile, read it again.
          {
            Delete: {
              Key: key,
              ConditionExpression: '#at = :at',
              ExpressionAttributeNames: { '#at': 'at' },
              ExpressionAttributeValues: { ':at': mark.at },
            },
          },
          { Put: { Item: lift } },
        ],
        (reasons) =>
          reasons[0] === 'ConditionalCheckFailed' ? new AppError('conflict', 'The address was marked again meanwhile') : undefined,
      );
      return;
    } catch (error) {
      if (attempt >= 3 || !(error instanceof AppError && error.code === 'conflict')) throw error;
    }
  }
}
