import { beforeAll, describe, expect, it } from 'vitest';
import { api, stack } from './helpers';
import { expectProblem, newAddress, newClient, newOrganization, ok, type TestOrg } from './fixtures';

/**
 * Bad input through HTTP: every refusal is a 4xx problem+json naming the field, and nothing is
 * stored (each block lists afterwards). The organisation is this file's own, so lists are exact.
 */
let org: TestOrg;
let key: string;
let clientId: string;
let addressId: string;
/** Bumped by the one test that changes the address on purpose. */
let addressVersion = 1;

const raw = (method: string, path: string, body: BodyInit | undefined, headers: Record<string, string> = {}) =>
  fetch(`${stack().apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
    body,
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit).then(async (res) => {
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null, ddbRequests: 0 };
  });

const paths = (answer: { body: { errors?: { path: string }[] } }) => (answer.body.errors ?? []).map((e) => e.path);

async function expectNothingStored() {
  const clients = await ok(200, api(key, 'GET', '/clients'));
  expect(clients.body.items.map((c: { id: string }) => c.id)).toEqual([clientId]);
  const overview = await ok(200, api(key, 'GET', `/clients/${clientId}/overview`));
  expect(overview.body.client.version).toBe(1);
  expect(overview.body.addresses.map((a: { id: string }) => a.id)).toEqual([addressId]);
  expect(overview.body.addresses[0].version).toBe(addressVersion);
  expect(overview.body.contacts).toEqual([]);
  expect((await ok(200, api(key, 'GET', '/contacts'))).body.items).toEqual([]);
}

beforeAll(async () => {
  org = await newOrganization('Validation SARL', { secondaryContacts: true });
  key = org.apiKey;
  clientId = (await newClient(key, 'Client valide')).id;
  addressId = (await newAddress(key, clientId, 'Siège')).id;
});

describe('malformed bodies', () => {
  it('refuses JSON that does not parse, bodies that are not objects, and non-JSON content types', async () => {
    for (const body of ['{"name": "x", ', '{name: "x"}', "{'name':'x'}", 'undefined', '']) {
      expectProblem(await raw('POST', '/clients', body), 400, 'invalid_request');
    }
    for (const body of ['[]', '"a client"', '42', 'null', 'true']) {
      expectProblem(await raw('POST', '/clients', body), 400, 'invalid_request');
    }
    expectProblem(
      await raw('POST', '/clients', 'name=x&kind=company', { 'content-type': 'application/x-www-form-urlencoded' }),
      400,
      'invalid_request',
    );
    expectProblem(
      await raw('POST', '/clients', JSON.stringify({ name: 'x', kind: 'company' }), { 'content-type': 'text/plain' }),
      400,
      'invalid_request',
    );
    expectProblem(await raw('PATCH', `/clients/${clientId}`, '{"name":'), 400, 'invalid_request');
    expectProblem(await raw('POST', `/clients/${clientId}/contacts`, '{"firstName":"a"'), 400, 'invalid_request');
    await expectNothingStored();
  });

  it('refuses a body over 256 KiB with 413, sent whole or in chunks', async () => {
    const big = JSON.stringify({ name: 'Gros client', kind: 'company', notes: 'x'.repeat(257 * 1024) });
    expectProblem(await raw('POST', '/clients', big), 413, 'payload_too_large');
    const chunks = new TextEncoder().encode(big);
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < chunks.length; i += 16 * 1024) controller.enqueue(chunks.slice(i, i + 16 * 1024));
        controller.close();
      },
    });
    expectProblem(await raw('POST', '/clients', stream), 413, 'payload_too_large');
    expectProblem(await raw('PATCH', `/clients/${clientId}`, JSON.stringify({ notes: 'y'.repeat(300 * 1024) })), 413, 'payload_too_large');
    await expectNothingStored();
  });
});

describe('schema violations name the field', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['a missing name', { kind: 'company' }, 'name'],
    ['a blank name', { name: '   ', kind: 'company' }, 'name'],
    ['a number as name', { name: 123, kind: 'company' }, 'name'],
    ['an unknown kind', { name: 'A', kind: 'association' }, 'kind'],
    ['a string as main contact', { name: 'A', kind: 'company', mainContact: 'Jean' }, 'mainContact'],
    ['a number as email', { name: 'A', kind: 'company', mainContact: { email: 5 } }, 'mainContact.email'],
    ['an unknown civility', { name: 'A', kind: 'company', mainContact: { civility: 'dr' } }, 'mainContact.civility'],
    ['a boolean as notes', { name: 'A', kind: 'company', notes: true }, 'notes'],
    ['an unknown field', { name: 'A', kind: 'company', orgId: 'someone-else' }, 'orgId'],
    ['an unknown nested field', { name: 'A', kind: 'company', mainContact: { email: 'a@b.fr', twitter: '@a' } }, 'mainContact.twitter'],
    ['a 10,000-character name', { name: 'N'.repeat(10_000), kind: 'company' }, 'name'],
    ['a 201-character name', { name: 'N'.repeat(201), kind: 'company' }, 'name'],
    ['notes over 10,000 characters', { name: 'A', kind: 'company', notes: 'n'.repeat(10_001) }, 'notes'],
    ['an invalid email', { name: 'A', kind: 'company', mainContact: { email: 'pas-un-email' } }, 'mainContact.email'],
    ['an email with a space', { name: 'A', kind: 'company', mainContact: { email: 'jean dupont@exemple.fr' } }, 'mainContact.email'],
    ['an email with two @', { name: 'A', kind: 'company', mainContact: { email: 'a@b@c.fr' } }, 'mainContact.email'],
    ['an invalid phone', { name: 'A', kind: 'company', mainContact: { phone: 'abc' } }, 'mainContact.phone'],
    ['a too short mobile', { name: 'A', kind: 'company', mainContact: { mobile: '12' } }, 'mainContact.mobile'],
    ['an invalid fax', { name: 'A', kind: 'company', mainContact: { fax: '+33 1' } }, 'mainContact.fax'],
  ];
  it.each(cases)('POST /clients: %s', async (_, body, path) => {
    const answer = await api(key, 'POST', '/clients', body);
    expectProblem(answer, 400, 'invalid_request');
    expect(paths(answer)).toContain(path);
  });

  it('the same rules on PATCH, which changes nothing', async () => {
    for (const [, body, path] of cases) {
      const { kind: _k, name, ...rest } = body;
      const patch = name === 'A' ? rest : { ...rest, ...(name === undefined ? {} : { name }) };
      if (Object.keys(patch).length === 0) continue;
      const answer = await api(key, 'PATCH', `/clients/${clientId}`, patch);
      expectProblem(answer, 400, 'invalid_request');
      expect(paths(answer)).toContain(path);
    }
    expectProblem(await api(key, 'PATCH', `/clients/${clientId}`, { name: null }), 400, 'invalid_request');
    expectProblem(await api(key, 'PATCH', `/clients/${clientId}`, { version: 7 }), 400, 'invalid_request');
    await expectNothingStored();
  });

  it('addresses and contacts', async () => {
    const addressCases: [Record<string, unknown>, string][] = [
      [{ line1: '1 rue A', postalCode: '75001', city: 'Paris' }, 'label'],
      [{ label: 'A', line1: '1 rue A', postalCode: '75001' }, 'city'],
      [{ label: 'A', line1: '1 rue A', postalCode: '75001', city: 'Paris', country: 'FRA' }, 'country'],
      [{ label: 'A', line1: '1 rue A', postalCode: '75001', city: 'Paris', siteContact: { email: 'x' } }, 'siteContact.email'],
      [{ label: 'A', line1: '1 rue A', postalCode: '75001', city: 'Paris', siteContact: { phone: '0' } }, 'siteContact.phone'],
      [
        { label: 'A', line1: '1 rue A', postalCode: '75001', city: 'Paris', siteContact: { mobile: '06 12 34 56 78' } },
        'siteContact.mobile',
      ],
      [{ label: 'A', line1: '1 rue A', postalCode: '75001', city: 'Paris', clientId: 'x' }, 'clientId'],
    ];
    for (const [body, path] of addressCases) {
      const answer = await api(key, 'POST', `/clients/${clientId}/addresses`, body);
      expectProblem(answer, 400, 'invalid_request');
      expect(paths(answer)).toContain(path);
    }
    const contactCases: [Record<string, unknown>, string][] = [
      [{}, 'lastName'],
      [{ firstName: '  ', lastName: '' }, 'lastName'],
      [{ lastName: 'A', email: 'nope' }, 'email'],
      [{ lastName: 'A', phone: 'call me' }, 'phone'],
      [{ lastName: 'A', mobile: '+33' }, 'mobile'],
      [{ lastName: 'A', civility: 'mme' }, 'civility'],
      [{ lastName: 'A', addressId: 42 }, 'addressId'],
      [{ lastName: 'A', fax: '01 02 03 04 05' }, 'fax'],
      [{ lastName: 'A'.repeat(10_000) }, 'lastName'],
    ];
    for (const [body, path] of contactCases) {
      const answer = await api(key, 'POST', `/clients/${clientId}/contacts`, body);
      expectProblem(answer, 400, 'invalid_request');
      expect(paths(answer)).toContain(path);
    }
    // A well-formed addressId that is not an address of this client: a domain rule, 422.
    const foreign = await api(key, 'POST', `/clients/${clientId}/contacts`, { lastName: 'A', addressId: '01JNOTANADDRESS000000000000' });
    expectProblem(foreign, 422, 'unprocessable');
    expect(foreign.body.reason).toBe('invalid_reference');
    expect(paths(foreign)).toEqual(['addressId']);
    await expectNothingStored();
  });

  it('settings, users and API keys', async () => {
    const cases: [string, string, Record<string, unknown>, string][] = [
      ['PATCH', '/settings', { modules: { secondaryContacts: 'yes' } }, 'modules.secondaryContacts'],
      ['PATCH', '/settings', { modules: { invoices: true } }, 'modules.invoices'],
      ['PATCH', '/settings', { sender: { replyTo: 'not-an-email' } }, 'sender.replyTo'],
      ['POST', '/users', { email: 'nope' }, 'email'],
      ['POST', '/users', { email: 'a@b.fr', role: 'owner' }, 'role'],
      ['POST', '/api-keys', { name: '' }, 'name'],
      ['POST', '/api-keys', { name: 'k', secret: 'ck_mine' }, 'secret'],
      ['PUT', '/me/display-options', { client: { reference: 'yes' } }, 'client.reference'],
      ['PUT', '/me/display-options', { client: { shoeSize: true } }, 'client.shoeSize'],
    ];
    for (const [method, path, body, field] of cases) {
      const answer = await api(key, method, path, body);
      expectProblem(answer, 400, 'invalid_request');
      expect(paths(answer), `${method} ${path}`).toContain(field);
    }
    expect((await ok(200, api(key, 'GET', '/settings'))).body.modules.secondaryContacts).toBe(true);
    expect((await ok(200, api(key, 'GET', '/users'))).body.items).toEqual([]);
    expect((await ok(200, api(key, 'GET', '/api-keys'))).body.items).toHaveLength(1);
  });
});

describe('control characters in single-line fields', () => {
  const controls = { CR: '\r', LF: '\n', CRLF: '\r\n', NUL: '\u0000' };
  const clientFields = [
    'name',
    'reference',
    'mainContact.firstName',
    'mainContact.lastName',
    'mainContact.email',
    'mainContact.phone',
    'mainContact.mobile',
    'mainContact.fax',
  ];
  const addressFields = [
    'label',
    'line1',
    'line2',
    'postalCode',
    'city',
    'country',
    'siteContact.firstName',
    'siteContact.lastName',
    'siteContact.email',
    'siteContact.phone',
  ];
  const contactFields = ['firstName', 'lastName', 'jobTitle', 'email', 'phone', 'mobile'];
  const validValue: Record<string, string> = {
    email: 'jean.dupont@exemple.fr',
    phone: '01 42 68 53 00',
    mobile: '06 12 34 56 78',
    fax: '01 42 68 53 01',
    country: 'F',
    postalCode: '7500',
  };
  const withField = (base: Record<string, unknown>, path: string, value: string) => {
    const [head = path, tail] = path.split('.');
    if (!tail) return { ...base, [head]: value };
    return { ...base, [head]: { ...(base[head] as object), [tail]: value } };
  };
  const poisoned = (path: string, control: string) => {
    const leaf = path.split('.').pop()!;
    const valid = validValue[leaf] ?? 'Valeur';
    // In the middle and at the end: a trim must not hide either.
    return [`${valid.slice(0, 1)}${control}${valid.slice(1)}`, `${valid}${control}`];
  };

  it.each(Object.entries(controls))('%s is refused in every single-line field, naming it', async (_, control) => {
    const targets: [string, string, Record<string, unknown>, string[]][] = [
      ['POST', '/clients', { name: 'Client', kind: 'company' }, clientFields],
      ['PATCH', `/clients/${clientId}`, {}, clientFields],
      ['POST', `/clients/${clientId}/addresses`, { label: 'A', line1: '1 rue A', postalCode: '75001', city: 'Paris' }, addressFields],
      ['PATCH', `/clients/${clientId}/addresses/${addressId}`, {}, addressFields],
      ['POST', `/clients/${clientId}/contacts`, { lastName: 'Contact' }, contactFields],
    ];
    for (const [method, path, base, fields] of targets) {
      for (const field of fields) {
        for (const value of poisoned(field, control)) {
          const answer = await api(key, method, path, withField(base, field, value));
          expectProblem(answer, 400, 'invalid_request');
          expect(paths(answer), `${method} ${path} ${field}=${JSON.stringify(value)}`).toContain(field);
        }
      }
    }
    for (const [method, path, body, field] of [
      ['PATCH', '/settings', { sender: { fromName: `Dupont${control}Bcc: x@y.fr` } }, 'sender.fromName'],
      ['PATCH', '/settings', { sender: { replyTo: `a@b.fr${control}` } }, 'sender.replyTo'],
      ['POST', '/api-keys', { name: `clé${control}` }, 'name'],
      ['POST', '/users', { email: `x${control}@b.fr` }, 'email'],
      ['POST', '/users', { email: 'x@b.fr', firstName: `A${control}B` }, 'firstName'],
    ] as const) {
      const answer = await api(key, method, path, body);
      expectProblem(answer, 400, 'invalid_request');
      expect(paths(answer)).toContain(field);
    }
    const search = await api(key, 'GET', `/clients?q=${encodeURIComponent(`a${control}b`)}`);
    expectProblem(search, 400, 'invalid_request');
    expect(paths(search)).toContain('q');
    await expectNothingStored();
  });

  it('multi-line notes keep their line breaks but refuse NUL', async () => {
    const notes = 'Ligne 1\r\nLigne 2\n\tfin';
    const patched = await ok(
      200,
      api(key, 'PATCH', `/clients/${clientId}/addresses/${addressId}`, { notes, siteContact: { info: notes } }),
    );
    expect(patched.body.notes).toBe(notes);
    expect(patched.body.siteContact.info).toBe(notes);
    const nul = await api(key, 'PATCH', `/clients/${clientId}/addresses/${addressId}`, { notes: 'a\u0000b' });
    expectProblem(nul, 400, 'invalid_request');
    expect(paths(nul)).toEqual(['notes']);
    const back = await ok(
      200,
      api(key, 'PATCH', `/clients/${clientId}/addresses/${addressId}`, { notes: null, siteContact: { info: null } }, { 'if-match': '"2"' }),
    );
    expect(back.body.notes).toBeNull();
    expect(back.body.version).toBe(3);
    addressVersion = 3;
  });
});

describe('query strings', () => {
  it('refuse out-of-range limits, unknown parameters and forged cursors, naming them', async () => {
    const cases: [string, string][] = [
      ['/clients?limit=0', 'limit'],
      ['/clients?limit=101', 'limit'],
      ['/clients?limit=abc', 'limit'],
      ['/clients?limit=2.5', 'limit'],
      ['/clients?orgId=x', 'orgId'],
      ['/clients?cursor=not-a-cursor', 'cursor'],
      [`/clients?cursor=${Buffer.from('{"after":1}').toString('base64url')}`, 'cursor'],
      ['/contacts?limit=-1', 'limit'],
      [`/clients/${clientId}/contacts?eligibleFor=x`, 'eligibleFor'],
      [`/clients?q=${'q'.repeat(201)}`, 'q'],
    ];
    for (const [path, field] of cases) {
      const answer = await api(key, 'GET', path);
      expectProblem(answer, 400, 'invalid_request');
      expect(paths(answer), path).toContain(field);
    }
  });

  it('refuse an If-Match that names no version', async () => {
    expectProblem(await api(key, 'PATCH', `/clients/${clientId}`, { notes: 'x' }, { 'if-match': 'yesterday' }), 412, 'precondition_failed');
    expectProblem(await api(key, 'DELETE', `/clients/${clientId}`, undefined, { 'if-match': '"abc"' }), 412, 'precondition_failed');
    await expectNothingStored();
  });
});
