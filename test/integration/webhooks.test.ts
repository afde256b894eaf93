import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, until } from './helpers';
import { expectProblem, newClient, newOrganization, ok, type TestOrg, unique } from './fixtures';

/**
 * Webhooks end to end, as an integrator sees them: a receiver on 127.0.0.1 that verifies every
 * signature with the Standard Webhooks library, the local dispatcher reading DynamoDB Local's
 * stream, the retries (WEBHOOK_RETRY_SCHEDULE is seconds in the test stack) and the events feed.
 */
interface Received {
  id: string;
  /** The path and query the endpoint was registered with. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  event: { id: string; type: string; createdAt: string; data: { object: Record<string, unknown> } };
  signatureValid: boolean;
}

/** A receiver that can be taken down (port closed) and brought back on the same port. */
class Receiver {
  readonly received: Received[] = [];
  secrets: string[] = [];
  answer = 200;
  private server: Server | undefined;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const headers = req.headers as Record<string, string>;
        // Valid when one of the secrets verifies it (the library checks every signature given).
        const signatureValid = this.secrets.some((s) => {
          try {
            new Webhook(s).verify(body, headers);
            return true;
          } catch {
            return false;
          }
        });
        this.received.push({
          id: String(req.headers['webhook-id']),
          path: req.url ?? '',
          headers: req.headers,
          body,
          event: JSON.parse(body),
          signatureValid,
        });
        res.writeHead(signatureValid ? this.answer : 400).end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(this.port, '127.0.0.1', () => resolve()));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  get url() {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  ids() {
    return new Set(this.received.map((r) => r.id));
  }
}

/** Every event of the organisation's feed, following nextCursor. */
async function allEvents(key: string): Promise<{ id: string; type: string; data: { object: Record<string, unknown> } }[]> {
  const events: { id: string; type: string; data: { object: Record<string, unknown> } }[] = [];
  let after: string | null = null as string | null;
  for (let page = 0; page < 50; page++) {
    const answer: { body: { items: never[]; nextCursor: string | null } } = await ok(
      200,
      api(key, 'GET', `/events?limit=100${after ? `&after=${after}` : ''}`),
    );
    events.push(...answer.body.items);
    after = answer.body.nextCursor;
    if (!after) break;
  }
  return events;
}

async function newEndpoint(org: TestOrg, receiver: Receiver, extra: Record<string, unknown> = {}) {
  const url = `${receiver.url}?endpoint=${Math.random().toString(36).slice(2)}`;
  const created = await ok(201, api(org.apiKey, 'POST', '/webhook-endpoints', { url, description: 'Test', ...extra }));
  receiver.secrets.push(created.body.secret);
  return { ...(created.body as { id: string; secret: string; status: string }), path: new URL(url).pathname + new URL(url).search };
}

describe('webhooks: every change reaches the endpoint, signed, even across downtime', () => {
  const receiver = new Receiver();
  let a: TestOrg;
  let b: TestOrg;

  beforeAll(async () => {
    await receiver.start();
    a = await newOrganization(unique('Webhooks A'), { secondaryContacts: true });
    b = await newOrganization(unique('Webhooks B'), { secondaryContacts: true });
  });
  afterAll(() => receiver.stop());

  it('delivers every event at least once after the receiver comes back; the ids are exactly those of GET /events; none of another organisation', async () => {
    const endpoint = await newEndpoint(a, receiver);
    const clients: string[] = [];
    for (let i = 0; i < 3; i++) clients.push((await newClient(a.apiKey, unique('Client avant'))).id);
    await until(
      'the first deliveries',
      async () => receiver.ids().size,
      (n) => n >= 3,
      15_000,
    );

    // Down: the port is closed while changes go on.
    await receiver.stop();
    for (let i = 0; i < 4; i++) clients.push((await newClient(a.apiKey, unique('Client pendant'))).id);
    await ok(200, api(a.apiKey, 'PATCH', `/clients/${clients[0]}`, { notes: 'Modifié pendant la panne' }));
    await ok(204, api(a.apiKey, 'DELETE', `/clients/${clients[1]}`));
    // The other organisation's changes, at the same time.
    const others: string[] = [];
    for (let i = 0; i < 3; i++) others.push((await newClient(b.apiKey, unique('Autre organisation'))).id);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await receiver.start();

    const feed = await allEvents(a.apiKey);
    expect(feed.length).toBe(3 + 4 + 1 + 1);
    expect(feed.map((e) => e.type).sort()).toEqual([...Array(7).fill('client.created'), 'client.deleted', 'client.updated'].sort());
    expect(feed.find((e) => e.type === 'client.deleted')?.data.object).toEqual({ id: clients[1], deleted: true });
    const feedIds = new Set(feed.map((e) => e.id));

    await until(
      'every event of the feed at the receiver',
      async () => receiver.ids(),
      (ids) => [...feedIds].every((id) => ids.has(id)),
      30_000,
    );
    // Deduplicated by webhook-id, the deliveries are exactly the feed.
    expect([...receiver.ids()].sort()).toEqual([...feedIds].sort());
    expect(receiver.received.every((r) => r.signatureValid)).toBe(true);
    for (const r of receiver.received) {
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.event.id).toBe(r.id);
      expect(Math.abs(Number(r.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(120);
    }
    // Nothing of the other organisation: neither its events nor its records.
    const otherIds = new Set((await allEvents(b.apiKey)).map((e) => e.id));
    expect(otherIds.size).toBeGreaterThanOrEqual(3);
    expect([...receiver.ids()].filter((id) => otherIds.has(id))).toEqual([]);
    expect(receiver.received.filter((r) => others.includes(String(r.event.data.object.id)))).toEqual([]);
    // The downtime was real: some deliveries needed more than one attempt, and all succeeded in the end.
    const log = (await ok(200, api(a.apiKey, 'GET', `/webhook-endpoints/${endpoint.id}/deliveries?limit=100`))).body.items;
    expect(log.map((d: { eventId: string }) => d.eventId).sort()).toEqual([...feedIds].sort());
    expect(log.some((d: { attempt: number }) => d.attempt >= 2)).toBe(true);
    expect(log.every((d: { status: string }) => d.status === 'succeeded')).toBe(true);
  });
});

describe('webhooks: every kind of change has its event, in the feed and at the endpoint', () => {
  const receiver = new Receiver();
  let org: TestOrg;

  beforeAll(async () => {
    await receiver.start();
    org = await newOrganization(unique('Webhooks tout'), { secondaryContacts: true });
  });
  afterAll(() => receiver.stop());

  it('clients, addresses, contacts, documents and sends with their SES outcomes; deletions leave tombstones', async () => {
    await newEndpoint(org, receiver);
    const key = org.apiKey;
    const client = (
      await ok(
        201,
        api(key, 'POST', '/clients', {
          name: unique('Tout'),
          kind: 'company',
          mainContact: { lastName: 'Principal', email: 'principal@example.org' },
        }),
      )
    ).body;
    const base = `/clients/${client.id}`;
    const address = (
      await ok(
        201,
        api(key, 'POST', `${base}/addresses`, {
          label: 'Site',
          line1: '1 rue',
          postalCode: '13001',
          city: 'Marseille',
          siteContact: { lastName: 'Rebond', email: 'bounce@simulator.amazonses.com' },
        }),
      )
    ).body;
    await ok(200, api(key, 'PATCH', `${base}/addresses/${address.id}`, { notes: 'Portail bleu' }));
    const contact = (
      await ok(201, api(key, 'POST', `${base}/contacts`, { lastName: 'Plainte', email: 'complaint@simulator.amazonses.com' }))
    ).body;
    await ok(200, api(key, 'PATCH', `${base}/contacts/${contact.id}`, { jobTitle: 'Gérant' }));
    const other = (await ok(201, api(key, 'POST', `${base}/contacts`, { lastName: 'Éphémère' }))).body;
    await ok(204, api(key, 'DELETE', `${base}/contacts/${other.id}`));
    const lines = [{ description: 'Entretien', quantity: 1, unitPriceCents: 9_000, vatRate: 20 }];
    const quote = (await ok(201, api(key, 'POST', `${base}/documents`, { type: 'quote', addressId: address.id, lines }))).body;
    await ok(200, api(key, 'PATCH', `${base}/documents/${quote.id}`, { title: 'Entretien annuel' }));
    const draft = (await ok(201, api(key, 'POST', `${base}/documents`, { type: 'quote', lines }))).body;
    await ok(204, api(key, 'DELETE', `${base}/documents/${draft.id}`));
    // Valider: the quote is issued before it is sent.
    await ok(200, api(key, 'POST', `${base}/documents/${quote.id}/issue`));
    const sends = `${base}/documents/${quote.id}/sends`;
    const delivered = (await ok(201, api(key, 'POST', sends, { to: [{ kind: 'main' }] }))).body;
    const bounced = (await ok(201, api(key, 'POST', sends, { to: [{ kind: 'address' }] }))).body;
    const complained = (await ok(201, api(key, 'POST', sends, { to: [{ kind: 'contact', contactId: contact.id }] }))).body;

    const expected: [string, string][] = [
      ['client.created', client.id],
      ['address.created', address.id],
      ['address.updated', address.id],
      ['contact.created', contact.id],
      ['contact.updated', contact.id],
      ['contact.created', other.id],
      ['contact.deleted', other.id],
      ['document.created', quote.id],
      ['document.updated', quote.id],
      ['document.issued', quote.id],
      ['document.created', draft.id],
      ['document.deleted', draft.id],
      ['send.created', delivered.id],
      ['send.created', bounced.id],
      ['send.created', complained.id],
      ['send.delivered', delivered.id],
      ['send.bounced', bounced.id],
      ['send.complained', complained.id],
    ];
    const has = (events: { type: string; data: { object: Record<string, unknown> } }[]) =>
      expected.every(([type, id]) => events.some((e) => e.type === type && e.data.object.id === id));
    const feed = await until('every event in the feed', () => allEvents(key), has, 20_000);
    await until('every event at the receiver', async () => receiver.received.map((r) => r.event), has, 20_000);
    expect(receiver.received.every((r) => r.signatureValid)).toBe(true);
    expect([...receiver.ids()].sort()).toEqual(feed.map((e) => e.id).sort());

    const one = (type: string, id: string) => feed.find((e) => e.type === type && e.data.object.id === id)?.data.object;
    // The record as GET returns it after the change; deletions leave a tombstone.
    expect(one('address.updated', address.id)).toMatchObject({ id: address.id, clientId: client.id, notes: 'Portail bleu' });
    expect(one('contact.deleted', other.id)).toEqual({ id: other.id, clientId: client.id, deleted: true });
    expect(one('document.deleted', draft.id)).toEqual({ id: draft.id, clientId: client.id, deleted: true });
    expect(one('document.updated', quote.id)).toMatchObject({ title: 'Entretien annuel' });
    expect(one('document.issued', quote.id)).toMatchObject({ status: 'issued', number: expect.stringMatching(/^D-/) });
    expect(one('send.bounced', bounced.id)).toMatchObject({ documentId: quote.id, status: 'bounced' });
    expect(one('send.delivered', delivered.id)).toMatchObject({ status: 'delivered' });
  });
});

describe('webhook endpoints (admin): secret once, test event, rotation, disable/enable, replay, log, SSRF guard', () => {
  const receiver = new Receiver();
  let org: TestOrg;

  beforeAll(async () => {
    await receiver.start();
    org = await newOrganization(unique('Webhooks admin'), { secondaryContacts: false });
  });
  afterAll(() => receiver.stop());

  it('shows the secret only in the answer to POST, refuses members and non-public or non-https URLs', async () => {
    const created = await newEndpoint(org, receiver, { eventTypes: ['client.created'] });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(created.secret.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);
    const read = await ok(200, api(org.apiKey, 'GET', `/webhook-endpoints/${created.id}`));
    expect(read.body).not.toHaveProperty('secret');
    expect(read.body).toMatchObject({
      url: expect.stringContaining(receiver.url),
      eventTypes: ['client.created'],
      status: 'enabled',
      disabledReason: null,
    });
    const list = await ok(200, api(org.apiKey, 'GET', '/webhook-endpoints'));
    expect(JSON.stringify(list.body)).not.toContain(created.secret);

    const member = (await ok(201, api(org.apiKey, 'POST', '/api-keys', { name: 'Membre', role: 'member' }))).body.secret as string;
    expectProblem(await api(member, 'GET', '/webhook-endpoints'), 403, 'forbidden');
    expectProblem(await api(member, 'POST', '/webhook-endpoints', { url: receiver.url }), 403, 'forbidden');

    for (const url of [
      'http://10.0.0.1/hook',
      'https://10.1.2.3/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://[fd00:ec2::254]/',
      'https://[::ffff:192.168.0.1]/',
      'https://100.64.0.1/',
      'http://93.184.215.14/hook',
      'ftp://127.0.0.1/',
    ]) {
      const refused = await api(org.apiKey, 'POST', '/webhook-endpoints', { url });
      expect(refused.status, url).toBeGreaterThanOrEqual(400);
      expect(refused.status, url).toBeLessThan(500);
    }
    expectProblem(await api(org.apiKey, 'POST', '/webhook-endpoints', { url: 'https://169.254.169.254/' }), 422, 'unprocessable');
    // Another organisation sees none of it.
    const other = await newOrganization(unique('Webhooks autre'), { secondaryContacts: false });
    expectProblem(await api(other.apiKey, 'GET', `/webhook-endpoints/${created.id}`), 404, 'not_found');
  });

  it('sends a test event; after a rotation both secrets sign; a disabled endpoint keeps its deliveries until enabled; replay; the log', async () => {
    const endpoint = await newEndpoint(org, receiver);
    const before = receiver.received.length;
    await ok(202, api(org.apiKey, 'POST', `/webhook-endpoints/${endpoint.id}/test`));
    const test = await until(
      'the test event',
      async () => receiver.received.slice(before),
      (r) => r.some((x) => x.event.type === 'webhook.test'),
    );
    expect(test.find((x) => x.event.type === 'webhook.test')?.signatureValid).toBe(true);

    const rotated = await ok(200, api(org.apiKey, 'POST', `/webhook-endpoints/${endpoint.id}/rotate-secret`));
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    const client = await newClient(org.apiKey, unique('Après rotation'));
    const signed = await until(
      'the event signed after the rotation',
      async () => receiver.received.find((r) => r.event.data.object.id === client.id && r.path === endpoint.path),
      (r) => r !== undefined,
    );
    const signatures = String(signed?.headers['webhook-signature']).split(' ');
    expect(signatures).toHaveLength(2);
    // Each secret alone verifies the delivery: the receiver can switch at any time in the 24 h.
    const headers = signed?.headers as Record<string, string>;
    expect(() => new Webhook(endpoint.secret).verify(signed?.body ?? '', headers)).not.toThrow();
    expect(() => new Webhook(rotated.body.secret).verify(signed?.body ?? '', headers)).not.toThrow();
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(signed?.body ?? '', headers)).toThrow();
    receiver.secrets.push(rotated.body.secret);

    // Disabled: the change waits; enabled: it arrives.
    const disabled = await ok(200, api(org.apiKey, 'PATCH', `/webhook-endpoints/${endpoint.id}`, { status: 'disabled' }));
    expect(disabled.body.status).toBe('disabled');
    const waiting = await newClient(org.apiKey, unique('Pendant la désactivation'));
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const mine = (r: Received) => r.path === endpoint.path;
    expect(receiver.received.some((r) => mine(r) && r.event.data.object.id === waiting.id)).toBe(false);
    const log = await ok(200, api(org.apiKey, 'GET', `/webhook-endpoints/${endpoint.id}/deliveries`));
    expect(log.body.items[0]).toMatchObject({ status: 'pending', attempt: 0, eventType: 'client.created' });
    await ok(200, api(org.apiKey, 'PATCH', `/webhook-endpoints/${endpoint.id}`, { status: 'enabled' }));
    await until(
      'the change made while disabled',
      async () => receiver.received.some((r) => mine(r) && r.event.data.object.id === waiting.id),
      Boolean,
    );

    // Replay one event: delivered again, with the same webhook-id.
    const eventId = receiver.received.find((r) => mine(r) && r.event.data.object.id === client.id)?.id;
    const count = receiver.received.filter((r) => mine(r) && r.id === eventId).length;
    const replayed = await ok(202, api(org.apiKey, 'POST', `/webhook-endpoints/${endpoint.id}/replay`, { eventId }));
    expect(replayed.body.accepted).toBe(1);
    await until(
      'the replayed event',
      async () => receiver.received.filter((r) => mine(r) && r.id === eventId).length,
      (n) => n > count,
    );
    // Replay since a time: every event of the feed since then.
    const since = new Date(Date.now() - 60_000).toISOString();
    const all = await ok(202, api(org.apiKey, 'POST', `/webhook-endpoints/${endpoint.id}/replay`, { since }));
    expect(all.body.accepted).toBeGreaterThanOrEqual(2);

    const deliveries = await until(
      'the log with succeeded deliveries',
      async () => (await ok(200, api(org.apiKey, 'GET', `/webhook-endpoints/${endpoint.id}/deliveries?limit=100`))).body.items,
      (items: { id: string; status: string }[]) => items.length >= 5 && items.every((d) => d.status === 'succeeded'),
    );
    const ids = deliveries.map((d: { id: string }) => d.id);
    expect(ids).toEqual([...ids].sort().reverse());
    expect(deliveries[0]).toEqual({
      id: expect.any(String),
      eventId: expect.any(String),
      eventType: expect.any(String),
      attempt: 1,
      status: 'succeeded',
      responseStatus: 200,
      durationMs: expect.any(Number),
      at: expect.any(String),
      nextAttemptAt: null,
      error: null,
    });
  });

  it('retries a failing endpoint with the attempts in its log, and disables it on 410 Gone', async () => {
    const failing = new Receiver();
    await failing.start();
    try {
      const endpoint = await newEndpoint(org, failing);
      failing.secrets.push(endpoint.secret);
      failing.answer = 503;
      await ok(202, api(org.apiKey, 'POST', `/webhook-endpoints/${endpoint.id}/test`));
      const retried = await until(
        'a second attempt',
        async () => (await ok(200, api(org.apiKey, 'GET', `/webhook-endpoints/${endpoint.id}/deliveries`))).body.items[0],
        (d: { attempt: number; nextAttemptAt: string | null }) => d?.attempt >= 2,
      );
      expect(retried).toMatchObject({ status: 'pending', responseStatus: 503, error: 'HTTP 503' });
      expect(retried.nextAttemptAt).not.toBeNull();
      expect(failing.received.length).toBeGreaterThanOrEqual(2);
      expect(new Set(failing.received.map((r) => r.id)).size).toBe(1);

      failing.answer = 410;
      const gone = await until(
        'the endpoint disabled by 410',
        async () => (await ok(200, api(org.apiKey, 'GET', `/webhook-endpoints/${endpoint.id}`))).body,
        (e: { status: string; disabledReason: string | null }) => e.status === 'disabled',
      );
      expect(gone.disabledReason).toMatch(/410/);
      const last = (await ok(200, api(org.apiKey, 'GET', `/webhook-endpoints/${endpoint.id}/deliveries`))).body.items[0];
      expect(last).toMatchObject({ status: 'failed', responseStatus: 410, nextAttemptAt: null });
    } finally {
      await failing.stop();
    }
  });
});
