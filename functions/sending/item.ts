import type { Send, SendEvent, SendStatus, SentTo } from '../../shared/documents';
import { clientPartition, sendEventSortKey, sendSortKey } from '../clients/partition';
import { orgPartition } from '../lib/keys';
import type { Item } from '../lib/store';

/**
 * The items of sending, private to functions/sending: a send beside its document, its events beside
 * it (keys from functions/clients/partition.ts), so one Query reads a document's whole history;
 * addresses that bounced hard or complained, under the organisation (`SUPPRESS#<email>`), and who
 * lifted such a mark (`SUPPRESSLIFT#<email>#<at>`).
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
  /** SHA-256 of the PDF attached (absent on sends recorded before it was kept). */
  attachmentSha256?: string | null;
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

/** What names a send: also carried by its mail as SES message tags, so SES events find it. */
export interface SendRef {
  orgId: string;
  clientId: string;
  documentId: string;
  sendId: string;
}

export const sendKey = (ref: SendRef) => ({ pk: clientPartition(ref.orgId, ref.clientId), sk: sendSortKey(ref.documentId, ref.sendId) });
export const sendEventKey = (send: SendItem, at: string, type: string, fingerprint: string) => ({
  pk: send.pk,
  sk: sendEventSortKey(send.sk, at, type, fingerprint),
});
export const byMessageId = (messageId: string) => `SESMSG#${messageId}`;
export const SEND_BY_MESSAGE = 'SEND';
export const SUPPRESSIONS_PREFIX = 'SUPPRESS#';
export const suppressionKey = (orgId: string, email: string) => ({
  pk: orgPartition(orgId),
  sk: `${SUPPRESSIONS_PREFIX}${email.trim().toLowerCase()}`,
});
export const suppressionLiftKey = (orgId: string, email: string, at: string) => ({
  pk: orgPartition(orgId),
  sk: `SUPPRESSLIFT#${email.trim().toLowerCase()}#${at}`,
});

export const isSendItem = (i: Item | undefined): i is Item & SendItem => i?.type === 'send';

export const toSend = (item: SendItem, events: SendEvent[]): Send => ({
  id: item.sendId,
  documentId: item.documentId,
  clientId: item.clientId,
  to: item.to,
  cc: item.cc,
  subject: item.subject,
  sentBy: item.sentBy,
  createdAt: item.createdAt,
  status: item.status,
  messageId: item.messageId,
  error: item.error,
  attachmentSha256: item.attachmentSha256 ?? null,
  events,
});
