import { documentExists, sendStartPart } from '../documents';
import { claimPart, KeyTaken, readEarlier, stillRunning, type Earlier } from '../idempotency';
import { eventPart } from '../events-feed';
import { AppError, notFound, unprocessable, type FieldError } from '../lib/errors';
import { transact, type TransactItem } from '../lib/store';
import { suppressionKey, toSend } from './item';
import type { StoredAnswer } from './outcome';
import type { PreparedSend } from './prepare';

class DocumentMoved extends Error {}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Step 2 of a send, before SES is called, so that a crash or an SES failure never loses it: ONE
 * transaction puts the send (`sending`), counts it on the document (on condition that the document
 * is still the version whose PDF is attached: a document being deleted or changed stops the send),
 * claims the Idempotency-Key, and checks that no recipient bounced or complained. An earlier
 * request that holds the key is returned instead.
 */
export async function recordSending(p: PreparedSend): Promise<Earlier<StoredAnswer> | undefined> {
  const { orgId, clientId, documentId, sendId } = p.ref;
  const everyone = [...p.item.to.map((r, i) => ({ r, path: `to.${i}` })), ...p.item.cc.map((r, i) => ({ r, path: `cc.${i}` }))];
  const parts: TransactItem[] = [
    { Put: { Item: p.item, ConditionExpression: 'attribute_not_exists(pk)' } },
    sendStartPart(orgId, clientId, documentId, p.documentVersion, sendId),
    ...(p.scope ? [claimPart(p.scope, p.fingerprint, p.item.createdAt, { clientId, documentId, sendId })] : []),
    ...everyone.map(({ r }) => ({
      ConditionCheck: { Key: suppressionKey(orgId, r.email), ConditionExpression: 'attribute_not_exists(pk)' },
    })),
    // Last: the positions above are read back from the cancellation reasons.
    eventPart(orgId, 'send.created', toSend(p.item, [])),
  ];
  const offset = p.scope ? 3 : 2;
  for (let attempt = 1; ; attempt++) {
    try {
      await transact(parts, (reasons) => {
        if (reasons[1] === 'ConditionalCheckFailed') throw new DocumentMoved();
        if (p.scope && reasons[2] === 'ConditionalCheckFailed') throw new KeyTaken();
        const failed: FieldError[] = [];
        reasons.forEach((r, i) => {
          const who = everyone[i - offset];
          if (who && r === 'ConditionalCheckFailed')
            failed.push({ path: who.path, message: 'this address bounced or complained; it is no longer sent to' });
        });
        return failed.length
          ? unprocessable(
              'recipient_has_no_email',
              `${failed.map((f) => f.path).join(', ')}: the address bounced or complained earlier`,
              failed,
            )
          : undefined;
      });
      return undefined;
    } catch (error) {
      if (error instanceof DocumentMoved) {
        if (!(await documentExists(orgId, clientId, documentId))) throw notFound('Document');
        throw new AppError('conflict', 'The document changed while the send was being prepared; nothing was sent; try again');
      }
      const taken = error instanceof KeyTaken;
      if (!taken && !(error instanceof AppError && error.extra.reason === 'transaction_conflict')) throw error;
      if (p.scope) {
        // Another request with the same key may have got there first: its record says what to answer.
        const earlier = await readEarlier<StoredAnswer>(p.scope, p.fingerprint);
        if (earlier) return earlier;
        if (taken) throw stillRunning();
      }
      // A concurrent transaction on the document or a recipient's mark (another send): try again.
      if (attempt >= 4) throw error;
      await sleep(10 + Math.random() * 40 * attempt);
    }
  }
}
