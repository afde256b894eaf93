import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Context, SNSEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../functions/events/ses-events';
import { processSesNotification, type SesNotification } from '../../functions/sending';
import { api } from './helpers';
import { newAddress, newClient, newIssuedDocument, newOrganization, ok, unique, type TestOrg } from './fixtures';
import { at } from '../../shared/at';

/**
 * The SES-events Lambda handler, called here (in this process, against the stack's DynamoDB) with
 * SNS events wrapping the fixtures of test/fixtures/ses, aimed at a real send made through HTTP.
 */
let org: TestOrg;
const fixture = (name: string): SesNotification =>
  JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'ses', `${name}.json`), 'utf8'));

function aimed(name: string, messageId: string, email: string): SesNotification {
  const n = fixture(name);
  n.mail.messageId = messageId;
  n.mail.destination = [email];
  n.mail.timestamp = new Date().toISOString();
  if (n.delivery) n.delivery.recipients = [email];
  if (n.bounce) at(n.bounce.bouncedRecipients, 0, name).emailAddress = email;
  if (n.complaint) at(n.complaint.complainedRecipients, 0, name).emailAddress = email;
  if (n.deliveryDelay) at(n.deliveryDelay.delayedRecipients ?? [], 0, name).emailAddress = email;
  return n;
}

const sns = (n: SesNotification): SNSEvent => {
  const envelope = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'ses', 'sns-envelope.json'), 'utf8')) as SNSEvent;
  at(envelope.Records, 0, 'the SNS envelope').Sns.Message = JSON.stringify(n);
  return envelope;
};

async function settled(path: string, status: string) {
  for (let i = 0; i < 60; i++) {
    const items = (await ok(200, api(org.apiKey, 'GET', `${path}/sends`))).body.items;
    if (items[0]?.status === status) return items;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`the send never reached ${status}`);
}

beforeAll(async () => {
  org = await newOrganization(unique('Évènements SES'), { secondaryContacts: false });
});

describe('SES events through the Lambda handler', () => {
  it('records each event beside the send, ignores duplicates, and moves the status by rank', async () => {
    const tag = Date.now().toString(36);
    const email = `events-${tag}@exemple.fr`;
    const site = `site-${tag}@exemple.fr`;
    const client = await newClient(org.apiKey, 'Client suivi', { mainContact: { lastName: 'Suivi', email } });
    const address = await newAddress(org.apiKey, client.id, 'Site', { siteContact: { lastName: 'Site', email: site } });
    const doc = { body: await newIssuedDocument(org.apiKey, client.id, { type: 'invoice', addressId: address.id }) };
    const path = `/clients/${client.id}/documents/${doc.body.id}`;
    const sent = await ok(201, api(org.apiKey, 'POST', `${path}/sends`, { to: [{ kind: 'main' }], cc: [{ kind: 'address' }] }));
    const messageId = sent.body.messageId as string;
    // The local simulator first: Send, then a Delivery to both.
    let items = await settled(path, 'delivered');
    expect(items[0].events.map((e: { type: string }) => e.type)).toEqual(['Send', 'Delivery', 'Delivery']);

    const delay = aimed('delivery-delay', messageId, email);
    await handler(sns(delay), {} as Context);
    expect((await settled(path, 'delivered'))[0].events).toHaveLength(4);

    const bounce = aimed('bounce-permanent', messageId, email);
    await handler(sns(bounce), {} as Context);
    items = await settled(path, 'bounced');
    const events = items[0].events as { type: string; email: string; detail: string }[];
    expect(events).toHaveLength(5);
    expect(events.find((e) => e.type === 'Bounce')).toMatchObject({ email, detail: 'Permanent/General: smtp; 550 5.1.1 user unknown' });
    expect(events.find((e) => e.type === 'DeliveryDelay')).toMatchObject({
      email,
      detail: expect.stringContaining('TransientCommunicationFailure'),
    });

    // The same notification again (SNS delivers at least once): nothing changes.
    expect(await processSesNotification(JSON.stringify(bounce))).toBe('duplicate');
    await handler(sns(bounce), {} as Context);
    // A later Delivery (another recipient) and a Complaint do not hide the bounce.
    await handler(sns(aimed('delivery', messageId, site)), {} as Context);
    await handler(sns(aimed('complaint', messageId, site)), {} as Context);
    // A Reject now is recorded but cannot fail a send that was delivered.
    await handler(sns(aimed('reject', messageId, email)), {} as Context);
    items = (await ok(200, api(org.apiKey, 'GET', `${path}/sends`))).body.items;
    expect(items).toHaveLength(1);
    expect(items[0].status).toBe('bounced');
    expect(items[0].events.map((e: { type: string }) => e.type).sort()).toEqual(
      ['Bounce', 'Complaint', 'Delivery', 'Delivery', 'Delivery', 'DeliveryDelay', 'Reject', 'Send'].sort(),
    );

    // The hard bounce and the complaint mark both addresses for this organisation.
    const recipients = (await ok(200, api(org.apiKey, 'GET', `${path}/recipients`))).body;
    expect(recipients.mainContact).toMatchObject({ email, available: false, reason: 'bounced' });
    expect(recipients.addressContact).toMatchObject({ email: site, available: false, reason: 'complained' });
  });

  it('a soft bounce marks the send bounced but keeps the address available', async () => {
    const email = `soft-${Date.now().toString(36)}@exemple.fr`;
    const client = await newClient(org.apiKey, 'Boîte pleine', { mainContact: { lastName: 'Pleine', email } });
    const doc = { body: await newIssuedDocument(org.apiKey, client.id, { type: 'quote' }) };
    const path = `/clients/${client.id}/documents/${doc.body.id}`;
    const sent = await ok(201, api(org.apiKey, 'POST', `${path}/sends`, { to: [{ kind: 'main' }] }));
    await settled(path, 'delivered');
    await handler(sns(aimed('bounce-transient', sent.body.messageId, email)), {} as Context);
    await settled(path, 'bounced');
    expect((await ok(200, api(org.apiKey, 'GET', `${path}/recipients`))).body.mainContact).toMatchObject({ available: true, reason: null });
  });

  it('an event for an unknown message is retried while recent (the handler throws), dropped when old', async () => {
    const recent = aimed('delivery', `unknown-${Date.now()}`, 'x@exemple.fr');
    await expect(handler(sns(recent), {} as Context)).rejects.toThrow(/No send has SES message id/);
    const old = { ...recent, mail: { ...recent.mail, timestamp: '2020-01-01T00:00:00.000Z' } };
    expect(await processSesNotification(old)).toBe('unknown_message');
  });
});
