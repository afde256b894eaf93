import type { SendStatus } from '../../shared/documents';
import { isConditionFailure, now, putItem, query, updateItem } from '../lib/store';
import { byMessageId, suppressionKey, type SendEventItem, type SendItem, type Suppression, type SuppressionItem } from './item';
import { FAILED_FROM_RANK, STATUS_RANK } from './status';

/** One SES event as it concerns one recipient (or the whole message: email null). */
export interface DeliveryEvent {
  type: string;
  at: string;
  email: string | null;
  detail: string | null;
  /** The status it moves the send to, if any. */
  status: SendStatus | null;
  /** A hard bounce or a complaint: the address is not offered again. */
  suppress: Suppression | null;
  /** Stable across duplicate notifications: the event's key. */
  fingerprint: string;
}

export type EventsOutcome = 'recorded' | 'duplicate' | 'unknown_message';

/**
 * Records SES events of one message beside its send (found by message id through gsi2), moves the
 * send's status forward, and marks addresses that bounced hard or complained. Idempotent: an event
 * already recorded (same fingerprint) changes nothing. Uses only Query, PutItem and UpdateItem (the
 * events function's permissions).
 */
export async function recordDeliveryEvents(messageId: string, events: DeliveryEvent[]): Promise<EventsOutcome> {
  const { items } = await query<SendItem>({
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk',
    ExpressionAttributeValues: { ':pk': byMessageId(messageId) },
    Limit: 1,
  });
  const send = items[0];
  if (!send) return 'unknown_message';
  const fresh: DeliveryEvent[] = [];
  for (const e of events) {
    const event: SendEventItem = {
      pk: send.pk,
      sk: `${send.sk}#EVENT#${e.at}#${e.type}#${e.fingerprint}`,
      type: 'sendEvent',
      sendId: send.sendId,
      eventType: e.type,
      at: e.at,
      email: e.email,
      detail: e.detail,
    };
    try {
      await putItem(event, { expression: 'attribute_not_exists(pk)' });
      fresh.push(e);
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  if (!fresh.length) return 'duplicate';

  const statuses = [...new Set(fresh.map((e) => e.status).filter((s): s is SendStatus => s !== null))].sort(
    (a, b) => STATUS_RANK[a] - STATUS_RANK[b],
  );
  for (const status of statuses) {
    try {
      await updateItem({
        Key: { pk: send.pk, sk: send.sk },
        UpdateExpression: 'SET #status = :s, statusRank = :r, updatedAt = :at',
        ConditionExpression: status === 'failed' ? 'statusRank <= :from' : 'statusRank < :r',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':s': status,
          ':r': STATUS_RANK[status],
          ':at': now(),
          ...(status === 'failed' ? { ':from': FAILED_FROM_RANK } : {}),
        },
      });
    } catch (error) {
      // Already at this status or past it: the history keeps the event, the status stays.
      if (!isConditionFailure(error)) throw error;
    }
  }

  for (const e of fresh) {
    if (!e.suppress || !e.email) continue;
    const suppression: SuppressionItem = {
      ...suppressionKey(send.orgId, e.email),
      type: 'suppression',
      email: e.email.toLowerCase(),
      reason: e.suppress,
      at: e.at,
      messageId,
      clientId: send.clientId,
      documentId: send.documentId,
      sendId: send.sendId,
    };
    await putItem(suppression);
  }
  return 'recorded';
}
