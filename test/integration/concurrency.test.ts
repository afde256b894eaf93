import { beforeAll, describe, expect, it } from 'vitest';
import { api } from './helpers';
import { expectProblem, newAddress, newClient, newContact, newOrganization, ok, type TestOrg } from './fixtures';

/** Optimistic concurrency: of eight PATCHes sent at once with the same If-Match, exactly one wins. */
let org: TestOrg;
let clientId: string;
let addressId: string;
let contactId: string;

beforeAll(async () => {
  org = await newOrganization('Concurrence SAS', { secondaryContacts: true });
  clientId = (await newClient(org.apiKey, 'Client disputé')).id;
  addressId = (await newAddress(org.apiKey, clientId, 'Adresse disputée')).id;
  contactId = (await newContact(org.apiKey, clientId, { lastName: 'Contact disputé' })).id;
});

async function race(path: string, field: string) {
  const got = await ok(200, api(org.apiKey, 'GET', path));
  const etag = got.headers.get('etag')!;
  expect(etag).toBe(`"${got.body.version}"`);
  const answers = await Promise.all(
    Array.from({ length: 8 }, (_, i) => api(org.apiKey, 'PATCH', path, { [field]: `Écrit par ${i}` }, { 'if-match': etag })),
  );
  const statuses = answers.map((a) => a.status).sort();
  expect(statuses).toEqual([200, 412, 412, 412, 412, 412, 412, 412]);
  for (const loser of answers.filter((a) => a.status === 412)) expectProblem(loser, 412, 'precondition_failed');
  const winner = answers.find((a) => a.status === 200)!;
  expect(winner.body.version).toBe(got.body.version + 1);
  expect(winner.headers.get('etag')).toBe(`"${got.body.version + 1}"`);
  // The stored record is the winner's, once.
  const after = await ok(200, api(org.apiKey, 'GET', path));
  expect(after.body[field]).toBe(winner.body[field]);
  expect(after.body.version).toBe(got.body.version + 1);
}

describe('eight concurrent PATCHes with one If-Match', () => {
  it('a client: one 200, seven 412', () => race(`/clients/${clientId}`, 'notes'));
  it('an address: one 200, seven 412', () => race(`/clients/${clientId}/addresses/${addressId}`, 'notes'));
  it('a contact: one 200, seven 412', () => race(`/clients/${clientId}/contacts/${contactId}`, 'notes'));
  it('again, on the next version', async () => {
    await race(`/clients/${clientId}`, 'notes');
    await race(`/clients/${clientId}/contacts/${contactId}`, 'jobTitle');
  });
});

describe('without If-Match', () => {
  it('concurrent PATCHes all land (the server retries, never a 412), each on a version of its own', async () => {
    const before = (await ok(200, api(org.apiKey, 'GET', `/clients/${clientId}`))).body.version as number;
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => api(org.apiKey, 'PATCH', `/clients/${clientId}`, { notes: `n${i}` })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    const versions = answers.map((w) => w.body.version as number).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 8 }, (_, i) => before + 1 + i));
    const after = await ok(200, api(org.apiKey, 'GET', `/clients/${clientId}`));
    expect(after.body.version).toBe(before + 8);
  });

  it('a stale If-Match on DELETE answers 412 and deletes nothing', async () => {
    const got = await ok(200, api(org.apiKey, 'GET', `/clients/${clientId}/contacts/${contactId}`));
    const stale = `"${got.body.version - 1}"`;
    expectProblem(
      await api(org.apiKey, 'DELETE', `/clients/${clientId}/contacts/${contactId}`, undefined, { 'if-match': stale }),
      412,
      'precondition_failed',
    );
    expectProblem(
      await api(org.apiKey, 'DELETE', `/clients/${clientId}/addresses/${addressId}`, undefined, { 'if-match': '"99"' }),
      412,
      'precondition_failed',
    );
    expectProblem(await api(org.apiKey, 'DELETE', `/clients/${clientId}`, undefined, { 'if-match': '"1"' }), 412, 'precondition_failed');
    const overview = await ok(200, api(org.apiKey, 'GET', `/clients/${clientId}/overview`));
    expect(overview.body.addresses).toHaveLength(1);
    expect(overview.body.contacts).toHaveLength(1);
  });
});
