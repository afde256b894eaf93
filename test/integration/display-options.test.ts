import { beforeAll, describe, expect, it } from 'vitest';
import { displayOptionDefaults } from '../../shared/display-options';
import { api, orgs, signIn } from './helpers';
import { expectProblem, newOrganization, ok, type TestOrg } from './fixtures';

let org: TestOrg;
let otherKey: string;
beforeAll(async () => {
  org = await newOrganization('Affichage SARL', { secondaryContacts: true });
  otherKey = (await ok(201, api(org.apiKey, 'POST', '/api-keys', { name: 'Deuxième poste', role: 'member' }))).body.secret;
});

describe('/me/display-options', () => {
  it('starts from the defaults for every module', async () => {
    const got = await ok(200, api(org.apiKey, 'GET', '/me/display-options'));
    expect(got.body).toEqual(displayOptionDefaults);
    expect(Object.keys(got.body).sort()).toEqual(['address', 'client', 'contact', 'intervention', 'invoice', 'quote']);
  });

  it('saves per caller and keeps the choice; fields not sent keep their defaults', async () => {
    const saved = await ok(
      200,
      api(org.apiKey, 'PUT', '/me/display-options', { contact: { jobTitle: false, notes: false }, intervention: { contactId: false } }),
    );
    const expected = {
      ...displayOptionDefaults,
      contact: { ...displayOptionDefaults.contact, jobTitle: false, notes: false },
      intervention: { ...displayOptionDefaults.intervention, contactId: false },
    };
    expect(saved.body).toEqual(expected);
    expect((await ok(200, api(org.apiKey, 'GET', '/me/display-options'))).body).toEqual(expected);
    // Another caller of the same organisation keeps their own.
    expect((await ok(200, api(otherKey, 'GET', '/me/display-options'))).body).toEqual(displayOptionDefaults);
    // PUT replaces: what is not sent goes back to its default.
    const replaced = await ok(200, api(org.apiKey, 'PUT', '/me/display-options', { client: { 'mainContact.fax': true } }));
    expect(replaced.body).toEqual({ ...displayOptionDefaults, client: { ...displayOptionDefaults.client, 'mainContact.fax': true } });
    expect((await ok(200, api(org.apiKey, 'GET', '/me/display-options'))).body).toEqual(replaced.body);
  });

  it('a signed-in user has their own, kept across sign-ins', async () => {
    const [dupont] = orgs();
    const member = dupont.users.find((u) => u.role === 'member')!;
    const first = await signIn(member.email, member.password);
    const before = (await ok(200, api(first.accessToken, 'GET', '/me/display-options'))).body;
    await ok(200, api(first.accessToken, 'PUT', '/me/display-options', { address: { country: true } }));
    const second = await signIn(member.email, member.password);
    expect((await ok(200, api(second.idToken, 'GET', '/me/display-options'))).body.address.country).toBe(true);
    // The organisation's API key is another caller.
    expect((await ok(200, api(dupont.apiKey, 'GET', '/me/display-options'))).body.address.country).toBe(false);
    await ok(200, api(second.accessToken, 'PUT', '/me/display-options', before));
  });

  it('refuses unknown modules, fields and non-boolean values', async () => {
    for (const body of [{ invoices: {} }, { client: { unknown: true } }, { client: { reference: 'no' } }, { client: null }]) {
      expectProblem(await api(org.apiKey, 'PUT', '/me/display-options', body), 400, 'invalid_request');
    }
  });
});
