import { createHash } from 'node:crypto';
import type { SNSEvent } from 'aws-lambda';
import { logger } from '../lib/logger';
import { count, instrumented, metricNames } from '../lib/monitoring';
import { recordDeliveryEvents, type DeliveryEvent, type EventsOutcome } from '../sending/delivery-events';
import { statusOfEvent } from '../sending/status';

/**
 * SES events (configuration-set event publishing → SNS → this function): Send, Delivery, Bounce,
 * Complaint, Reject, DeliveryDelay. Each notification becomes one event per recipient it concerns,
 * recorded beside the send (functions/sending). The local stack's simulator calls the same handler.
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
  mail: { messageId: string; timestamp: string; destination?: string[]; source?: string };
  send?: Record<string, never>;
  delivery?: { timestamp: string; recipients: string[]; smtpResponse?: string; processingTimeMillis?: number };
  bounce?: { bounceType: string; bounceSubType?: string; bouncedRecipients: Recipient[]; timestamp: string; feedbackId?: string };
  complaint?: { complainedRecipients: Recipient[]; timestamp: string; complaintFeedbackType?: string; feedbackId?: string };
  reject?: { reason?: string };
  deliveryDelay?: { timestamp: string; delayType?: string; delayedRecipients?: Recipient[]; expirationTime?: string };
  failure?: { errorMessage?: string; templateName?: string };
}

/** How long an event for a message we cannot find is retried (the send may still be being recorded). */
const RETRY_UNKNOWN_FOR_MS = 15 * 60 * 1000;

const fingerprint = (raw: string, email: string | null) =>
  createHash('sha256')
    .update(raw)
    .update('\u0000')
    .update(email ?? '')
    .digest('hex')
    .slice(0, 16);

const lower = (email: string) => email.trim().toLowerCase();

/** The notification as events per recipient, in Carnet's terms. */
export function parseSesNotification(message: string | SesNotification): { messageId: string; events: DeliveryEvent[] } {
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
  let events: DeliveryEvent[];
  switch (type) {
    case 'Delivery':
      events = (n.delivery?.recipients ?? []).map((r) => event(r, n.delivery!.timestamp, n.delivery!.smtpResponse ?? null));
      break;
    case 'Bounce': {
      const b = n.bounce!;
      // Only a hard bounce says the address is gone; a soft one (mailbox full…) may pass next time.
      const hard = b.bounceType === 'Permanent';
      events = b.bouncedRecipients.map((r) =>
        event(
          r.emailAddress,
          b.timestamp,
          [`${b.bounceType}/${b.bounceSubType ?? ''}`, r.diagnosticCode].filter(Boolean).join(': '),
          hard ? 'bounced' : null,
        ),
      );
      break;
    }
    case 'Complaint': {
      const c = n.complaint!;
      events = c.complainedRecipients.map((r) => event(r.emailAddress, c.timestamp, c.complaintFeedbackType ?? null, 'complained'));
      break;
    }
    case 'DeliveryDelay': {
      const d = n.deliveryDelay!;
      events = (d.delayedRecipients ?? []).map((r) =>
        event(r.emailAddress, d.timestamp, [d.delayType, r.diagnosticCode].filter(Boolean).join(': ') || null),
      );
      break;
    }
    case 'Reject':
      events = [event(null, n.mail.timestamp, n.reject?.reason ?? null)];
      break;
    case 'Rendering Failure':
      events = [event(null, n.mail.timestamp, n.failure?.errorMessage ?? null)];
      break;
    default:
      // Send, and types Carnet does not track (Open, Click…): one event for the whole message.
      events = [event(null, n.mail.timestamp, null)];
  }
  if (!events.length) events = [event(null, n.mail.timestamp, null)];
  return { messageId: n.mail.messageId, events };
}

/**
 * Records one SES notification. An event for a message no send knows yet is thrown back (Lambda
 * retries, then the dead-letter queue) while it is recent; older ones are logged and dropped.
 */
export async function processSesNotification(message: string | SesNotification): Promise<EventsOutcome> {
  const { messageId, events } = parseSesNotification(message);
  const outcome = await recordDeliveryEvents(messageId, events);
  if (outcome === 'recorded') {
    count(metricNames.bounces, events.filter((e) => e.suppress === 'bounced').length);
    count(metricNames.complaints, events.filter((e) => e.suppress === 'complained').length);
  }
  if (outcome === 'unknown_message') {
    const sentAt = Date.parse(
      typeof message === 'string' ? (JSON.parse(message) as SesNotification).mail.timestamp : message.mail.timestamp,
    );
    if (Date.now() - sentAt < RETRY_UNKNOWN_FOR_MS) throw new Error(`No send has SES message id ${messageId} yet`);
    logger.warn('SES event for an unknown message', { messageId, type: events[0]?.type });
  }
  return outcome;
}

export async function handleSnsEvent(event: SNSEvent): Promise<void> {
  for (const record of event.Records) await processSesNotification(record.Sns.Message);
}

export const handler = instrumented(handleSnsEvent);
