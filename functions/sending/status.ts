import type { SendStatus } from '../../shared/documents';

/**
 * A send's status only moves forward: sending < sent < delivered < bounced = complained. A Delivery
 * that arrives after a Bounce (another recipient, or out of order) does not hide the bounce, and a
 * Complaint after a Delivery shows. `failed` (SES refused the call, or a Reject event) comes only from
 * `sending` or `sent` and is final.
 */
export const STATUS_RANK: Record<SendStatus, number> = {
  sending: 0,
  sent: 1,
  delivered: 2,
  bounced: 3,
  complained: 3,
  failed: 9,
};

/** The highest status `failed` may replace. */
export const FAILED_FROM_RANK = STATUS_RANK.sent;

export function canMove(from: SendStatus, to: SendStatus): boolean {
  if (to === 'failed') return STATUS_RANK[from] <= FAILED_FROM_RANK;
  return STATUS_RANK[from] < STATUS_RANK[to];
}

/** The status an SES event moves a send to (null: recorded in the history only, e.g. DeliveryDelay). */
export function statusOfEvent(eventType: string): SendStatus | null {
  switch (eventType) {
    case 'Send':
      return 'sent';
    case 'Delivery':
      return 'delivered';
    case 'Bounce':
      return 'bounced';
    case 'Complaint':
      return 'complained';
    case 'Reject':
    case 'Rendering Failure':
      return 'failed';
    default:
      return null;
  }
}

/** The status after a series of events, in arrival order (what the conditional updates do). */
export function foldStatus(start: SendStatus, incoming: readonly SendStatus[]): SendStatus {
  return incoming.reduce<SendStatus>((current, next) => (canMove(current, next) ? next : current), start);
}
