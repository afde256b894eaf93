import { beforeAll, describe, expect, it } from 'vitest';
import { documentTotals } from '../../shared/money';
import { api, stack } from './helpers';
import { expectProblem, newAddress, newClient, newContact, newOrganization, ok, unique, type TestOrg } from './fixtures';
import { at } from '../../shared/at';

/** Documents: numbers, totals, references, the intervention rule, lists, ETags, deletion rules, tenancy. */
let org: TestOrg;
const year = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric' }).format(new Date());
const lines = [
  { description: 'Main d’œuvre', quantity: 1.5, unitPriceCents: 4_500, vatRate: 20 },
  { description: 'Pièces', quantity: 3, unitPriceCents: 1_999, vatRate: 5.5 },
  { description: 'Déplacement', quantity: 0.333, unitPriceCents: 1_001, vatRate: 0 },
];

beforeAll(async () => {
  org = await newOrganization(unique('Documents SARL'), { secondaryContacts: true });
});

describe('invoices and quotes', () => {
  it('numbers per type and year, totals by the server, ETag, merge patch, stale If-Match', async () => {
    const client = await newClient(org.apiKey, 'Garage Durand');
    const address = await newAddress(org.apiKey, client.id, 'Atelier');
    const contact = await newContact(org.apiKey, client.id, { lastName: 'Durand', email: 'durand@garage.fr' });
    const created = await ok(
      201,
      api(org.apiKey, 'POST', `/clients/${client.id}/documents`, {
        type: 'invoice',
        title: 'Révision',
        date: '2026-11-27',
        addressId: address.id,
        contactId: contact.id,
        lines,
      }),
    );
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.body).toEqual({
      id: expect.any(String),
      clientId: client.id,
      type: 'invoice',
      // A draft: no number until it is issued.
      number: null,
      status: 'draft',
      issuedAt: null,
      dueDate: null,
      validUntil: null,
      creditedDocumentId: null,
      creditedNumber: null,
      quoteId: null,
      invoiceId: null,
      sendStatus: null,
      title: 'Révision',
      date: '2026-11-27',
      addressId: address.id,
      contactId: contact.id,
      lines,
      totals: documentTotals(lines),
      intervention: null,
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(created.body.totals).toEqual({ netCents: 6750 + 5997 + 333, vatCents: 1350 + 330, grossCents: 6750 + 5997 + 333 + 1350 + 330 });
    const quote = await ok(201, api(org.apiKey, 'POST', `/clients/${client.id}/documents`, { type: 'quote', lines: [] }));
    expect(quote.body).toMatchObject({
      number: null,
      status: 'draft',
      addressId: null,
      contactId: null,
      totals: { netCents: 0, vatCents: 0, grossCents: 0 },
    });
    expect(quote.body.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const path = `/clients/${client.id}/documents/${created.body.id}`;
    expect((await ok(200, api(org.apiKey, 'GET', path))).body).toEqual(created.body);
    // Totals sent by the caller are refused (unknown field); lines replace, the rest merges.
    expectProblem(await api(org.apiKey, 'PATCH', path, { totals: { netCents: 1, vatCents: 0, grossCents: 1 } }), 400, 'invalid_request');
    const patched = await ok(200, api(org.apiKey, 'PATCH', path, { title: null, lines: [lines[0]] }, { 'if-match': '"1"' }));
    expect(patched.body).toMatchObject({
      title: null,
      lines: [lines[0]],
      totals: documentTotals([at(lines, 0, 'lines')]),
      number: null,
      version: 2,
      addressId: address.id,
    });
    expect(patched.headers.get('etag')).toBe('"2"');
    expectProblem(await api(org.apiKey, 'PATCH', path, { title: 'x' }, { 'if-match': '"1"' }), 412, 'precondition_failed');
    expectProblem(await api(org.apiKey, 'DELETE', path, undefined, { 'if-match': '"1"' }), 412, 'precondition_failed');
  });

  it('validates lines: French VAT rates, integer cents, three decimals at most', async () => {
    const client = await newClient(org.apiKey, 'Validation');
    const post = (line: Record<string, unknown>) =>
      api(org.apiKey, 'POST', `/clients/${client.id}/documents`, { type: 'invoice', lines: [{ ...lines[0], ...line }] });
    for (const bad of [
      { vatRate: 19.6 },
      { unitPriceCents: 10.5 },
      { quantity: 1.2345 },
      { description: 'a\u0000b' },
      { description: 'x'.repeat(2001) },
      { description: ' ' },
      { extra: 1 },
    ]) {
      const answer = await post(bad);
      expectProblem(answer, 400, 'invalid_request');
      expect(answer.body.errors[0].path).toMatch(/^lines\.0/);
    }
    expect((await post({ vatRate: 2.1, quantity: 0.125 })).status).toBe(201);
    // A designation may span several lines, up to 2,000 characters.
    const multiline = await ok(201, post({ description: `Chaudière gaz\nMarque X, modèle Y\n${'é'.repeat(1960)}` }));
    expect(multiline.body.lines[0].description.split('\n')).toHaveLength(3);
    expectProblem(await api(org.apiKey, 'POST', `/clients/${client.id}/documents`, { type: 'receipt' }), 400, 'invalid_request');
  });

  it('addressId and contactId must be the client’s own (422 invalid_reference with the path)', async () => {
    const client = await newClient(org.apiKey, 'Mon client');
    const other = await newClient(org.apiKey, 'Un autre client');
    const theirAddress = await newAddress(org.apiKey, other.id, 'Ailleurs');
    const theirContact = await newContact(org.apiKey, other.id, { lastName: 'Étranger' });
    const post = (body: Record<string, unknown>) =>
      api(org.apiKey, 'POST', `/clients/${client.id}/documents`, { type: 'invoice', ...body });
    const badAddress = await post({ addressId: theirAddress.id });
    expectProblem(badAddress, 422, 'unprocessable');
    expect(badAddress.body).toMatchObject({ reason: 'invalid_reference', errors: [{ path: 'addressId' }] });
    const badContact = await post({ contactId: theirContact.id });
    expect(badContact.body).toMatchObject({ status: 422, reason: 'invalid_reference', errors: [{ path: 'contactId' }] });
    const doc = await ok(201, post({}));
    const patched = await api(org.apiKey, 'PATCH', `/clients/${client.id}/documents/${doc.body.id}`, { addressId: theirAddress.id });
    expect(patched.body).toMatchObject({ status: 422, reason: 'invalid_reference', errors: [{ path: 'addressId' }] });
    // Nothing counted on the other client's address: it can still be deleted.
    expect((await api(org.apiKey, 'DELETE', `/clients/${other.id}/addresses/${theirAddress.id}`)).status).toBe(204);
    expectProblem(await api(org.apiKey, 'POST', `/clients/NOPE/documents`, { type: 'quote' }), 404, 'not_found');
  });

  it('lists one type across clients newest first with clientName, and a client’s documents', async () => {
    const own = await newOrganization(unique('Listes SA'), { secondaryContacts: false });
    const a = await newClient(own.apiKey, 'Alpha');
    const b = await newClient(own.apiKey, 'Bêta');
    const dates = ['2026-01-05', '2026-03-01', '2026-02-10', '2026-03-01'];
    const made = [];
    for (const [i, date] of dates.entries()) {
      made.push(
        (
          await ok(
            201,
            api(own.apiKey, 'POST', `/clients/${(i % 2 ? b : a).id}/documents`, {
              type: 'intervention',
              date,
              addressId: (await newAddress(own.apiKey, (i % 2 ? b : a).id, `Site ${i}`)).id,
            }),
          )
        ).body,
      );
    }
    await ok(201, api(own.apiKey, 'POST', `/clients/${a.id}/documents`, { type: 'quote', date: '2026-04-01' }));
    const first = await ok(200, api(own.apiKey, 'GET', '/documents?type=intervention&limit=3'));
    expect(first.body.items.map((d: { id: string }) => d.id)).toEqual([made[3].id, made[1].id, made[2].id]);
    expect(first.body.items.map((d: { clientName: string }) => d.clientName)).toEqual(['Bêta', 'Bêta', 'Alpha']);
    const second = await ok(200, api(own.apiKey, 'GET', `/documents?type=intervention&limit=3&cursor=${first.body.nextCursor}`));
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: made[0].id })], nextCursor: null });
    const between = await ok(200, api(own.apiKey, 'GET', '/documents?type=intervention&from=2026-02-01&to=2026-02-28'));
    expect(between.body.items.map((d: { id: string }) => d.id)).toEqual([made[2].id]);
    expect((await ok(200, api(own.apiKey, 'GET', '/documents?type=quote'))).body.items).toHaveLength(1);
    expectProblem(await api(own.apiKey, 'GET', '/documents'), 400, 'invalid_request');

    const ofA = await ok(200, api(own.apiKey, 'GET', `/clients/${a.id}/documents`));
    expect(ofA.body.items.map((d: { type: string; date: string }) => `${d.type} ${d.date}`)).toEqual([
      'quote 2026-04-01',
      'intervention 2026-02-10',
      'intervention 2026-01-05',
    ]);
    const interventionsOfA = await ok(200, api(own.apiKey, 'GET', `/clients/${a.id}/documents?type=intervention&limit=1`));
    expect(interventionsOfA.body.items.map((d: { id: string }) => d.id)).toEqual([made[2].id]);
    const next = await ok(
      200,
      api(own.apiKey, 'GET', `/clients/${a.id}/documents?type=intervention&limit=1&cursor=${interventionsOfA.body.nextCursor}`),
    );
    expect(next.body).toEqual({ items: [expect.objectContaining({ id: made[0].id })], nextCursor: null });
  });
});

describe('interventions and the contact rule', () => {
  it('refuses a contact that is neither at the intervention address nor without address (422), on create and on update', async () => {
    const client = await newClient(org.apiKey, 'Résidence Les Pins');
    const hall = await newAddress(org.apiKey, client.id, 'Hall A');
    const boiler = await newAddress(org.apiKey, client.id, 'Chaufferie');
    const atHall = await newContact(org.apiKey, client.id, { lastName: 'Gardien', addressId: hall.id });
    const atBoiler = await newContact(org.apiKey, client.id, { lastName: 'Chauffagiste', addressId: boiler.id });
    const anywhere = await newContact(org.apiKey, client.id, { lastName: 'Syndic' });
    const base = {
      type: 'intervention',
      intervention: { start: '2026-11-27T08:00:00Z', end: '2026-11-27T10:30:00Z', description: 'Panne', report: null },
    };
    const post = (body: Record<string, unknown>) => api(org.apiKey, 'POST', `/clients/${client.id}/documents`, { ...base, ...body });

    const refused = await post({ addressId: hall.id, contactId: atBoiler.id });
    expectProblem(refused, 422, 'unprocessable');
    expect(refused.body).toMatchObject({ reason: 'contact_not_eligible', errors: [{ path: 'contactId' }] });
    expectProblem(await post({ contactId: anywhere.id }), 400, 'invalid_request'); // an intervention needs its address
    const ok1 = await ok(201, post({ addressId: hall.id, contactId: atHall.id }));
    expect(ok1.body).toMatchObject({
      number: `I-${year}-0001`,
      intervention: { start: '2026-11-27T08:00:00Z', technicianUserId: null, technicianName: null, report: null },
    });
    const ok2 = await ok(201, post({ addressId: boiler.id, contactId: anywhere.id }));
    expect(ok2.body.number).toBe(`I-${year}-0002`);

    const path = `/clients/${client.id}/documents/${ok1.body.id}`;
    // Moving the intervention to another address: its contact at the hall no longer fits.
    const moved = await api(org.apiKey, 'PATCH', path, { addressId: boiler.id });
    expect(moved.body).toMatchObject({ status: 422, reason: 'contact_not_eligible' });
    const switched = await api(org.apiKey, 'PATCH', path, { contactId: atBoiler.id });
    expect(switched.body).toMatchObject({ status: 422, reason: 'contact_not_eligible' });
    const both = await ok(
      200,
      api(org.apiKey, 'PATCH', path, { addressId: boiler.id, contactId: atBoiler.id, intervention: { report: 'Brûleur remplacé' } }),
    );
    expect(both.body).toMatchObject({
      addressId: boiler.id,
      contactId: atBoiler.id,
      intervention: { description: 'Panne', report: 'Brûleur remplacé' },
    });
    expectProblem(await api(org.apiKey, 'PATCH', path, { intervention: { end: '2026-11-27T07:00:00Z' } }), 400, 'invalid_request');
    const badTech = await api(org.apiKey, 'PATCH', path, { intervention: { technicianUserId: 'NOBODY' } });
    expect(badTech.body).toMatchObject({ status: 422, reason: 'invalid_reference', errors: [{ path: 'intervention.technicianUserId' }] });
    // The hall is no longer used by any document: it can be deleted; the boiler room cannot.
    expect((await api(org.apiKey, 'DELETE', `/clients/${client.id}/addresses/${hall.id}`)).status).toBe(204);
    expectProblem(await api(org.apiKey, 'DELETE', `/clients/${client.id}/addresses/${boiler.id}`), 409, 'conflict');
  });
});

describe('documentCount keeps clients and addresses with documents', () => {
  it('refuses to delete them until the documents are gone', async () => {
    const client = await newClient(org.apiKey, 'À supprimer');
    const address = await newAddress(org.apiKey, client.id, 'Dépôt');
    const doc = await ok(201, api(org.apiKey, 'POST', `/clients/${client.id}/documents`, { type: 'quote', addressId: address.id }));
    expectProblem(await api(org.apiKey, 'DELETE', `/clients/${client.id}`), 409, 'conflict');
    expectProblem(await api(org.apiKey, 'DELETE', `/clients/${client.id}/addresses/${address.id}`), 409, 'conflict');
    expect(
      (await api(org.apiKey, 'DELETE', `/clients/${client.id}/documents/${doc.body.id}`, undefined, { 'if-match': '"1"' })).status,
    ).toBe(204);
    expectProblem(await api(org.apiKey, 'GET', `/clients/${client.id}/documents/${doc.body.id}`), 404, 'not_found');
    expect((await api(org.apiKey, 'DELETE', `/clients/${client.id}/addresses/${address.id}`)).status).toBe(204);
    expect((await api(org.apiKey, 'DELETE', `/clients/${client.id}`)).status).toBe(204);
  });

  it('a sent document is kept (409) with its history', async () => {
    const client = await newClient(org.apiKey, 'Envoyé', { mainContact: { lastName: 'Client', email: `envoye-${Date.now()}@exemple.fr` } });
    // An intervention stays editable after it is sent, but it is kept with its history.
    const site = await newAddress(org.apiKey, client.id, 'Chantier');
    const doc = await ok(201, api(org.apiKey, 'POST', `/clients/${client.id}/documents`, { type: 'intervention', addressId: site.id }));
    await ok(201, api(org.apiKey, 'POST', `/clients/${client.id}/documents/${doc.body.id}/sends`, { to: [{ kind: 'main' }] }));
    expectProblem(await api(org.apiKey, 'DELETE', `/clients/${client.id}/documents/${doc.body.id}`), 409, 'conflict');
  });
});

describe('numbers under concurrency', () => {
  it('fifty simultaneous issues get fifty consecutive numbers', async () => {
    const own = await newOrganization(unique('Numérotation SA'), { secondaryContacts: false });
    const client = await newClient(own.apiKey, 'Client pressé');
    const site = await newAddress(own.apiKey, client.id, 'Siège');
    const drafts = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        ok(
          201,
          api(own.apiKey, 'POST', `/clients/${client.id}/documents`, { type: 'invoice', title: `n°${i}`, addressId: site.id, lines }),
        ),
      ),
    );
    const answers = await Promise.all(drafts.map((d) => api(own.apiKey, 'POST', `/clients/${client.id}/documents/${d.body.id}/issue`)));
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
    const numbers = answers.map((a) => a.body.number as string).sort();
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => `F-${year}-${String(i + 1).padStart(4, '0')}`));
    // The client counts all fifty: it cannot be deleted.
    expectProblem(await api(own.apiKey, 'DELETE', `/clients/${client.id}`), 409, 'conflict');
  }, 60_000);
});

describe('another organisation', () => {
  it('answers 404 on every document route, and sends nothing', async () => {
    const theirs = await newOrganization(unique('Autre SA'), { secondaryContacts: true });
    const client = await newClient(org.apiKey, 'Client privé', {
      mainContact: { lastName: 'Privé', email: `prive-${Date.now()}@exemple.fr` },
    });
    const contact = await newContact(org.apiKey, client.id, { lastName: 'Secret', email: 'secret@exemple.fr' });
    const doc = await ok(
      201,
      api(org.apiKey, 'POST', `/clients/${client.id}/documents`, { type: 'invoice', contactId: contact.id, lines }),
    );
    const path = `/clients/${client.id}/documents/${doc.body.id}`;
    const calls: [string, string, unknown?][] = [
      ['GET', `/clients/${client.id}/documents`],
      ['POST', `/clients/${client.id}/documents`, { type: 'quote' }],
      ['GET', path],
      ['PATCH', path, { title: 'Piraté' }],
      ['DELETE', path],
      ['GET', `${path}/pdf`],
      ['GET', `${path}/recipients`],
      ['GET', `${path}/sends`],
      ['POST', `${path}/sends`, { to: [{ kind: 'main' }] }],
      ['POST', `${path}/sends`, { to: [{ kind: 'contact', contactId: contact.id }] }],
    ];
    for (const [method, p, body] of calls) expectProblem(await api(theirs.apiKey, method, p, body), 404, 'not_found');
    expect((await ok(200, api(theirs.apiKey, 'GET', '/documents?type=invoice'))).body.items).toEqual([]);
    expect((await ok(200, api(org.apiKey, 'GET', path))).body).toEqual(doc.body);
    expect((await ok(200, api(org.apiKey, 'GET', `${path}/sends`))).body.items).toEqual([]);
    const mails = ((await (await fetch(`${stack().mailboxUrl}/store`)).json()) as { emails: { destination: { to: string[] } }[] }).emails;
    expect(
      mails.filter((m) => m.destination.to.some((t) => t.includes(client.mainContact.email) || t.includes('secret@exemple.fr'))),
    ).toEqual([]);
  });
});
