import type { Context, SNSEvent } from 'aws-lambda';
import { handler } from '../../functions/events/ses-events';
import { logger } from '../../functions/lib/logger';
import { uncounted } from '../../functions/lib/metrics';
import { onMailAccepted, type AcceptedMail, type SesNotification } from '../../functions/sending';

/**
 * The SES mailbox simulator, locally. The SES stand-in stores mail but publishes no events, so on
 * the local stack (plugged in by stack.ts; env SES_SIMULATOR=off turns it off) each accepted mail is followed, a
 * moment later, by the notifications SES would publish through the configuration set: Send, then
 * per recipient a Delivery, or a permanent Bounce for bounce@ and suppressionlist@, or a Delivery and
 * a Complaint for complaint@simulator.amazonses.com. They are wrapped in an SNS event and given to
 * the SAME Lambda handler as on AWS (functions/events/ses-events.ts), so that path is what runs
 * and is tested locally.
 */
const SIMULATOR = '@simulator.amazonses.com';
const bounces = (email: string) => email.toLowerCase() === `bounce${SIMULATOR}` || email.toLowerCase() === `suppressionlist${SIMULATOR}`;
const complains = (email: string) => email.toLowerCase() === `complaint${SIMULATOR}`;

export type SimulatedMail = Omit<AcceptedMail, 'tags'> & { tags?: Record<string, string> };

const delay = () => 100 + Math.floor(Math.random() * 200);

function snsEvent(notification: SesNotification): SNSEvent {
  const message = JSON.stringify(notification);
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: 'arn:aws:sns:eu-west-3:000000000000:carnet-local-ses-events:local',
        Sns: {
          Type: 'Notification',
          MessageId: crypto.randomUUID(),
          TopicArn: 'arn:aws:sns:eu-west-3:000000000000:carnet-local-ses-events',
          Subject: null as unknown as string,
          Message: message,
          Timestamp: new Date().toISOString(),
          SignatureVersion: '1',
          Signature: 'local',
          SigningCertUrl: 'http://localhost/local.pem',
          UnsubscribeUrl: 'http://localhost/unsubscribe',
          MessageAttributes: {},
        },
      },
    ],
  };
}

/** The notifications SES would publish for this mail, in order. */
export function simulatedNotifications(mail: SimulatedMail, sentAt = new Date()): SesNotification[] {
  const recipients = [...mail.to, ...mail.cc];
  const base = {
    timestamp: sentAt.toISOString(),
    messageId: mail.messageId,
    source: mail.source,
    destination: recipients,
    // As SES publishes them: each message tag with its values.
    tags: Object.fromEntries(Object.entries(mail.tags ?? {}).map(([name, value]) => [name, [value]])),
  };
  const later = (ms: number) => new Date(sentAt.getTime() + ms).toISOString();
  const delivered = recipients.filter((r) => !bounces(r));
  const bounced = recipients.filter(bounces);
  const complained = recipients.filter(complains);
  const notifications: SesNotification[] = [{ eventType: 'Send', mail: base, send: {} }];
  if (delivered.length) {
    notifications.push({
      eventType: 'Delivery',
      mail: base,
      delivery: { timestamp: later(120), recipients: delivered, smtpResponse: '250 2.6.0 Message received', processingTimeMillis: 120 },
    });
  }
  if (bounced.length) {
    notifications.push({
      eventType: 'Bounce',
      mail: base,
      bounce: {
        bounceType: 'Permanent',
        bounceSubType: 'General',
        bouncedRecipients: bounced.map((emailAddress) => ({
          emailAddress,
          status: '5.1.1',
          diagnosticCode: 'smtp; 550 5.1.1 user unknown',
        })),
        timestamp: later(150),
        feedbackId: `local-${mail.messageId}-bounce`,
      },
    });
  }
  if (complained.length) {
    notifications.push({
      eventType: 'Complaint',
      mail: base,
      complaint: {
        complainedRecipients: complained.map((emailAddress) => ({ emailAddress })),
        timestamp: later(200),
        complaintFeedbackType: 'abuse',
        feedbackId: `local-${mail.messageId}-complaint`,
      },
    });
  }
  return notifications;
}

const ATTEMPTS = 20;

/** Schedules the notifications (fire and forget; failures are logged, as SNS would retry them). */
export function simulateSesEvents(mail: SimulatedMail): void {
  const notifications = simulatedNotifications(mail);
  const run = async () => {
    for (const notification of notifications) {
      await new Promise((resolve) => setTimeout(resolve, delay()));
      // Like SNS, try again for a while when the handler throws (the send is not visible yet, DynamoDB is down…).
      for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
        try {
          await handler(snsEvent(notification), {} as Context);
          break;
        } catch (error) {
          if (attempt === ATTEMPTS)
            logger.warn('local SES simulator: event not recorded', { messageId: mail.messageId, error: String(error) });
          else await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 250 * attempt)));
        }
      }
    }
  };
  // Outside the request that sent the mail: its DynamoDB requests are not that request's.
  void uncounted(run);
}

let plugged = false;

/** Plugs the simulator into the SES client, once per process (env SES_SIMULATOR=off pauses it). */
export function plugSesSimulator(): void {
  if (plugged) return;
  plugged = true;
  onMailAccepted((mail) => {
    if (process.env.SES_SIMULATOR !== 'off') simulateSesEvents(mail);
  });
}
