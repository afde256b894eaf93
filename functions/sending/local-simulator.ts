import type { Context, SNSEvent } from 'aws-lambda';
import type { SesNotification } from '../events/ses-events';
import { logger } from '../lib/logger';
import { uncounted } from '../lib/metrics';

/**
 * The SES mailbox simulator, locally. The SES stand-in stores mail but publishes no events, so on
 * the local stack (SES_ENDPOINT set, SES_SIMULATOR not 'off') each accepted send is followed, a
 * moment later, by the notifications SES would publish through the configuration set: Send, then
 * per recipient a Delivery, or a permanent Bounce for bounce@ and suppressionlist@, or a Delivery and
 * a Complaint for complaint@simulator.amazonses.com. They are wrapped in an SNS event and given to
 * the SAME Lambda handler as on AWS (functions/events/ses-events.ts), so that path is what runs
 * and is tested locally.
 */
const SIMULATOR = '@simulator.amazonses.com';
const bounces = (email: string) => email.toLowerCase() === `bounce${SIMULATOR}` || email.toLowerCase() === `suppressionlist${SIMULATOR}`;
const complains = (email: string) => email.toLowerCase() === `complaint${SIMULATOR}`;

export interface SimulatedMail {
  messageId: string;
  source: string;
  subject: string;
  to: string[];
  cc: string[];
}

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

/** Schedules the notifications (fire and forget; failures are logged, as SNS would retry them). */
export function simulateSesEvents(mail: SimulatedMail): void {
  const notifications = simulatedNotifications(mail);
  const run = async () => {
    const { handler } = await import('../events/ses-events');
    for (const notification of notifications) {
      await new Promise((resolve) => setTimeout(resolve, delay()));
      // Like SNS, try again a few times when the handler throws (e.g. the send is not visible yet).
      for (let attempt = 1; attempt <= 3; attempt++) {
        try {
          await handler(snsEvent(notification), {} as Context);
          break;
        } catch (error) {
          if (attempt === 3) logger.warn('local SES simulator: event not recorded', { messageId: mail.messageId, error: String(error) });
          else await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
        }
      }
    }
  };
  // Outside the request that sent the mail: its DynamoDB requests are not that request's.
  void uncounted(run);
}
