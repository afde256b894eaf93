import type { Send, SendCreate } from '../../shared/documents';
import { credentialOf, stillRunning, type Earlier } from '../idempotency';
import { AppError } from '../lib/errors';
import { getSend } from './history';
import { deliverAndRecord, type StoredAnswer } from './outcome';
import { prepareSend } from './prepare';
import type { Sender } from './recipients';
import { recordSending } from './record';

/**
 * Sends the document's PDF to the chosen recipients: prepare (prepare.ts: read, resolve, compose)
 * → record (record.ts: the send on record as `sending`, before SES) → outcome (outcome.ts: SES,
 * then `sent` or `failed`). At most four DynamoDB requests: two BatchGets, two transactions.
 */
export interface SendResult {
  send: Send;
  /** True when this answers an earlier request with the same Idempotency-Key. */
  replayed: boolean;
}

/** How long a request may still be running: past it, an unanswered key answers its send's state. */
const IN_FLIGHT_MS = 30_000;

export async function sendDocument(
  sender: Sender,
  clientId: string,
  documentId: string,
  request: SendCreate,
  idempotency?: string,
): Promise<SendResult> {
  const scope = idempotency ? { orgId: sender.orgId, credential: credentialOf(sender), key: idempotency } : null;
  const step = await prepareSend(sender, clientId, documentId, request, scope);
  if ('earlier' in step) return replay(sender.orgId, step.earlier);
  const earlier = await recordSending(step.prepared);
  if (earlier) return replay(sender.orgId, earlier);
  return { send: await deliverAndRecord(step.prepared), replayed: false };
}

/**
 * What a retry with the same key answers: the stored answer; else (no answer was stored: the first
 * request is still running, or died after SES) the send as it is now, once it has moved on from
 * `sending` (its SES events reconciled it) or once the first request cannot be running any more.
 */
async function replay(orgId: string, earlier: Earlier<StoredAnswer>): Promise<SendResult> {
  if (earlier.kind === 'answered') {
    if (earlier.answer.outcome === 'failed') throw new AppError('upstream_failed', earlier.answer.detail);
    return { send: earlier.answer.send, replayed: true };
  }
  const { clientId, documentId, sendId } = earlier.resource;
  const send = clientId && documentId && sendId ? await getSend({ orgId, clientId, documentId, sendId }) : undefined;
  const over = Date.now() - Date.parse(earlier.startedAt) > IN_FLIGHT_MS;
  if (send && (send.status !== 'sending' || over)) return { send, replayed: true };
  throw stillRunning();
}
