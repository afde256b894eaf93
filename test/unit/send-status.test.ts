import { describe, expect, it } from 'vitest';
import type { SendStatus } from '../../shared/documents';
import { canMove, foldStatus, statusOfEvent } from '../../functions/sending/status';

describe('a send’s status only moves forward', () => {
  it.each<[SendStatus, SendStatus, boolean]>([
    ['sending', 'sent', true],
    ['sending', 'delivered', true],
    ['sending', 'failed', true],
    ['sent', 'delivered', true],
    ['sent', 'bounced', true],
    ['sent', 'failed', true],
    ['sent', 'sent', false],
    ['delivered', 'sent', false],
    ['delivered', 'complained', true],
    ['delivered', 'bounced', true],
    ['delivered', 'failed', false],
    ['bounced', 'delivered', false],
    ['bounced', 'complained', false],
    ['complained', 'bounced', false],
    ['complained', 'delivered', false],
    ['failed', 'sent', false],
    ['failed', 'delivered', false],
  ])('%s → %s: %s', (from, to, allowed) => {
    expect(canMove(from, to)).toBe(allowed);
  });

  it.each<[string, SendStatus[], SendStatus]>([
    ['the usual path', ['sent', 'delivered'], 'delivered'],
    ['events out of order', ['delivered', 'sent'], 'delivered'],
    ['a Delivery after a Bounce does not hide the bounce', ['sent', 'bounced', 'delivered'], 'bounced'],
    ['a Complaint after a Delivery shows', ['sent', 'delivered', 'complained'], 'complained'],
    ['a Reject before anything else fails the send', ['failed'], 'failed'],
    ['nothing moves a failed send', ['failed', 'sent', 'delivered'], 'failed'],
    ['a late Reject does not undo a delivery', ['sent', 'delivered', 'failed'], 'delivered'],
  ])('%s', (_, events, expected) => {
    expect(foldStatus('sending', events)).toBe(expected);
  });

  it.each([
    ['Send', 'sent'],
    ['Delivery', 'delivered'],
    ['Bounce', 'bounced'],
    ['Complaint', 'complained'],
    ['Reject', 'failed'],
    ['Rendering Failure', 'failed'],
    ['DeliveryDelay', null],
    ['Open', null],
  ])('the SES event %s moves it to %s', (type, status) => {
    expect(statusOfEvent(type)).toBe(status);
  });
});
