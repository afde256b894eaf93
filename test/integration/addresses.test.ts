import { beforeAll, describe, expect, it } from 'vitest';
import { api } from './helpers';
import { expectProblem, newAddress, newClient, newContact, newOrganization, ok, type TestOrg } from './fixtures';

let org: TestOrg;
let clientId: string;

beforeAll(async () => {
  org = await newOrganization('Adresses SARL', { secondaryContacts: true });
  clientId = (await newClient(org.apiKey, 'Résidence des Pins')).id;
});

describe('addresses with their site contact', () => {
  it('POST answers 201 with every field, GET carries the ETag, the list is sorted by label', async () => {
    const created = await ok(
      201,
      api(org.apiKey, 'POST', `/clients/${clientId}/addresses`, {
        label: 'Bâtiment B',
        line1: ' 3 allée des Pins ',
        postalCode: '13008',
        city: 'Marseille',
        siteContact: { firstName: 'Gardien', phone: '04 91 00 00 00', info: 'Loge au fond\nde la cour' },
      }),
    );
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.body).toEqual({
      id: expect.any(String),
      clientId,
      label: 'Bâtiment B',
      line1: '3 allée des Pins',
      line2: null,
      postalCode: '13008',
      city: 'Marseille',
      country: 'FR',
      siteContact: {
        firstName: 'Gardien',
        lastName: null,
        email: null,
        phone: '04 91 00 00 00',
        phoneE164: '+33491000000',
        info: 'Loge au fond\nde la cour',
      },
      notes: null,
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    await newAddress(org.apiKey, clientId, 'Accueil', { country: 'be' });
    const got = await ok(200, api(org.apiKey, 'GET', `/clients/${clientId}/addresses/${created.body.id}`));
    expect(got.headers.get('etag')).toBe('"1"');
    expect(got.body).toEqual(created.body);
    const list = await ok(200, api(org.apiKey, 'GET', `/clients/${clientId}/addresses`));
    expect(list.body.nextCursor).toBeNull();
    expect(list.body.items.map((a: { label: string }) => a.label)).toEqual(['Accueil', 'Bâtiment B']);
    expect(list.body.items[0].country).toBe('BE');
    expectProblem(await api(org.apiKey, 'GET', '/clients/01JNOSUCHCLIENT00000000000/addresses'), 404, 'not_found');
    expectProblem(
      await api(org.apiKey, 'POST', '/clients/01JNOSUCHCLIENT00000000000/addresses', {
        label: 'A',
        line1: 'B',
        postalCode: '1',
        city: 'C',
      }),
      404,
      'not_found',
    );
  });

  it('PATCH merges the site contact; a stale If-Match answers 412', async () => {
    const address = await newAddress(org.apiKey, clientId, 'Chaufferie', {
      siteContact: { firstName: 'Jean', lastName: 'Valjean', email: 'jean@pins.fr' },
    });
    const patched = await ok(
      200,
      api(
        org.apiKey,
        'PATCH',
        `/clients/${clientId}/addresses/${address.id}`,
        { siteContact: { email: null, phone: '06 12 34 56 78' }, line2: 'Sous-sol' },
        { 'if-match': '"1"' },
      ),
    );
    expect(patched.headers.get('etag')).toBe('"2"');
    expect(patched.body).toMatchObject({
      label: 'Chaufferie',
      line2: 'Sous-sol',
      version: 2,
      siteContact: { firstName: 'Jean', lastName: 'Valjean', email: null, phone: '06 12 34 56 78', phoneE164: '+33612345678' },
    });
    expectProblem(
      await api(org.apiKey, 'PATCH', `/clients/${clientId}/addresses/${address.id}`, { label: 'Perdu' }, { 'if-match': '"1"' }),
      412,
      'precondition_failed',
    );
    expectProblem(await api(org.apiKey, 'PATCH', `/clients/${clientId}/addresses/${address.id}`, { label: null }), 400, 'invalid_request');
    expect((await ok(200, api(org.apiKey, 'GET', `/clients/${clientId}/addresses/${address.id}`))).body.label).toBe('Chaufferie');
  });
});

describe('deleting an address', () => {
  it('unlinks its contacts in the same transaction: they come back with addressId null', async () => {
    const client = await newClient(org.apiKey, 'Copropriété du Lac');
    const doomed = await newAddress(org.apiKey, client.id, 'Bâtiment à démolir');
    const kept = await newAddress(org.apiKey, client.id, 'Bâtiment conservé');
    const linked = [
      await newContact(org.apiKey, client.id, { lastName: 'Arnaud', addressId: doomed.id }),
      await newContact(org.apiKey, client.id, { lastName: 'Besson', addressId: doomed.id }),
      await newContact(org.apiKey, client.id, { lastName: 'Collin', addressId: doomed.id }),
    ];
    const elsewhere = await newContact(org.apiKey, client.id, { lastName: 'Durand', addressId: kept.id });
    const without = await newContact(org.apiKey, client.id, { lastName: 'Étienne' });

    const deleted = await api(org.apiKey, 'DELETE', `/clients/${client.id}/addresses/${doomed.id}`, undefined, { 'if-match': '"1"' });
    expect(deleted.status).toBe(204);

    expectProblem(await api(org.apiKey, 'GET', `/clients/${client.id}/addresses/${doomed.id}`), 404, 'not_found');
    expectProblem(await api(org.apiKey, 'GET', `/clients/${client.id}/contacts?eligibleForAddress=${doomed.id}`), 404, 'not_found');
    const overview = (await ok(200, api(org.apiKey, 'GET', `/clients/${client.id}/overview`))).body;
    expect(overview.addresses.map((a: { id: string }) => a.id)).toEqual([kept.id]);
    const byId = new Map(overview.contacts.map((c: { id: string }) => [c.id, c]));
    for (const c of linked) {
      const now = await ok(200, api(org.apiKey, 'GET', `/clients/${client.id}/contacts/${c.id}`));
      expect(now.body).toMatchObject({ addressId: null, version: c.version + 1, lastName: c.lastName });
      expect(now.headers.get('etag')).toBe(`"${c.version + 1}"`);
      expect(byId.get(c.id)).toEqual(now.body);
    }
    expect(byId.get(elsewhere.id)).toEqual(elsewhere);
    expect(byId.get(without.id)).toEqual(without);
    // Unlinked, they are now offered for every intervention of the client.
    const eligible = (await ok(200, api(org.apiKey, 'GET', `/clients/${client.id}/contacts?eligibleForAddress=${kept.id}`))).body.items;
    expect(eligible.map((c: { lastName: string; match: string }) => [c.lastName, c.match])).toEqual([
      ['Durand', 'address'],
      ['Arnaud', 'no_address'],
      ['Besson', 'no_address'],
      ['Collin', 'no_address'],
      ['Étienne', 'no_address'],
    ]);
    // Deleting it again: gone.
    expectProblem(await api(org.apiKey, 'DELETE', `/clients/${client.id}/addresses/${doomed.id}`), 404, 'not_found');
  });

  it('a stale If-Match deletes nothing and unlinks nobody', async () => {
    const client = await newClient(org.apiKey, 'Villa Les Oliviers');
    const address = await newAddress(org.apiKey, client.id, 'Villa');
    const contact = await newContact(org.apiKey, client.id, { lastName: 'Olivier', addressId: address.id });
    await ok(200, api(org.apiKey, 'PATCH', `/clients/${client.id}/addresses/${address.id}`, { notes: 'v2' }));
    expectProblem(
      await api(org.apiKey, 'DELETE', `/clients/${client.id}/addresses/${address.id}`, undefined, { 'if-match': '"1"' }),
      412,
      'precondition_failed',
    );
    expect((await ok(200, api(org.apiKey, 'GET', `/clients/${client.id}/contacts/${contact.id}`))).body).toEqual(contact);
    expect((await api(org.apiKey, 'DELETE', `/clients/${client.id}/addresses/${address.id}`)).status).toBe(204);
  });
});
