import type { Send, SendStatus, SentTo } from '../../shared/documents';
import { documentHistoryPrefix } from '../documents/item';
import { clientPartition, orgPartition } from '../lib/keys';

/**
 * The items of sending: a send beside its document (`DOC#<doc>#SEND#<send>`), its events beside it
 * (`…#EVENT#<at>#<type>#<hash>`), so one Query reads a document's whole history; addresses that
 * bounced hard or complained, under the organisation (`SUPPRESS#<email>`).
 */
export interface SendItem {
  pk: string;
  sk: string;
  type: 'send';
  orgId: string;
  clientId: string;
  documentId: string;
  sendId: string;
  to: SentTo[];
  cc: SentTo[];
  subject: string;
  sentBy: Send['sentBy'];
  createdAt: string;
  updatedAt: string;
  status: SendStatus;
  statusRank: number;
  messageId: string | null;
  error: string | null;
  /** `SESMSG#<messageId>` once SES accepted it: how SES events find the send. */
  gsi2pk?: string;
  gsi2sk?: string;
}

export interface SendEventItem {
  pk: string;
  sk: string;
  type: 'sendEvent';
  sendId: string;
  eventType: string;
  at: string;
  email: string | null;
  detail: string | null;
}

export type Suppression = 'bounced' | 'complained';

export interface SuppressionItem {
  pk: string;
  sk: string;
  type: 'suppression';
  email: string;
  reason: Suppression;
  at: string;
  messageId: string;
}

export const sendsPrefix = (documentId: string) => `${documentHistoryPrefix(documentId)}SEND#`;
export const sendKey = (orgId: string, clientId: string, documentId: string, sendId: string) => ({
  pk: clientPartition(orgId, clientId),
  sk: `${sendsPrefix(documentId)}${sendId}`,
});
export const byMessageId = (messageId: string) => `SESMSG#${messageId}`;
export const suppressionKey = (orgId: string, email: string) => ({ pk: orgPartition(orgId), sk: `SUPPRESS#${email.trim().toLowerCase()}` });
