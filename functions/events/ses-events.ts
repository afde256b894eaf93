import type { SNSEvent } from 'aws-lambda';
import { instrumented } from '../lib/monitoring';
import { processSesNotification } from '../sending/delivery-events';

/**
 * SES events (configuration-set event publishing → SNS → this function): each notification is
 * recorded beside its send by functions/sending. Locally, infra/local/ses-simulator.ts gives its
 * simulated notifications to this same handler.
 */
export async function handleSnsEvent(event: SNSEvent): Promise<void> {
  for (const record of event.Records) await processSesNotification(record.Sns.Message);
}

export const handler = instrumented(handleSnsEvent);
