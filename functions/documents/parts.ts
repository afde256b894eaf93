import type { SendStatus } from '../../shared/documents';
import { getItem, isConditionFailure, type TransactItem, updateItem } from '../lib/store';
import { documentKey, isDocumentItem } from './item';

/** What other modules (sending) may do with a document inside their own transactions and reads. */

/**
 * For a send's first transaction: counts the send on the document, on condition that it is still
 * the version whose PDF is attached. A deletion conditions on no send, so whichever commits first
 * wins: a send never starts on a deleted document, a document with a send is never deleted.
 */
export function sendStartPart(orgId: string, clientId: string, documentId: string, version: number, sendId: string): TransactItem {
  return {
    Update: {
      Key: documentKey(orgId, clientId, documentId),
      // The send becomes the document's latest, `sending` until its outcome says more.
      UpdateExpression: 'ADD sendCount :one SET lastSendId = :send, sendStatus = :sending',
      ConditionExpression: 'version = :v',
      ExpressionAttributeValues: { ':one': 1, ':v': version, ':send': sendId, ':sending': 'sending' },
    },
  };
}

/** For a send's outcome transaction: the document's summary, if this send is still its latest. */
export function sendStatusPart(
  ref: { orgId: string; clientId: string; documentId: string; sendId: string },
  status: SendStatus,
): TransactItem {
  return {
    Update: {
      Key: documentKey(ref.orgId, ref.clientId, ref.documentId),
      UpdateExpression: 'SET sendStatus = :s',
      ConditionExpression: 'lastSendId = :send',
      ExpressionAttributeValues: { ':s': status, ':send': ref.sendId },
    },
  };
}

/**
 * The document's summary of its latest send (`sendStatus`), moved as that send's status moves (its
 * outcome, its SES events); an older send's news never overwrites the latest one's. A summary: if
 * this write is lost, the next event of the send writes it again.
 */
export async function noteSendStatus(ref: { orgId: string; clientId: string; documentId: string; sendId: string }, status: SendStatus) {
  try {
    await updateItem({
      Key: documentKey(ref.orgId, ref.clientId, ref.documentId),
      UpdateExpression: 'SET sendStatus = :s',
      ConditionExpression: 'lastSendId = :send',
      ExpressionAttributeValues: { ':s': status, ':send': ref.sendId },
    });
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

export async function documentExists(orgId: string, clientId: string, documentId: string): Promise<boolean> {
  return isDocumentItem(await getItem(documentKey(orgId, clientId, documentId)));
}
