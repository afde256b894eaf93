/**
 * THE custom metrics (CloudWatch embedded metric format), used by the functions that emit them
 * (functions/lib/monitoring.ts) and by the alarms on them (infra/constructs/monitoring.ts), so a
 * name cannot drift between the two. Each function's metrics carry one dimension, `service`.
 */
export const metricNamespace = (stage: string) => `Carnet/${stage}`;

/** The `service` dimension of each function (also its Powertools service name). */
export const services = {
  api: 'api',
  sesEvents: 'ses-events',
  webhooks: 'webhooks',
} as const;

export type Service = (typeof services)[keyof typeof services];

export const metricNames = {
  /** Messages SES accepted (the API, per send). */
  sends: 'Sends',
  /** Recipients (To + Cc) of the messages SES accepted: the bounce rate's denominator. */
  sentRecipients: 'SentRecipients',
  /** Sends SES refused or could not be reached for (the API answered 502). */
  sendFailures: 'SendFailures',
  /** Hard (permanent) bounces recorded from SES events, one per recipient. */
  bounces: 'Bounces',
  /** Complaints recorded from SES events, one per recipient. */
  complaints: 'Complaints',
  /** Webhook deliveries that failed (the webhooks dispatcher). */
  webhookFailures: 'WebhookFailures',
  /** API answers with a 5xx status, as the function saw them. */
  serverErrors: 'ServerErrors',
} as const;

export type MetricName = (typeof metricNames)[keyof typeof metricNames];
