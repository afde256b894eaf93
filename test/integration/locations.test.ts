import { beforeAll, describe, expect, it } from 'vitest';
import { app } from '../../functions/api/app';
import { resetConfig } from '../../functions/lib/config';
import { resetDb } from '../../functions/lib/dynamo';
import { expectProblem, newOrganization, ok, type TestOrg } from './fixtures';
import { api, type Answer, stack } from './helpers';

/**
 * The shape of answers an integrator relies on beyond the bodies: a `Location` on every 201 that
 * leads to the record just created, and problem+json 404 for paths that do not exist under /api/,
 * from the local server as from the app the Lambda runs.
 */
let org: TestOrg;
beforeAll(async () => {
  org = await newOrganization('Emplacements SARL', { secondaryContacts: true });
});

/** GETs the `Location` of a 201 and returns the record it leads to. */
async function follow(created: Answer, credential = org.apiKey) {
  const location = created.headers.get('location');
  expect(location, 'a 201 carries Location').toBeTruthy();
  const url = new URL(location ?? '', stack().apiUrl);
  expect(url.origin).toBe(new URL(stack().apiUrl).origin);
  expect(url.pathname.startsWith('/api/v1/')).toBe(true);
  return ok(200, api(credential, 'GET', url.pathname.slice('/api/v1'.length)));
}

describe('Location on every 201', () => {
  const checked = new Set<string>();

  it('clients, addresses, contacts, documents, sends, users and API keys: Location leads to the new record', async () => {
    const client = await ok(
      201,
      api(org.apiKey, 'POST', '/clients', { name: 'Résidence Emplacement', kind: 'company', mainContact: { email: 'syndic@exemple.fr' } }),
    );
    expect((await follow(client)).body).toEqual(client.body);
    checked.add('createClient');
    const c = client.body.id as string;

    const address = await ok(
      201,
      api(org.apiKey, 'POST', `/clients/${c}/addresses`, { label: 'Bât. A', line1: '1 rue Haute', postalCode: '13001', city: 'Marseille' }),
    );
    expect(address.headers.get('location')).toBe(`/api/v1/clients/${c}/addresses/${address.body.id}`);
    expect((await follow(address)).body).toEqual(address.body);
    checked.add('createAddress');

    const contact = await ok(201, api(org.apiKey, 'POST', `/clients/${c}/contacts`, { lastName: 'Roux', addressId: address.body.id }));
    expect(contact.headers.get('location')).toBe(`/api/v1/clients/${c}/contacts/${contact.body.id}`);
    expect((await follow(contact)).body).toEqual(contact.body);
    checked.add('createContact');

    const document = await ok(
      201,
      api(org.apiKey, 'POST', `/clients/${c}/documents`, {
        type: 'invoice',
        addressId: address.body.id,
        lines: [{ description: 'Ramonage', quantity: 1, unitPriceCents: 9000, vatRate: 10 }],
      }),
    );
    expect((await follow(document)).body).toEqual(document.body);
    checked.add('createDocument');
    await ok(200, api(org.apiKey, 'POST', `/clients/${c}/documents/${document.body.id}/issue`));

    const credit = await ok(201, api(org.apiKey, 'POST', `/clients/${c}/documents/${document.body.id}/credit-note`));
    expect((await follow(credit)).body).toEqual(credit.body);
    checked.add('createCreditNote');

    const quote = await ok(201, api(org.apiKey, 'POST', `/clients/${c}/documents`, { type: 'quote', addressId: address.body.id }));
    await ok(200, api(org.apiKey, 'POST', `/clients/${c}/documents/${quote.body.id}/issue`));
    await ok(200, api(org.apiKey, 'POST', `/clients/${c}/documents/${quote.body.id}/accept`));
    const fromQuote = await ok(201, api(org.apiKey, 'POST', `/clients/${c}/documents/${quote.body.id}/invoice`));
    expect((await follow(fromQuote)).body).toEqual(fromQuote.body);
    checked.add('invoiceFromQuote');

    const path = `/clients/${c}/documents/${document.body.id}/sends`;
    const send = await ok(201, api(org.apiKey, 'POST', path, { to: [{ kind: 'main' }] }, { 'idempotency-key': `loc-${Date.now()}` }));
    // The send's own URL, not the collection's.
    expect(send.headers.get('location')).toBe(`/api/v1${path}/${send.body.id}`);
    const followed = (await follow(send)).body;
    expect(followed).toMatchObject({ id: send.body.id, documentId: document.body.id, to: send.body.to, subject: send.body.subject });
    checked.add('createSend');

    const user = await ok(201, api(org.apiKey, 'POST', '/users', { email: `emplacement-${Date.now()}@exemple.fr`, firstName: 'Inès' }));
    const { temporaryPassword, ...invited } = user.body;
    expect(temporaryPassword).toEqual(expect.any(String));
    expect((await follow(user)).body).toEqual(invited);
    checked.add('inviteUser');

    const key = await ok(201, api(org.apiKey, 'POST', '/api-keys', { name: 'Emplacement ERP' }));
    const { secret, ...withoutSecret } = key.body;
    expect(secret).toMatch(/^ck_/);
    expect((await follow(key)).body).toEqual(withoutSecret);
    checked.add('createApiKey');

    const hook = await ok(201, api(org.apiKey, 'POST', '/webhook-endpoints', { url: 'http://127.0.0.1:9/hook' }));
    const { secret: hookSecret, ...hookWithoutSecret } = hook.body;
    expect(hookSecret).toMatch(/^whsec_/);
    expect((await follow(hook)).body).toEqual(hookWithoutSecret);
    checked.add('createWebhookEndpoint');
  }, 60_000);

  it('every operation documented with a 201 is checked above, and documents its Location header', async () => {
    const spec = (await (await fetch(`${stack().apiUrl}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { operationId: string; responses: Record<string, { headers?: Record<string, unknown> }> }>>;
    };
    const creating = Object.values(spec.paths)
      .flatMap((item) => Object.values(item))
      .filter((op) => op.responses?.['201']);
    for (const op of creating) expect(op.responses['201']?.headers, op.operationId).toHaveProperty('Location');
    expect(creating.map((op) => op.operationId).sort()).toEqual([...checked].sort());
  });

  it('the replay of a send carries the same Location', async () => {
    const client = await ok(
      201,
      api(org.apiKey, 'POST', '/clients', { name: 'Rejeu', kind: 'individual', mainContact: { email: 'rejeu@exemple.fr' } }),
    );
    const doc = await ok(
      201,
      api(org.apiKey, 'POST', `/clients/${client.body.id}/documents`, {
        type: 'quote',
        lines: [{ description: 'Devis', quantity: 1, unitPriceCents: 100, vatRate: 20 }],
      }),
    );
    await ok(200, api(org.apiKey, 'POST', `/clients/${client.body.id}/documents/${doc.body.id}/issue`));
    const path = `/clients/${client.body.id}/documents/${doc.body.id}/sends`;
    const headers = { 'idempotency-key': `loc-replay-${Date.now()}` };
    const first = await ok(201, api(org.apiKey, 'POST', path, { to: [{ kind: 'main' }] }, headers));
    const again = await ok(201, api(org.apiKey, 'POST', path, { to: [{ kind: 'main' }] }, headers));
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
  });

  it('GET of a send that is not there: 404 problem+json', async () => {
    const client = await ok(201, api(org.apiKey, 'POST', '/clients', { name: 'Sans envoi', kind: 'company' }));
    const doc = await ok(
      201,
      api(org.apiKey, 'POST', `/clients/${client.body.id}/documents`, {
        type: 'invoice',
        lines: [{ description: 'x', quantity: 1, unitPriceCents: 100, vatRate: 20 }],
      }),
    );
    expectProblem(
      await api(org.apiKey, 'GET', `/clients/${client.body.id}/documents/${doc.body.id}/sends/01JNOSUCHSEND000000000000`),
      404,
      'not_found',
    );
    expectProblem(await api(org.apiKey, 'GET', '/api-keys/01JNOSUCHKEY0000000000000'), 404, 'not_found');
  });
});

describe('unknown paths under /api/', () => {
  const unknown = ['/api/v1/anything-unknown', '/api/v1/clients/x/y/z/w', '/api/v2/clients', '/api/whatever', '/api'];

  it('answer problem+json 404 from the local server (never the web app’s HTML), with a credential', async () => {
    for (const path of unknown) {
      const res = await fetch(`${stack().webUrl}${path}`, { headers: { authorization: `Bearer ${org.apiKey}` } });
      const body = await res.text();
      expect(res.status, `${path}: ${body.slice(0, 80)}`).toBe(404);
      expect(res.headers.get('content-type'), path).toContain('application/problem+json');
      expect(JSON.parse(body)).toMatchObject({ status: 404, code: 'not_found', title: 'Not found' });
    }
    // Without a credential a path under /api/v1 asks for one first, as every API path does.
    const anonymous = await fetch(`${stack().apiUrl}/anything-unknown`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    // The web app's own routes still get its page.
    const page = await fetch(`${stack().webUrl}/clients/abc`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
  });

  it('and the same answers from the app as the Lambda runs it (no local server in between)', async () => {
    Object.assign(process.env, stack().env);
    resetConfig();
    resetDb();
    for (const path of unknown) {
      const local = await fetch(`${stack().webUrl}${path}`, { headers: { authorization: `Bearer ${org.apiKey}` } });
      const lambda = await app.request(path, { headers: { authorization: `Bearer ${org.apiKey}` } });
      expect(lambda.status, path).toBe(local.status);
      expect(lambda.headers.get('content-type'), path).toBe(local.headers.get('content-type'));
      expect(await lambda.json(), path).toEqual(await local.json());
    }
  });
});
