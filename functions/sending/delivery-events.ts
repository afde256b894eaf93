import type { SendStatus } from '../../shared/documents';
import { logger } from '../lib/logger';
import { count, metricNames } from '../lib/monitoring';
import { eventPart } from '../events-feed';
import { AppError } from '../lib/errors';
import { isConditionFailure, now, putItem, query, transact, updateItem } from '../lib/store';
import { getSend } from './history';
import {
  byMessageId,
  SEND_BY_MESSAGE,
  sendEventKey,
  sendKey,
  suppressionKey,
  type SendEventItem,
  type SendItem,
  type SendRef,
  type Suppression,
  type SuppressionItem,
  toSend,
} from './item';
import { parseSesNotification, type SesNotification } from './ses-notification';
import { FAILED_FROM_RANK, STATUS_RANK } from './status';
import { noteSendStatus } from '../documents/parts';

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

async function sendOfMessage(messageId: string): Promise<SendItem | undefined> {
  const { items } = await query<SendItem>({
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk',
    ExpressionAttributeValues: { ':pk': byMessageId(messageId) },
    Limit: 1,
  });
  return items[0];
}

/**
 * Reconciliation: SES accepted the mail but its send was never told the message id (the API
 * crashed, or DynamoDB failed, right after SES answered). The mail's tags name the send: give it
 * its message id now, on condition that it has none, so the events below move it on.
 */
async function attachMessageId(ref: SendRef, messageId: string): Promise<SendItem | undefined> {
  try {
    const out = await updateItem({
      Key: sendKey(ref),
      UpdateExpression: 'SET messageId = :m, gsi2pk = :g, gsi2sk = :gs, updatedAt = :at',
      ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(messageId) OR messageId = :null)',
      ExpressionAttributeValues: { ':m': messageId, ':g': byMessageId(messageId), ':gs': SEND_BY_MESSAGE, ':at': now(), ':null': null },
      ReturnValues: 'ALL_NEW',
    });
    logger.warn('SES event reconciled a send recorded without its message id', { sendId: ref.sendId, messageId });
    return out.Attributes as SendItem | undefined;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    // No such send, or another event attached the id first.
    return sendOfMessage(messageId);
  }
}

/**
 * Records SES events of one message beside its send (found by message id through gsi2, else by the
 * mail's tags), moves the send's status forward, and marks addresses that bounced hard or
 * complained. Idempotent: an event already recorded (same fingerprint) changes nothing. Uses only
 * Query, PutItem and UpdateItem (the events function's permissions).
 */
export async function recordDeliveryEvents(messageId: string, events: DeliveryEvent[], ref: SendRef | null = null): Promise<EventsOutcome> {
  const send = (await sendOfMessage(messageId)) ?? (ref ? await attachMessageId(ref, messageId) : undefined);
  if (!send) return 'unknown_message';
  const fresh: DeliveryEvent[] = [];
  for (const e of events) {
    const event: SendEventItem = {
      ...sendEventKey(send, e.at, e.type, e.fingerprint),
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
  await moveStatus(send, fresh);
  await suppress(send, messageId, fresh);
  return 'recorded';
}

/** The statuses an SES event moves a send to that integrations hear of (send.delivered…). */
const OUTCOME_EVENTS = {
  delivered: 'send.delivered',
  bounced: 'send.bounced',
  complained: 'send.complained',
  failed: 'send.failed',
} as const;

/** The status moved on (not back): its condition failed, nothing to announce. */
const NOT_FORWARD = new AppError('conflict', 'status not moved forward');

async function moveStatus(send: SendItem, fresh: DeliveryEvent[]) {
  const statuses = [...new Set(fresh.map((e) => e.status).filter((s): s is SendStatus => s !== null))].sort(
    (a, b) => STATUS_RANK[a] - STATUS_RANK[b],
  );
  for (const status of statuses) {
    const update = {
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
    };
    const type = status in OUTCOME_EVENTS ? OUTCOME_EVENTS[status as keyof typeof OUTCOME_EVENTS] : null;
    try {
      if (!type) {
        await updateItem(update);
        await noteSendStatus(send, status);
        continue;
      }
      // The send as GET will return it (with the events just recorded), in the status's transaction.
      const current = await getSend({ orgId: send.orgId, clientId: send.clientId, documentId: send.documentId, sendId: send.sendId });
      const object = current ? { ...current, status } : toSend({ ...send, status }, []);
      await transact([{ Update: update }, eventPart(send.orgId, type, object)], (reasons) =>
        reasons[0] === 'ConditionalCheckFailed' ? NOT_FORWARD : undefined,
      );
      // The document's summary follows its latest send.
      await noteSendStatus(send, status);
    } catch (error) {
      // Already at this status or past it: the history keeps the event, the status stays.
      if (!isConditionFailure(error) && error !== NOT_FORWARD) throw error;
    }
  }
}

async function suppress(send: SendItem, messageId: string, fresh: DeliveryEvent[]) {
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
}

/** How long an event for a message we cannot find is retried (the send may still be being recorded). */
const RETRY_UNKNOWN_FOR_MS = 15 * 60 * 1000;

/**
 * Records one SES notification. An event for a message no send knows yet is thrown back (Lambda
 * retries, then the dead-letter queue) while it is recent; older ones are logged and dropped.
 */
export async function processSesNotification(message: string | SesNotification): Promise<EventsOutcome> {
  const { messageId, sentAt, ref, events } = parseSesNotification(message);
  const outcome = await recordDeliveryEvents(messageId, events, ref);
  if (outcome === 'recorded') {
    count(metricNames.bounces, events.filter((e) => e.suppress === 'bounced').length);
    count(metricNames.complaints, events.filter((e) => e.suppress === 'complained').length);
  }
  if (outcome === 'unknown_message') {
    if (Date.now() - Date.parse(sentAt) < RETRY_UNKNOWN_FOR_MS) throw new Error(`No send has SES message id ${messageId} yet`);
    logger.warn('SES event for an unknown message', { messageId, type: events[0]?.type });
  }
  return outcome;
}
