import { beforeAll, describe, expect, it } from 'vitest';
import { searchKey } from '../../shared/text';
import { api, orgs, type Answer } from './helpers';
import { expectProblem, newAddress, newClient, newContact, newOrganization, ok, type TestOrg } from './fixtures';
import { at } from '../../shared/at';

type Client = { id: string; name: string; reference: string | null; version: number };

async function walk(key: string, query: string, limit: number) {
  const seen: Client[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = query ? '&' : '';
    const page: Answer = await ok(
      200,
      api(key, 'GET', `/clients?${query}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
    );
    expect(page.body.items.length).toBeLessThanOrEqual(limit);
    seen.push(...page.body.items);
    cursor = page.body.nextCursor;
    if (++pages > 50) throw new Error('pagination does not end');
  } while (cursor);
  return { seen, pages };
}

describe('search in the seeded organisation', () => {
  // Other test files may add clients to the seeded organisation: every hit must match the prefix,
  // and the seeded clients named here must be among them.
  const SEEDED = ['Boulangerie Martin', 'Syndic Les Tilleuls', 'Hôtel Côte d’Azur', 'Étienne Dubois'];
  const search = async (q: string) => {
    const items = (await ok(200, api(orgs()[0].apiKey, 'GET', `/clients?q=${encodeURIComponent(q)}&limit=100`))).body.items as Client[];
    for (const c of items) {
      expect(
        [c.name, c.reference ?? ''].some((v) => searchKey(v).startsWith(searchKey(q))),
        `${c.name} does not match ${q}`,
      ).toBe(true);
    }
    return items.map((c) => c.name).filter((n) => SEEDED.includes(n));
  };

  it.each(['hot', 'HÔT', 'Hôtel', 'hôtel côte', 'HOTEL COTE D’AZUR'])(
    'q=%s finds “Hôtel Côte d’Azur” by its name, ignoring case and accents',
    async (q) => {
      expect(await search(q)).toEqual(['Hôtel Côte d’Azur']);
    },
  );

  it('finds by reference prefix, ignoring case', async () => {
    expect(await search('cli-0002')).toEqual(['Syndic Les Tilleuls']);
    expect(await search('CLI-0003')).toEqual(['Hôtel Côte d’Azur']);
    expect(await search('cli-000')).toEqual(['Boulangerie Martin', 'Étienne Dubois', 'Hôtel Côte d’Azur', 'Syndic Les Tilleuls']);
  });

  it('matches the start only', async () => {
    expect(await search('tilleuls')).toEqual([]);
    expect(await search('zzzz-nothing')).toEqual([]);
    expect(await search('etienne')).toEqual(['Étienne Dubois']);
  });
});

describe('listing and pagination', () => {
  let org: TestOrg;
  const created: Client[] = [];
  const names = [
    'Zénith Plomberie',
    'abri jardin',
    'Église Saint-Roch',
    'Hôtel du Parc',
    'Hotel Ibis',
    'École Jules Ferry',
    'Bâtiment B',
    'Agence Ouest',
  ];

  beforeAll(async () => {
    org = await newOrganization('Pagination SARL', { secondaryContacts: false });
    for (const [i, name] of names.entries()) {
      created.push(await newClient(org.apiKey, name, { reference: `REF-${String(i + 1).padStart(3, '0')}` }));
    }
  });

  it('sorts by name ignoring case and accents', async () => {
    const all = (await ok(200, api(org.apiKey, 'GET', '/clients'))).body;
    expect(all.nextCursor).toBeNull();
    expect(all.items.map((c: Client) => c.name)).toEqual([
      'abri jardin',
      'Agence Ouest',
      'Bâtiment B',
      'École Jules Ferry',
      'Église Saint-Roch',
      'Hôtel du Parc',
      'Hotel Ibis',
      'Zénith Plomberie',
    ]);
  });

  it.each([1, 2, 3, 7, 8, 100])('limit=%i walks every client once, in order', async (limit) => {
    const { seen, pages } = await walk(org.apiKey, '', limit);
    expect(seen.map((c) => c.id).sort()).toEqual(created.map((c) => c.id).sort());
    expect(new Set(seen.map((c) => c.id)).size).toBe(created.length);
    expect(pages).toBe(Math.max(1, Math.ceil(created.length / limit)));
    const all = (await ok(200, api(org.apiKey, 'GET', '/clients'))).body.items.map((c: Client) => c.id);
    expect(seen.map((c) => c.id)).toEqual(all);
  });

  it('pages through a search by name prefix', async () => {
    const { seen } = await walk(org.apiKey, 'q=hot', 1);
    expect(seen.map((c) => c.name)).toEqual(['Hôtel du Parc', 'Hotel Ibis']);
  });

  it('pages through a search that matches by reference (names outside the prefix)', async () => {
    for (const limit of [1, 2, 3, 5]) {
      const { seen } = await walk(org.apiKey, 'q=ref-00', limit);
      expect(
        seen.map((c) => c.name),
        `limit=${limit}`,
      ).toEqual([
        'abri jardin',
        'Agence Ouest',
        'Bâtiment B',
        'École Jules Ferry',
        'Église Saint-Roch',
        'Hôtel du Parc',
        'Hotel Ibis',
        'Zénith Plomberie',
      ]);
    }
  });

  it('pages through a search that matches both by name and by reference', async () => {
    // “a” starts two names; two other clients match by reference, their names sort after “a…”.
    const ecole = at(created, names.indexOf('École Jules Ferry'), 'created clients');
    const zenith = at(created, names.indexOf('Zénith Plomberie'), 'created clients');
    await ok(200, api(org.apiKey, 'PATCH', `/clients/${ecole.id}`, { reference: 'A-1' }));
    await ok(200, api(org.apiKey, 'PATCH', `/clients/${zenith.id}`, { reference: 'A-2' }));
    for (const limit of [1, 2, 3, 4]) {
      const { seen } = await walk(org.apiKey, 'q=a', limit);
      expect(
        seen.map((c) => c.name),
        `limit=${limit}`,
      ).toEqual(['abri jardin', 'Agence Ouest', 'École Jules Ferry', 'Zénith Plomberie']);
    }
    await ok(200, api(org.apiKey, 'PATCH', `/clients/${ecole.id}`, { reference: 'REF-006' }));
    await ok(200, api(org.apiKey, 'PATCH', `/clients/${zenith.id}`, { reference: 'REF-001' }));
  });
});

describe('a client record', () => {
  let org: TestOrg;
  beforeAll(async () => {
    org = await newOrganization('Fiches SAS', { secondaryContacts: true });
  });

  it('POST answers 201 with every field (null when empty), an ETag and a Location', async () => {
    const created = await ok(
      201,
      api(org.apiKey, 'POST', '/clients', {
        name: '  Boulangerie Petit  ',
        kind: 'company',
        mainContact: { firstName: 'Paul', phone: '01 42 68 53 00' },
      }),
    );
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.headers.get('location')).toBe(`/api/v1/clients/${created.body.id}`);
    expect(created.body).toEqual({
      id: expect.any(String),
      name: 'Boulangerie Petit',
      kind: 'company',
      reference: null,
      mainContact: {
        civility: null,
        firstName: 'Paul',
        lastName: null,
        email: null,
        phone: '01 42 68 53 00',
        phoneE164: '+33142685300',
        mobile: null,
        mobileE164: null,
        fax: null,
        faxE164: null,
      },
      notes: null,
      archived: false,
      version: 1,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/),
      updatedAt: expect.any(String),
    });
    const got = await ok(200, api(org.apiKey, 'GET', `/clients/${created.body.id}`));
    expect(got.headers.get('etag')).toBe('"1"');
    expect(got.body).toEqual(created.body);
  });

  it('PATCH is a JSON merge patch; a stale If-Match answers 412', async () => {
    const client = await newClient(org.apiKey, 'Garage Moreau', {
      reference: 'G-1',
      mainContact: { firstName: 'Luc', lastName: 'Moreau', email: 'luc@garage.fr', mobile: '06 12 34 56 78' },
      notes: 'Client fidèle',
    });
    const patched = await ok(
      200,
      api(
        org.apiKey,
        'PATCH',
        `/clients/${client.id}`,
        { mainContact: { email: 'contact@garage.fr', mobile: null }, reference: null },
        { 'if-match': '"1"' },
      ),
    );
    expect(patched.headers.get('etag')).toBe('"2"');
    expect(patched.body).toMatchObject({
      name: 'Garage Moreau',
      reference: null,
      notes: 'Client fidèle',
      version: 2,
      mainContact: { firstName: 'Luc', lastName: 'Moreau', email: 'contact@garage.fr', mobile: null, mobileE164: null },
    });
    const stale = await api(org.apiKey, 'PATCH', `/clients/${client.id}`, { name: 'Écrasé' }, { 'if-match': '"1"' });
    expectProblem(stale, 412, 'precondition_failed');
    expect((await ok(200, api(org.apiKey, 'GET', `/clients/${client.id}`))).body.name).toBe('Garage Moreau');
    // The reference left the search: it no longer finds the client.
    expect((await ok(200, api(org.apiKey, 'GET', '/clients?q=g-1'))).body.items).toEqual([]);
    // Archiving is a flag that keeps the client listed.
    const archived = await ok(200, api(org.apiKey, 'PATCH', `/clients/${client.id}`, { archived: true }, { 'if-match': 'W/"2"' }));
    expect(archived.body).toMatchObject({ archived: true, version: 3 });
    expect((await ok(200, api(org.apiKey, 'GET', '/clients?q=garage'))).body.items.map((c: Client) => c.id)).toEqual([client.id]);
    // Renaming moves it in the sorted list and the search.
    await ok(200, api(org.apiKey, 'PATCH', `/clients/${client.id}`, { name: 'Atelier Moreau' }));
    expect((await ok(200, api(org.apiKey, 'GET', '/clients?q=garage'))).body.items).toEqual([]);
    expect((await ok(200, api(org.apiKey, 'GET', '/clients?q=atelier'))).body.items.map((c: Client) => c.id)).toEqual([client.id]);
  });

  it('reports DynamoDB requests and consumed capacity of each call, reads as reads and writes as writes', async () => {
    const created = await ok(201, api(org.apiKey, 'POST', '/clients', { name: 'Compteur', kind: 'company' }));
    const metrics = (a: { headers: Headers }) => ['requests', 'rcu', 'wcu'].map((m) => Number(a.headers.get(`x-carnet-ddb-${m}`)));
    const [wRequests, wRcu, wWcu] = metrics(created);
    expect(wRequests).toBe(1);
    expect(wRcu).toBe(0);
    expect(wWcu).toBeGreaterThan(0);
    const got = await ok(200, api(org.apiKey, 'GET', `/clients/${created.body.id}`));
    const [rRequests, rRcu, rWcu] = metrics(got);
    expect(rRequests).toBe(1);
    expect(rRcu).toBeGreaterThan(0);
    expect(rWcu).toBe(0);
  });

  it('DELETE removes the client with its addresses and contacts', async () => {
    const client = await newClient(org.apiKey, 'Client éphémère');
    const address = await newAddress(org.apiKey, client.id, 'Site');
    await newContact(org.apiKey, client.id, { lastName: 'Éphémère', addressId: address.id });
    await newContact(org.apiKey, client.id, { firstName: 'Sans adresse' });
    const deleted = await api(org.apiKey, 'DELETE', `/clients/${client.id}`, undefined, { 'if-match': '"1"' });
    expect(deleted.status).toBe(204);
    expectProblem(await api(org.apiKey, 'GET', `/clients/${client.id}`), 404, 'not_found');
    expectProblem(await api(org.apiKey, 'GET', `/clients/${client.id}/overview`), 404, 'not_found');
    expectProblem(await api(org.apiKey, 'GET', `/clients/${client.id}/addresses/${address.id}`), 404, 'not_found');
    expectProblem(await api(org.apiKey, 'DELETE', `/clients/${client.id}`), 404, 'not_found');
    expect((await ok(200, api(org.apiKey, 'GET', '/contacts?q=ephemere'))).body.items).toEqual([]);
    expect((await ok(200, api(org.apiKey, 'GET', '/contacts?q=sans'))).body.items).toEqual([]);
  });
});

describe('the overview', () => {
  it('holds all three levels in one DynamoDB request', async () => {
    const [dupont] = orgs();
    const boulangerie = (await ok(200, api(dupont.apiKey, 'GET', '/clients?q=boulangerie+martin'))).body.items.find(
      (c: Client) => c.name === 'Boulangerie Martin',
    );
    const overview = await ok(200, api(dupont.apiKey, 'GET', `/clients/${boulangerie.id}/overview`));
    expect(overview.ddbRequests).toBe(1);
    const { client, addresses, contacts } = overview.body;
    // Level 1: the main contact on the record.
    expect(client.mainContact).toMatchObject({
      civility: 'mrs',
      firstName: 'Sophie',
      lastName: 'Martin',
      email: 'sophie.martin@boulangerie-martin.fr',
      phoneE164: '+33142685300',
    });
    // Level 2: each address with its site contact, sorted by label.
    expect(addresses.map((a: { label: string }) => a.label)).toEqual(['Boutique Montmartre', 'Laboratoire de Clichy']);
    expect(addresses[0].siteContact).toMatchObject({ firstName: 'Julien', lastName: 'Roche', info: 'Entrée par la cour, code 4512B' });
    // Level 3: the secondary contacts, sorted by last name.
    expect(contacts.map((c: { lastName: string }) => c.lastName)).toEqual(['Bernard', 'Lefèvre', 'Moreau', 'Œillet']);
    expect(contacts.find((c: { lastName: string }) => c.lastName === 'Bernard').addressId).toBe(addresses[0].id);
    expect(contacts.find((c: { lastName: string }) => c.lastName === 'Lefèvre').addressId).toBeNull();
  });

  it('has contacts [] while the module is off', async () => {
    const [, netazur] = orgs();
    const clinique = (await ok(200, api(netazur.apiKey, 'GET', '/clients?q=clinique'))).body.items.find(
      (c: Client) => c.name === 'Clinique Saint-Éloi',
    );
    const overview = await ok(200, api(netazur.apiKey, 'GET', `/clients/${clinique.id}/overview`));
    expect(overview.ddbRequests).toBe(1);
    expect(overview.body.addresses).toHaveLength(2);
    expect(overview.body.contacts).toEqual([]);
  });
});
