import { beforeAll, describe, expect, it } from 'vitest';
import { api, orgs } from './helpers';
import { expectProblem, newAddress, newClient, newContact, newOrganization, ok, type TestOrg } from './fixtures';

/**
 * Tenancy: one organisation's credential against every route (clients, addresses, contacts,
 * overview, eligibleForAddress, documents, sends, users, keys) with the other's ids answers 404,
 * exactly like an id that does not exist, and writes nothing (the other's records are read back
 * unchanged, versions and timestamps included).
 */
let a: TestOrg;
let b: TestOrg;
const mine = { clientId: '', addressId: '', contactId: '', documentId: '' };
const theirs = { clientId: '', addressId: '', otherAddressId: '', contactId: '', userId: '', keyId: '', documentId: '' };
const lines = [{ description: 'Entretien chaudière', quantity: 1, unitPriceCents: 12_000, vatRate: 10 }];

async function snapshot(org: TestOrg) {
  const overview = (await ok(200, api(org.apiKey, 'GET', `/clients/${org === b ? theirs.clientId : mine.clientId}/overview`))).body;
  const clients = (await ok(200, api(org.apiKey, 'GET', '/clients'))).body;
  const directory = (await ok(200, api(org.apiKey, 'GET', '/contacts'))).body;
  const users = (await ok(200, api(org.apiKey, 'GET', '/users'))).body;
  const keys = (await ok(200, api(org.apiKey, 'GET', '/api-keys'))).body.items.map((k: { id: string; name: string }) => [k.id, k.name]);
  const settings = (await ok(200, api(org.apiKey, 'GET', '/settings'))).body;
  const clientId = org === b ? theirs.clientId : mine.clientId;
  const documentId = org === b ? theirs.documentId : mine.documentId;
  const documents = (await ok(200, api(org.apiKey, 'GET', `/clients/${clientId}/documents`))).body;
  const interventions = (await ok(200, api(org.apiKey, 'GET', '/documents?type=intervention'))).body;
  const document = (await ok(200, api(org.apiKey, 'GET', `/clients/${clientId}/documents/${documentId}`))).body;
  const sends = (await ok(200, api(org.apiKey, 'GET', `/clients/${clientId}/documents/${documentId}/sends`))).body;
  return { overview, clients, directory, users, keys, settings, documents, interventions, document, sends };
}

beforeAll(async () => {
  [a, b] = await Promise.all([
    newOrganization('Tenant A', { secondaryContacts: true }),
    newOrganization('Tenant B', { secondaryContacts: true }),
  ]);
  mine.clientId = (await newClient(a.apiKey, 'Client de A')).id;
  mine.addressId = (await newAddress(a.apiKey, mine.clientId, 'Adresse de A')).id;
  mine.contactId = (await newContact(a.apiKey, mine.clientId, { lastName: 'Contact de A' })).id;

  theirs.clientId = (await newClient(b.apiKey, 'Client de B', { reference: 'B-001', mainContact: { email: 'b@b.fr' } })).id;
  theirs.addressId = (await newAddress(b.apiKey, theirs.clientId, 'Adresse de B')).id;
  theirs.otherAddressId = (await newAddress(b.apiKey, theirs.clientId, 'Autre adresse de B')).id;
  theirs.contactId = (
    await newContact(b.apiKey, theirs.clientId, {
      firstName: 'Bérénice',
      lastName: 'Contact de B',
      email: 'berenice@b.fr',
      addressId: theirs.addressId,
    })
  ).id;
  theirs.userId = (
    await ok(201, api(b.apiKey, 'POST', '/users', { email: `tenant-b-${Date.now()}@b.fr`, firstName: 'Employé', lastName: 'De B' }))
  ).body.id;
  theirs.keyId = (await ok(200, api(b.apiKey, 'GET', '/api-keys'))).body.items[0].id;
  theirs.documentId = (
    await ok(
      201,
      api(b.apiKey, 'POST', `/clients/${theirs.clientId}/documents`, {
        type: 'intervention',
        title: 'Entretien',
        addressId: theirs.addressId,
        contactId: theirs.contactId,
        lines,
      }),
    )
  ).body.id;
  mine.documentId = (
    await ok(201, api(a.apiKey, 'POST', `/clients/${mine.clientId}/documents`, { type: 'intervention', addressId: mine.addressId, lines }))
  ).body.id;
});

describe('one organisation’s credential with the other’s ids', () => {
  it('answers 404 on every route and writes nothing', async () => {
    const before = { a: await snapshot(a), b: await snapshot(b) };
    const c = theirs.clientId;
    const clientPatch = { name: 'Piraté', notes: 'x' };
    const addressBody = { label: 'Piratée', line1: '1 rue X', postalCode: '75001', city: 'Paris' };
    const contactBody = { lastName: 'Pirate' };
    const ifMatch = { 'if-match': '"1"' };
    const matrix: [string, string, unknown?, Record<string, string>?][] = [
      // clients
      ['GET', `/clients/${c}`],
      ['PATCH', `/clients/${c}`, clientPatch],
      ['PATCH', `/clients/${c}`, clientPatch, ifMatch],
      ['PATCH', `/clients/${c}`, { archived: true }],
      ['DELETE', `/clients/${c}`],
      ['DELETE', `/clients/${c}`, undefined, ifMatch],
      ['GET', `/clients/${c}/overview`],
      // addresses
      ['GET', `/clients/${c}/addresses`],
      ['POST', `/clients/${c}/addresses`, addressBody],
      ['GET', `/clients/${c}/addresses/${theirs.addressId}`],
      ['PATCH', `/clients/${c}/addresses/${theirs.addressId}`, { label: 'Piratée' }],
      ['PATCH', `/clients/${c}/addresses/${theirs.addressId}`, { label: 'Piratée' }, ifMatch],
      ['DELETE', `/clients/${c}/addresses/${theirs.otherAddressId}`],
      ['DELETE', `/clients/${c}/addresses/${theirs.addressId}`, undefined, ifMatch],
      // contacts
      ['GET', `/clients/${c}/contacts`],
      ['GET', `/clients/${c}/contacts?eligibleForAddress=${theirs.addressId}`],
      ['POST', `/clients/${c}/contacts`, contactBody],
      ['POST', `/clients/${c}/contacts`, { ...contactBody, addressId: theirs.addressId }],
      ['GET', `/clients/${c}/contacts/${theirs.contactId}`],
      ['PATCH', `/clients/${c}/contacts/${theirs.contactId}`, { lastName: 'Pirate' }],
      ['PATCH', `/clients/${c}/contacts/${theirs.contactId}`, { addressId: null }, ifMatch],
      ['DELETE', `/clients/${c}/contacts/${theirs.contactId}`],
      ['DELETE', `/clients/${c}/contacts/${theirs.contactId}`, undefined, ifMatch],
      // their ids under my own client
      ['GET', `/clients/${mine.clientId}/addresses/${theirs.addressId}`],
      ['PATCH', `/clients/${mine.clientId}/addresses/${theirs.addressId}`, { label: 'Piratée' }],
      ['DELETE', `/clients/${mine.clientId}/addresses/${theirs.addressId}`],
      ['GET', `/clients/${mine.clientId}/contacts?eligibleForAddress=${theirs.addressId}`],
      ['GET', `/clients/${mine.clientId}/contacts/${theirs.contactId}`],
      ['PATCH', `/clients/${mine.clientId}/contacts/${theirs.contactId}`, { lastName: 'Pirate' }],
      ['DELETE', `/clients/${mine.clientId}/contacts/${theirs.contactId}`],
      // my ids under their client
      ['GET', `/clients/${c}/addresses/${mine.addressId}`],
      ['GET', `/clients/${c}/contacts/${mine.contactId}`],
      ['GET', `/clients/${c}/contacts?eligibleForAddress=${mine.addressId}`],
      // documents and their sends
      ['GET', `/clients/${c}/documents`],
      ['GET', `/clients/${c}/documents?type=intervention`],
      ['POST', `/clients/${c}/documents`, { type: 'invoice', lines }],
      ['GET', `/clients/${c}/documents/${theirs.documentId}`],
      ['PATCH', `/clients/${c}/documents/${theirs.documentId}`, { title: 'Piraté' }],
      ['PATCH', `/clients/${c}/documents/${theirs.documentId}`, { title: 'Piraté' }, ifMatch],
      ['DELETE', `/clients/${c}/documents/${theirs.documentId}`],
      ['DELETE', `/clients/${c}/documents/${theirs.documentId}`, undefined, ifMatch],
      ['GET', `/clients/${c}/documents/${theirs.documentId}/pdf`],
      ['GET', `/clients/${c}/documents/${theirs.documentId}/recipients`],
      ['GET', `/clients/${c}/documents/${theirs.documentId}/sends`],
      ['POST', `/clients/${c}/documents/${theirs.documentId}/sends`, { to: [{ kind: 'main' }] }],
      [
        'POST',
        `/clients/${c}/documents/${theirs.documentId}/sends`,
        { to: [{ kind: 'contact', contactId: theirs.contactId }] },
        { 'idempotency-key': 'tenancy-1' },
      ],
      ['GET', `/clients/${mine.clientId}/documents/${theirs.documentId}`],
      ['PATCH', `/clients/${mine.clientId}/documents/${theirs.documentId}`, { title: 'Piraté' }],
      ['DELETE', `/clients/${mine.clientId}/documents/${theirs.documentId}`],
      ['GET', `/clients/${mine.clientId}/documents/${theirs.documentId}/pdf`],
      ['GET', `/clients/${mine.clientId}/documents/${theirs.documentId}/recipients`],
      ['POST', `/clients/${mine.clientId}/documents/${theirs.documentId}/sends`, { to: [{ kind: 'main' }] }],
      ['GET', `/clients/${mine.clientId}/documents/${theirs.documentId}/sends`],
      ['GET', `/clients/${c}/documents/${mine.documentId}`],
      // users and API keys
      ['PATCH', `/users/${theirs.userId}`, { role: 'admin' }],
      ['DELETE', `/users/${theirs.userId}`],
      ['DELETE', `/api-keys/${theirs.keyId}`],
    ];
    for (const [method, path, body, headers] of matrix) {
      const answer = await api(a.apiKey, method, path, body, headers);
      expectProblem(answer, 404, 'not_found');
      // Exactly like an id that does not exist: the same answer with a made-up id.
      const made = path.replaceAll(theirs.clientId, '01JZZZZZZZZZZZZZZZZZZZZZZZ');
      if (made !== path) expect((await api(a.apiKey, method, made, body, headers)).status, `${method} ${made}`).toBe(404);
    }
    // A reference to their address from my own contact is a broken reference, not a link.
    const linked = await api(a.apiKey, 'POST', `/clients/${mine.clientId}/contacts`, { lastName: 'Lien', addressId: theirs.addressId });
    expectProblem(linked, 422, 'unprocessable');
    const relinked = await api(a.apiKey, 'PATCH', `/clients/${mine.clientId}/contacts/${mine.contactId}`, { addressId: theirs.addressId });
    expectProblem(relinked, 422, 'unprocessable');
    // Naming their contact under their client: the client's 404, like every other route.
    const namedContact = await api(a.apiKey, 'POST', `/clients/${c}/documents`, {
      type: 'intervention',
      addressId: theirs.addressId,
      contactId: theirs.contactId,
      lines,
    });
    expectProblem(namedContact, 404, 'not_found');
    for (const body of [
      { type: 'intervention', addressId: theirs.addressId, lines },
      { type: 'invoice', addressId: mine.addressId, contactId: theirs.contactId, lines },
    ]) {
      expect((await api(a.apiKey, 'POST', `/clients/${mine.clientId}/documents`, body)).status, JSON.stringify(body)).toBe(422);
    }

    const after = { a: await snapshot(a), b: await snapshot(b) };
    expect(after.b).toEqual(before.b);
    expect(after.a).toEqual(before.a);
  });

  it('never lists or finds the other’s records', async () => {
    for (const q of ['client', 'b-001', 'CLIENT DE B']) {
      const clients = (await ok(200, api(a.apiKey, 'GET', `/clients?q=${encodeURIComponent(q)}`))).body.items;
      expect(clients.map((x: { id: string }) => x.id)).not.toContain(theirs.clientId);
    }
    for (const q of ['berenice', 'contact de b', 'berenice@b']) {
      const contacts = (await ok(200, api(a.apiKey, 'GET', `/contacts?q=${encodeURIComponent(q)}`))).body.items;
      expect(contacts).toEqual([]);
    }
    expect((await ok(200, api(b.apiKey, 'GET', '/contacts?q=berenice'))).body.items.map((x: { id: string }) => x.id)).toEqual([
      theirs.contactId,
    ]);
    for (const type of ['intervention', 'invoice', 'quote']) {
      const docs = (await ok(200, api(a.apiKey, 'GET', `/documents?type=${type}`))).body.items;
      expect(docs.map((d: { id: string }) => d.id)).not.toContain(theirs.documentId);
    }
    const users = (await ok(200, api(a.apiKey, 'GET', '/users'))).body.items;
    expect(users.map((u: { id: string }) => u.id)).not.toContain(theirs.userId);
    const me = (await ok(200, api(a.apiKey, 'GET', '/me'))).body;
    expect(me.organization).toEqual({ id: a.id, name: a.name });
  });

  it('the seeded organisations are as separate', async () => {
    const [dupont, netazur] = orgs();
    const theirClients = (await ok(200, api(netazur.apiKey, 'GET', '/clients'))).body.items;
    expect(theirClients.length).toBeGreaterThan(0);
    const dupontIds = (await ok(200, api(dupont.apiKey, 'GET', '/clients?limit=100'))).body.items.map((x: { id: string }) => x.id);
    for (const client of theirClients) {
      expect(dupontIds).not.toContain(client.id);
      expectProblem(await api(dupont.apiKey, 'GET', `/clients/${client.id}`), 404, 'not_found');
      expectProblem(await api(dupont.apiKey, 'GET', `/clients/${client.id}/overview`), 404, 'not_found');
      const [address] = (await ok(200, api(netazur.apiKey, 'GET', `/clients/${client.id}/addresses`))).body.items;
      if (!address) continue;
      expectProblem(await api(dupont.apiKey, 'GET', `/clients/${client.id}/addresses/${address.id}`), 404, 'not_found');
      expectProblem(await api(dupont.apiKey, 'GET', `/clients/${client.id}/contacts?eligibleForAddress=${address.id}`), 404, 'not_found');
    }
  });
});
