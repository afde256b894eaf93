import type { Send, SendStatus, SentTo } from '../../shared/documents';
import { documentHistoryPrefix } from '../documents/item';
import { clientPartition, orgPartition } from '../lib/keys';

/**
 * The items of sending: a send beside its document (`DOC#<doc>#SEND#<send>`), its events beside it
 * (`…#EVENT#<at>#<type>#<hash>`), so one Query reads a document's whole history; addresses that
 * bounced hard or complained, under the organisation (`SUPPRESS#<email>`), and who lifted such a mark
 * (`SUPPRESSLIFT#<email>#<at>`).
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
  /** The send that bounced or was complained about (absent on marks written before they were kept). */
  clientId?: string;
  documentId?: string;
  sendId?: string;
}

/** Who lifted a suppression and when: kept after the mark itself is deleted. */
export interface SuppressionLiftItem {
  pk: string;
  sk: string;
  type: 'suppressionLift';
  email: string;
  reason: Suppression;
  suppressedAt: string;
  liftedAt: string;
  liftedBy: { userId: string | null; apiKeyId: string | null; name: string };
}

export const sendsPrefix = (documentId: string) => `${documentHistoryPrefix(documentId)}SEND#`;
export const sendKey = (orgId: string, clientId: string, documentId: string, sendId: string) => ({
  pk: clientPartition(orgId, clientId),
  sk: `${sendsPrefix(documentId)}${sendId}`,
});
export const byMessageId = (messageId: string) => `SESMSG#${messageId}`;
export const SUPPRESSIONS_PREFIX = 'SUPPRESS#';
export const suppressionKey = (orgId: string, email: string) => ({
  pk: orgPartition(orgId),
  sk: `${SUPPRESSIONS_PREFIX}${email.trim().toLowerCase()}`,
});
export const suppressionLiftKey = (orgId: string, email: string, at: string) => ({
  pk: orgPartition(orgId),
  sk: `SUPPRESSLIFT#${email.trim().toLowerCase()}#${at}`,
});
