import type { Send } from '../../shared/documents';
import { sendStatusPart } from '../documents';
import { completePart } from '../idempotency';
import { eventPart } from '../events-feed';
import { AppError } from '../lib/errors';
import { logger } from '../lib/logger';
import { count, metricNames } from '../lib/monitoring';
import { now, transact, type TransactItem } from '../lib/store';
import { byMessageId, SEND_BY_MESSAGE, sendKey, toSend, type SendItem, type SendRef } from './item';
import type { PreparedSend } from './prepare';
import { sendRawEmail, sesErrorText } from './ses';
import { STATUS_RANK } from './status';

/** The answer an Idempotency-Key keeps for a send. */
export type StoredAnswer = { outcome: 'sent'; send: Send } | { outcome: 'failed'; detail: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const historyPath = (ref: SendRef) => `/api/v1/clients/${ref.clientId}/documents/${ref.documentId}/sends`;

/**
 * SES took the mail but its record could not be updated: the mail has most likely gone. Its SES
 * events will mark the send (they find it by the mail's tags), and the same Idempotency-Key will
 * answer its state: a new key would mail it twice.
 */
const inDoubt = (ref: SendRef) =>
  new AppError(
    'unavailable',
    `Amazon SES accepted the email but the send ${ref.sendId} could not be recorded as sent: the email has most likely gone. Do not send it again with a new Idempotency-Key; its status shows in GET ${historyPath(ref)} once SES reports it, and a retry with the same Idempotency-Key answers it.`,
  );

/**
 * Step 3 of a send: SES is called (the mail tagged with the send), then ONE transaction records
 * `sent` with the message id (or `failed` with SES's reason) and the Idempotency-Key's answer.
 */
export async function deliverAndRecord(p: PreparedSend): Promise<Send> {
  let messageId: string | null = null;
  let failure: string | null = null;
  try {
    messageId = await sendRawEmail(p.mail);
  } catch (error) {
    failure = sesErrorText(error);
    logger.warn('SES refused a send', { sendId: p.ref.sendId, error: failure });
  }
  if (messageId) {
    count(metricNames.sends);
    count(metricNames.sentRecipients, p.item.to.length + p.item.cc.length);
  } else count(metricNames.sendFailures);
  const done: SendItem = messageId
    ? {
        ...p.item,
        status: 'sent',
        statusRank: STATUS_RANK.sent,
        messageId,
        gsi2pk: byMessageId(messageId),
        gsi2sk: SEND_BY_MESSAGE,
        updatedAt: now(),
      }
    : { ...p.item, status: 'failed', statusRank: STATUS_RANK.failed, error: failure, updatedAt: now() };
  const view = toSend(done, []);
  const detail = `Amazon SES did not accept the email (${failure}); the send ${p.ref.sendId} is recorded as failed, nothing was sent; try again`;
  const answer: StoredAnswer = messageId ? { outcome: 'sent', send: view } : { outcome: 'failed', detail };
  try {
    await recordOutcome(p, done, answer);
  } catch (error) {
    logger.error('A send could not be recorded after SES', { sendId: p.ref.sendId, messageId, error: String(error) });
    if (messageId) throw inDoubt(p.ref);
    throw new AppError('unavailable', `Amazon SES did not accept the email (${failure}), nothing was sent; try again in a moment`);
  }
  if (!messageId) throw new AppError('upstream_failed', detail);
  return view;
}

async function recordOutcome(p: PreparedSend, done: SendItem, answer: StoredAnswer) {
  const sent = done.messageId !== null;
  const parts: TransactItem[] = [
    {
      Update: {
        Key: sendKey(p.ref),
        UpdateExpression: sent
          ? 'SET #status = :status, statusRank = :rank, messageId = :m, gsi2pk = :g, gsi2sk = :gs, updatedAt = :at'
          : 'SET #status = :status, statusRank = :rank, #error = :e, updatedAt = :at',
        // Only from `sending`: an SES event may have reconciled it already (then it stays as the events say).
        ConditionExpression: 'statusRank = :sending',
        ExpressionAttributeNames: sent ? { '#status': 'status' } : ({ '#status': 'status', '#error': 'error' } as Record<string, string>),
        ExpressionAttributeValues: {
          ':status': done.status,
          ':rank': done.statusRank,
          ':at': done.updatedAt,
          ':sending': STATUS_RANK.sending,
          ...(sent ? { ':m': done.messageId, ':g': done.gsi2pk, ':gs': done.gsi2sk } : { ':e': done.error }),
        },
      },
    },
    // The document's summary (sendStatus), while this send is its latest.
    sendStatusPart(p.ref, done.status),
    ...(p.scope ? [completePart(p.scope, answer)] : []),
    // SES refused it: send.failed (an accepted mail's outcome comes with its SES events).
    ...(sent ? [] : [eventPart(p.ref.orgId, 'send.failed', toSend(done, []))]),
  ];
  for (let attempt = 1; ; attempt++) {
    try {
      await transact(parts, (reasons) => {
        if (reasons[0] === 'ConditionalCheckFailed') throw new MovedOn();
        if (reasons[1] === 'ConditionalCheckFailed') throw new NewerSend();
        return undefined;
      });
      return;
    } catch (error) {
      if (error instanceof NewerSend) {
        // A later send of the document began meanwhile: its outcome will write the summary.
        parts.splice(1, 1);
        continue;
      }
      if (error instanceof MovedOn) {
        // Its SES events got there first (through the mail's tags): the send says what happened.
        if (p.scope) await transact([completePart(p.scope, answer)]);
        return;
      }
      if (attempt >= 3) throw error;
      await sleep(100 * attempt);
    }
  }
}

class MovedOn extends Error {}
class NewerSend extends Error {}
