import { getItem, type TransactItem } from '../lib/store';
import { documentKey, isDocumentItem } from './item';

/** What other modules (sending) may do with a document inside their own transactions and reads. */

/**
 * For a send's first transaction: counts the send on the document, on condition that it is still
 * the version whose PDF is attached. A deletion conditions on no send, so whichever commits first
 * wins: a send never starts on a deleted document, a document with a send is never deleted.
 */
export function sendStartPart(orgId: string, clientId: string, documentId: string, version: number): TransactItem {
  return {
    Update: {
      Key: documentKey(orgId, clientId, documentId),
      UpdateExpression: 'ADD sendCount :one',
      ConditionExpression: 'version = :v',
      ExpressionAttributeValues: { ':one': 1, ':v': version },
    },
  };
}

export async function documentExists(orgId: string, clientId: string, documentId: string): Promise<boolean> {
  return isDocumentItem(await getItem(documentKey(orgId, clientId, documentId)));
}
