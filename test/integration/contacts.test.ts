import { beforeAll, describe, expect, it } from 'vitest';
import { eligibleContacts } from '../../shared/eligibility';
import { searchKey } from '../../shared/text';
import { api, orgs, type Answer } from './helpers';
import { expectProblem, newAddress, newClient, newContact, newOrganization, ok, type TestOrg } from './fixtures';

type Contact = {
  id: string;
  firstName: string | null;
  lastName: string | null;
  addressId: string | null;
  version: number;
  match?: string;
  clientName?: string;
};

let org: TestOrg;

beforeAll(async () => {
  org = await newOrganization('Contacts SAS', { secondaryContacts: true });
});

describe('a client’s secondary contacts', () => {
  it('create, read with ETag, merge patch, stale If-Match, delete', async () => {
    const client = await newClient(org.apiKey, 'Pharmacie Centrale');
    const address = await newAddress(org.apiKey, client.id, 'Officine');
    const created = await ok(
      201,
      api(org.apiKey, 'POST', `/clients/${client.id}/contacts`, {
        civility: 'mrs',
        firstName: ' Inès ',
        lastName: 'Durand',
        jobTitle: 'Pharmacienne',
        email: 'ines@pharmacie.fr',
        mobile: '06 12 34 56 78',
        addressId: address.id,
      }),
    );
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.body).toEqual({
      id: expect.any(String),
      clientId: client.id,
      civility: 'mrs',
      firstName: 'Inès',
      lastName: 'Durand',
      jobTitle: 'Pharmacienne',
      email: 'ines@pharmacie.fr',
      phone: null,
      phoneE164: null,
      mobile: '06 12 34 56 78',
      mobileE164: '+33612345678',
      addressId: address.id,
      notes: null,
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const path = `/clients/${client.id}/contacts/${created.body.id}`;
    const got = await ok(200, api(org.apiKey, 'GET', path));
    expect(got.headers.get('etag')).toBe('"1"');
    expect(got.body).toEqual(created.body);

    const patched = await ok(
      200,
      api(org.apiKey, 'PATCH', path, { addressId: null, jobTitle: null, notes: 'Préfère le portable' }, { 'if-match': '"1"' }),
    );
    expect(patched.body).toMatchObject({
      firstName: 'Inès',
      lastName: 'Durand',
      addressId: null,
      jobTitle: null,
      notes: 'Préfère le portable',
      version: 2,
    });
    expectProblem(await api(org.apiKey, 'PATCH', path, { lastName: 'Perdu' }, { 'if-match': '"1"' }), 412, 'precondition_failed');
    // Removing both names breaks the rule “one of firstName/lastName”.
    expectProblem(await api(org.apiKey, 'PATCH', path, { firstName: null, lastName: null }), 400, 'invalid_request');

    const list = await ok(200, api(org.apiKey, 'GET', `/clients/${client.id}/contacts`));
    expect(list.body).toEqual({ items: [patched.body], nextCursor: null });

    expectProblem(await api(org.apiKey, 'DELETE', path, undefined, { 'if-match': '"1"' }), 412, 'precondition_failed');
    expect((await api(org.apiKey, 'DELETE', path, undefined, { 'if-match': '"2"' })).status).toBe(204);
    expectProblem(await api(org.apiKey, 'GET', path), 404, 'not_found');
    expectProblem(await api(org.apiKey, 'DELETE', path), 404, 'not_found');
    expectProblem(await api(org.apiKey, 'PATCH', path, { notes: 'x' }), 404, 'not_found');
    expect((await ok(200, api(org.apiKey, 'GET', `/clients/${client.id}/contacts`))).body.items).toEqual([]);
  });

  it('addressId must be an address of the same client (422)', async () => {
    const client = await newClient(org.apiKey, 'Cabinet Dentaire');
    const other = await newClient(org.apiKey, 'Cabinet Voisin');
    const otherAddress = await newAddress(org.apiKey, other.id, 'Chez le voisin');
    const own = await newAddress(org.apiKey, client.id, 'Cabinet');
    const refused = await api(org.apiKey, 'POST', `/clients/${client.id}/contacts`, { lastName: 'Dent', addressId: otherAddress.id });
    expectProblem(refused, 422, 'unprocessable');
    expect(refused.body).toMatchObject({ reason: 'invalid_reference', errors: [{ path: 'addressId' }] });
    const contact = await newContact(org.apiKey, client.id, { lastName: 'Dent', addressId: own.id });
    const moved = await api(org.apiKey, 'PATCH', `/clients/${client.id}/contacts/${contact.id}`, { addressId: otherAddress.id });
    expectProblem(moved, 422, 'unprocessable');
    expect((await ok(200, api(org.apiKey, 'GET', `/clients/${client.id}/contacts/${contact.id}`))).body).toEqual(contact);
    expect((await ok(200, api(org.apiKey, 'GET', `/clients/${other.id}/contacts`))).body.items).toEqual([]);
    expectProblem(await api(org.apiKey, 'POST', '/clients/01JNOSUCHCLIENT00000000000/contacts', { lastName: 'X' }), 404, 'not_found');
  });
});

describe('eligibleForAddress: the intervention rule', () => {
  let client: { id: string };
  let a1: string, a2: string, a3: string;
  let all: Contact[];

  beforeAll(async () => {
    client = await newClient(org.apiKey, 'Centre Commercial');
    a1 = (await newAddress(org.apiKey, client.id, 'Galerie')).id;
    a2 = (await newAddress(org.apiKey, client.id, 'Parking')).id;
    a3 = (await newAddress(org.apiKey, client.id, 'Réserve')).id;
    for (const [lastName, addressId] of [
      ['Zola', a1],
      ['Bernard', a1],
      ['Martin', a2],
      ['Leroy', null],
      ['Abel', null],
      ['Moulin', a1],
    ] as const) {
      await newContact(org.apiKey, client.id, { lastName, addressId });
    }
    all = (await ok(200, api(org.apiKey, 'GET', `/clients/${client.id}/contacts`))).body.items;
  });

  it('lists exactly the contacts at the address plus those without, each with its match', async () => {
    const at = async (addressId: string) => {
      const answer = await ok(200, api(org.apiKey, 'GET', `/clients/${client.id}/contacts?eligibleForAddress=${addressId}`));
      expect(answer.ddbRequests).toBeLessThanOrEqual(2);
      expect(answer.body.nextCursor).toBeNull();
      return answer.body.items as Contact[];
    };
    const g = await at(a1);
    expect(g.map((c) => [c.lastName, c.match])).toEqual([
      ['Bernard', 'address'],
      ['Moulin', 'address'],
      ['Zola', 'address'],
      ['Abel', 'no_address'],
      ['Leroy', 'no_address'],
    ]);
    expect((await at(a2)).map((c) => [c.lastName, c.match])).toEqual([
      ['Martin', 'address'],
      ['Abel', 'no_address'],
      ['Leroy', 'no_address'],
    ]);
    expect((await at(a3)).map((c) => [c.lastName, c.match])).toEqual([
      ['Abel', 'no_address'],
      ['Leroy', 'no_address'],
    ]);
    // The same answer as the pure rule applied to the whole list, full records included.
    for (const addressId of [a1, a2, a3]) {
      const expected = eligibleContacts(all, addressId);
      const actual = await at(addressId);
      expect([...actual].sort((x, y) => x.id.localeCompare(y.id))).toEqual([...expected].sort((x, y) => x.id.localeCompare(y.id)));
    }
  });

  it('lists nothing when the client has no contacts, or none matches', async () => {
    const empty = await newClient(org.apiKey, 'Client sans contacts');
    const site = await newAddress(org.apiKey, empty.id, 'Site');
    expect((await ok(200, api(org.apiKey, 'GET', `/clients/${empty.id}/contacts?eligibleForAddress=${site.id}`))).body.items).toEqual([]);
    const other = await newAddress(org.apiKey, empty.id, 'Autre site');
    await newContact(org.apiKey, empty.id, { lastName: 'Ailleurs', addressId: other.id });
    expect((await ok(200, api(org.apiKey, 'GET', `/clients/${empty.id}/contacts?eligibleForAddress=${site.id}`))).body.items).toEqual([]);
  });

  it('answers 404 for an address that is not the client’s', async () => {
    const other = await newClient(org.apiKey, 'Autre client');
    const foreign = await newAddress(org.apiKey, other.id, 'Ailleurs');
    expectProblem(await api(org.apiKey, 'GET', `/clients/${client.id}/contacts?eligibleForAddress=${foreign.id}`), 404, 'not_found');
    expectProblem(
      await api(org.apiKey, 'GET', `/clients/${client.id}/contacts?eligibleForAddress=01JNOSUCHADDRESS0000000000`),
      404,
      'not_found',
    );
  });

  it('follows a contact moved to another address', async () => {
    const leroy = all.find((c) => c.lastName === 'Leroy')!;
    await ok(200, api(org.apiKey, 'PATCH', `/clients/${client.id}/contacts/${leroy.id}`, { addressId: a2 }));
    const g = (await ok(200, api(org.apiKey, 'GET', `/clients/${client.id}/contacts?eligibleForAddress=${a1}`))).body.items as Contact[];
    expect(g.map((c) => c.lastName)).not.toContain('Leroy');
    const p = (await ok(200, api(org.apiKey, 'GET', `/clients/${client.id}/contacts?eligibleForAddress=${a2}`))).body.items as Contact[];
    expect(p.map((c) => [c.lastName, c.match])).toEqual([
      ['Leroy', 'address'],
      ['Martin', 'address'],
      ['Abel', 'no_address'],
    ]);
  });
});

describe('the directory /contacts', () => {
  // Other test files may add contacts to the seeded organisation: every hit must match the prefix,
  // and only the seeded clients' contacts are compared.
  const SEEDED = ['Boulangerie Martin', 'Syndic Les Tilleuls', 'Hôtel Côte d’Azur', 'Étienne Dubois'];
  const find = async (q: string) => {
    const items = (await ok(200, api(orgs()[0].apiKey, 'GET', `/contacts?q=${encodeURIComponent(q)}&limit=100`))).body.items as (Contact & {
      email: string | null;
    })[];
    for (const c of items) {
      expect(
        [c.firstName, c.lastName, c.email].some((v) => searchKey(v).startsWith(searchKey(q))),
        `${c.lastName} does not match ${q}`,
      ).toBe(true);
      expect(typeof c.clientName).toBe('string');
    }
    return items.filter((c) => SEEDED.includes(c.clientName!)).map((c) => `${c.firstName} ${c.lastName} @ ${c.clientName}`);
  };

  it.each([
    ['elodie', 'first name, without accent'],
    ['ÉLO', 'first name, upper case with accent'],
    ['moreau', 'last name'],
    ['elodie.mor', 'email prefix'],
  ])('q=%s finds Élodie Moreau by %s, with her client’s name', async (q) => {
    expect(await find(q)).toEqual(['Élodie Moreau @ Boulangerie Martin']);
  });

  it('searches last names, first names and emails at once, sorted by last name', async () => {
    expect(await find('lef')).toEqual(['Camille Lefèvre @ Boulangerie Martin']);
    expect(await find('compta@')).toEqual(['Camille Lefèvre @ Boulangerie Martin']);
    expect(await find('Œil')).toEqual(['Grégoire Œillet @ Boulangerie Martin']);
    expect(await find('factures@hotel')).toEqual(['Manon Chevalier @ Hôtel Côte d’Azur']);
    expect(await find('nobody-here')).toEqual([]);
  });

  it('walks every contact once with cursor pagination, also while searching', async () => {
    const dir = await newOrganization('Annuaire SARL', { secondaryContacts: true });
    const c1 = await newClient(dir.apiKey, 'Alpha');
    const c2 = await newClient(dir.apiKey, 'Bêta');
    const people = [
      ['Marie', 'Curie', 'marie@alpha.fr', c1.id],
      ['Pierre', 'Curie', 'pierre@beta.fr', c2.id],
      ['Ada', 'Lovelace', 'ada@alpha.fr', c1.id],
      ['Alan', 'Turing', 'alan@beta.fr', c2.id],
      ['Émile', 'Zola', 'mzola@alpha.fr', c1.id],
      ['Marc', 'Bloch', null, c2.id],
      [null, 'Seul', null, c1.id],
    ] as const;
    for (const [firstName, lastName, email, clientId] of people) await newContact(dir.apiKey, clientId, { firstName, lastName, email });
    const walk = async (query: string, limit: number) => {
      const seen: Contact[] = [];
      let cursor: string | null = null;
      do {
        const page: Answer = await ok(200, api(dir.apiKey, 'GET', `/contacts?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`));
        seen.push(...page.body.items);
        cursor = page.body.nextCursor;
      } while (cursor);
      return seen.map((c) => `${c.firstName ?? ''} ${c.lastName}/${c.clientName}`);
    };
    const everyone = [
      'Marc Bloch/Bêta',
      'Marie Curie/Alpha',
      'Pierre Curie/Bêta',
      'Ada Lovelace/Alpha',
      ' Seul/Alpha',
      'Alan Turing/Bêta',
      'Émile Zola/Alpha',
    ];
    for (const limit of [1, 2, 3, 50]) expect(await walk('', limit), `limit=${limit}`).toEqual(everyone);
    // “m” starts Marie, Marc (first names) and mzola@ (an email): merged in last-name order.
    for (const limit of [1, 2, 5])
      expect(await walk('&q=m', limit), `q=m limit=${limit}`).toEqual(['Marc Bloch/Bêta', 'Marie Curie/Alpha', 'Émile Zola/Alpha']);
    // “cu” starts a last name twice; “ma” a first name twice (Marc, Marie) and an email (marie@).
    for (const limit of [1, 2]) expect(await walk('&q=cu', limit)).toEqual(['Marie Curie/Alpha', 'Pierre Curie/Bêta']);
    for (const limit of [1, 2]) expect(await walk('&q=ma', limit)).toEqual(['Marc Bloch/Bêta', 'Marie Curie/Alpha']);
  });
});
