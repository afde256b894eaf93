import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSesNotification, type SesNotification } from '../../functions/sending/ses-notification';
import { simulatedNotifications } from '../../infra/local/ses-simulator';
import { at } from '../../shared/at';

/** Parsing SES event records (fixtures written from the SES documentation's examples); no network. */
const fixture = (name: string): string => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'ses', `${name}.json`), 'utf8');
const MESSAGE_ID = 'EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000';

describe('SES event records', () => {
  it.each([
    ['send', 'Send', null, 'sent', null, null],
    ['delivery', 'Delivery', 'recipient@example.com', 'delivered', null, '250 2.6.0 Message received'],
    ['bounce-permanent', 'Bounce', 'recipient@example.com', 'bounced', 'bounced', 'Permanent/General: smtp; 550 5.1.1 user unknown'],
    ['bounce-transient', 'Bounce', 'recipient@example.com', 'bounced', null, 'Transient/MailboxFull: smtp; 452 4.2.2 mailbox full'],
    ['complaint', 'Complaint', 'recipient@example.com', 'complained', 'complained', 'abuse'],
    ['reject', 'Reject', null, 'failed', null, 'Bad content'],
    [
      'delivery-delay',
      'DeliveryDelay',
      'recipient@example.com',
      null,
      null,
      'TransientCommunicationFailure: smtp; 421 4.4.1 Unable to connect to remote host',
    ],
  ])('%s → %s', (name, type, email, status, suppress, detail) => {
    const { messageId, events } = parseSesNotification(fixture(name));
    expect(messageId).toBe(MESSAGE_ID);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type, email, status, suppress, detail });
    expect(at(events, 0, name).at).toMatch(/^2026-11-27T09:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('one event per recipient, each with a fingerprint stable across duplicate notifications', () => {
    const record = JSON.parse(fixture('delivery')) as SesNotification;
    record.delivery!.recipients = ['A@example.com', 'b@example.com'];
    const once = parseSesNotification(JSON.stringify(record));
    const twice = parseSesNotification(JSON.stringify(record));
    expect(once.events.map((e) => e.email)).toEqual(['a@example.com', 'b@example.com']);
    expect(twice.events.map((e) => e.fingerprint)).toEqual(once.events.map((e) => e.fingerprint));
    expect(new Set(once.events.map((e) => e.fingerprint)).size).toBe(2);
    const other = parseSesNotification(fixture('bounce-permanent'));
    expect(at(other.events, 0, 'bounce events').fingerprint).not.toBe(at(once.events, 0, 'delivery events').fingerprint);
  });

  it('accepts the older notificationType format, and refuses what is not an SES event', () => {
    const record = JSON.parse(fixture('bounce-permanent')) as SesNotification & { eventType?: string };
    delete record.eventType;
    record.notificationType = 'Bounce';
    expect(at(parseSesNotification(record).events, 0, 'events').type).toBe('Bounce');
    expect(() => parseSesNotification('{"hello":"world"}')).toThrow(/Not an SES event/);
  });

  it('the local simulator publishes what the SES mailbox simulator would', () => {
    const mail = {
      messageId: 'm-1',
      source: 'no-reply@carnet.localhost',
      subject: 's',
      to: ['bounce@simulator.amazonses.com', 'success@simulator.amazonses.com'],
      cc: ['complaint@simulator.amazonses.com'],
    };
    const notifications = simulatedNotifications(mail);
    expect(notifications.map((n) => n.eventType)).toEqual(['Send', 'Delivery', 'Bounce', 'Complaint']);
    const parsed = notifications.map((n) => parseSesNotification(n));
    expect(at(parsed, 1, 'notifications').events.map((e) => e.email)).toEqual([
      'success@simulator.amazonses.com',
      'complaint@simulator.amazonses.com',
    ]);
    expect(at(parsed, 2, 'notifications').events).toMatchObject([
      { email: 'bounce@simulator.amazonses.com', suppress: 'bounced', status: 'bounced' },
    ]);
    expect(at(parsed, 3, 'notifications').events).toMatchObject([{ email: 'complaint@simulator.amazonses.com', suppress: 'complained' }]);
    expect(parsed.every((p) => p.messageId === 'm-1')).toBe(true);
  });
});
