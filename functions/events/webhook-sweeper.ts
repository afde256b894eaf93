import { logger } from '../lib/logger';
import { instrumented } from '../lib/monitoring';
import { sweepDueDeliveries } from '../webhooks';

/**
 * Every minute (EventBridge schedule on AWS; every second in the local stack): attempts the
 * webhook deliveries whose retry is due.
 */
export async function sweep(): Promise<{ due: number }> {
  const due = await sweepDueDeliveries();
  if (due) logger.info('webhook retries attempted', { due });
  return { due };
}

export const handler = instrumented(sweep);
