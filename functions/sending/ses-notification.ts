import { createHash } from 'node:crypto';
import type { DeliveryEvent } from './delivery-events';
import type { SendRef } from './item';
import { statusOfEvent } from './status';

/**
 * SES event notifications (configuration-set event publishing → SNS): Send, Delivery, Bounce,
 * Complaint, Reject, DeliveryDelay, read as Carnet's events, one per recipient they concern.
 */
interface Recipient {
  emailAddress: string;
  status?: string;
  diagnosticCode?: string;
}

export interface SesNotification {
  eventType?: string;
  /** The older identity-notification format names the type here. */
  notificationType?: string;
  mail: { messageId: string; timestamp: string; destination?: string[]; source?: string; tags?: Record<string, string[]> };
  send?: Record<string, never>;
  delivery?: { timestamp: string; recipients: string[]; smtpResponse?: string; processingTimeMillis?: number };
  bounce?: { bounceType: string; bounceSubType?: string; bouncedRecipients: Recipient[]; timestamp: string; feedbackId?: string };
  complaint?: { complainedRecipients: Recipient[]; timestamp: string; complaintFeedbackType?: string; feedbackId?: string };
  reject?: { reason?: string };
  deliveryDelay?: { timestamp: string; delayType?: string; delayedRecipients?: Recipient[]; expirationTime?: string };
  failure?: { errorMessage?: string; templateName?: string };
}

/** The SES message tags every send's mail carries (see send.ts): how an event finds a send SES accepted but no record knows yet. */
export const SEND_TAGS = { orgId: 'carnet-org', clientId: 'carnet-client', documentId: 'carnet-document', sendId: 'carnet-send' } as const;

export const tagsOf = (ref: SendRef): Record<string, string> =>
  Object.fromEntries(Object.entries(SEND_TAGS).map(([field, tag]) => [tag, ref[field as keyof SendRef]]));

function refOfTags(tags: Record<string, string[]> | undefined): SendRef | null {
  const one = (name: string) => tags?.[name]?.[0];
  const ref = {
    orgId: one(SEND_TAGS.orgId),
    clientId: one(SEND_TAGS.clientId),
    documentId: one(SEND_TAGS.documentId),
    sendId: one(SEND_TAGS.sendId),
  };
  return ref.orgId && ref.clientId && ref.documentId && ref.sendId ? (ref as SendRef) : null;
}

const fingerprint = (raw: string, email: string | null) =>
  createHash('sha256')
    .update(raw)
    .update('\u0000')
    .update(email ?? '')
    .digest('hex')
    .slice(0, 16);

const lower = (email: string) => email.trim().toLowerCase();

export interface ParsedNotification {
  messageId: string;
  /** When SES took the mail. */
  sentAt: string;
  /** The send, from the mail's tags (null on mail sent before they were set). */
  ref: SendRef | null;
  events: DeliveryEvent[];
}

/** The notification as events per recipient, in Carnet's terms. */
export function parseSesNotification(message: string | SesNotification): ParsedNotification {
  const n: SesNotification = typeof message === 'string' ? JSON.parse(message) : message;
  const raw = typeof message === 'string' ? message : JSON.stringify(message);
  const type = n.eventType ?? n.notificationType;
  if (!type || !n.mail?.messageId) throw new Error('Not an SES event notification');
  const status = statusOfEvent(type);
  const event = (email: string | null, at: string, detail: string | null, suppress: DeliveryEvent['suppress'] = null): DeliveryEvent => ({
    type,
    at: new Date(at).toISOString(),
    email: email ? lower(email) : null,
    detail: detail ? detail.slice(0, 1000) : null,
    status,
    suppress,
    fingerprint: fingerprint(raw, email),
  });
  const whole = (detail: string | null = null) => [event(null, n.mail.timestamp, detail)];
  let events: DeliveryEvent[];
  switch (type) {
    case 'Delivery': {
      const d = n.delivery;
      events = d ? d.recipients.map((r) => event(r, d.timestamp, d.smtpResponse ?? null)) : [];
      break;
    }
    case 'Bounce': {
      const b = n.bounce;
      // Only a hard bounce says the address is gone; a soft one (mailbox full…) may pass next time.
      const hard = b?.bounceType === 'Permanent';
      events = (b?.bouncedRecipients ?? []).map((r) =>
        event(
          r.emailAddress,
          b?.timestamp ?? n.mail.timestamp,
          [`${b?.bounceType}/${b?.bounceSubType ?? ''}`, r.diagnosticCode].filter(Boolean).join(': '),
          hard ? 'bounced' : null,
        ),
      );
      break;
    }
    case 'Complaint': {
      const c = n.complaint;
      events = (c?.complainedRecipients ?? []).map((r) =>
        event(r.emailAddress, c?.timestamp ?? n.mail.timestamp, c?.complaintFeedbackType ?? null, 'complained'),
      );
      break;
    }
    case 'DeliveryDelay': {
      const d = n.deliveryDelay;
      events = (d?.delayedRecipients ?? []).map((r) =>
        event(r.emailAddress, d?.timestamp ?? n.mail.timestamp, [d?.delayType, r.diagnosticCode].filter(Boolean).join(': ') || null),
      );
      break;
    }
    case 'Reject':
      events = whole(n.reject?.reason ?? null);
      break;
    case 'Rendering Failure':
      events = whole(n.failure?.errorMessage ?? null);
      break;
    default:
      // Send, and types Carnet does not track (Open, Click…): one event for the whole message.
      events = whole();
  }
  if (!events.length) events = whole();
  return { messageId: n.mail.messageId, sentAt: n.mail.timestamp, ref: refOfTags(n.mail.tags), events };
}
