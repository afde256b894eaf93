import { describe, expect, it } from 'vitest';
import { api, until } from './helpers';
import { expectProblem, newClient, newIssuedDocument, newOrganization, ok, unique } from './fixtures';

/**
 * "Adresses en échec": a hard bounce (the SES mailbox simulator's bounce@ address, played by the
 * local simulator) marks the address; it is listed, recipients report it unavailable, and an admin
 * lifts it — through HTTP, in fresh organisations.
 */
const BOUNCE = 'bounce@simulator.amazonses.com';
const lines = [{ description: 'Dépannage', quantity: 1, unitPriceCents: 9_000, vatRate: 20 }];

describe('suppressed addresses (GET /suppressions, DELETE /suppressions/{email})', () => {
  it('lists a hard-bounced address with its send; a member cannot lift it, another organisation neither sees nor lifts it; an admin lifts it', async () => {
    const org = await newOrganization(unique('Échecs SARL'), { secondaryContacts: false });
    const other = await newOrganization(unique('Voisins SA'), { secondaryContacts: false });
    const member = (await ok(201, api(org.apiKey, 'POST', '/api-keys', { name: 'Poste membre', role: 'member' }))).body.secret as string;

    expect((await ok(200, api(org.apiKey, 'GET', '/suppressions'))).body).toEqual({ items: [] });

    const client = await newClient(org.apiKey, 'Client au rebond', { mainContact: { lastName: 'Rebond', email: BOUNCE } });
    const invoice = { body: await newIssuedDocument(org.apiKey, client.id, { type: 'quote', lines }) };
    const path = `/clients/${client.id}/documents/${invoice.body.id}`;
    const sent = await ok(201, api(org.apiKey, 'POST', `${path}/sends`, { to: [{ kind: 'main' }] }));

    const listed = await until(
      'the bounce',
      () => api(member, 'GET', '/suppressions'),
      (a) => a.status === 200 && a.body.items.length > 0,
    );
    expect(listed.body.items).toEqual([
      { email: BOUNCE, reason: 'bounced', at: expect.any(String), clientId: client.id, documentId: invoice.body.id, sendId: sent.body.id },
    ]);
    expect((await ok(200, api(org.apiKey, 'GET', `${path}/recipients`))).body.mainContact).toMatchObject({
      available: false,
      reason: 'bounced',
    });

    const encoded = `/suppressions/${encodeURIComponent(BOUNCE)}`;
    // Tenancy: the other organisation sees nothing and gets 404, as for any record not its own.
    expect((await ok(200, api(other.apiKey, 'GET', '/suppressions'))).body.items).toEqual([]);
    expectProblem(await api(other.apiKey, 'DELETE', encoded), 404, 'not_found');
    expectProblem(await api(member, 'DELETE', encoded), 403, 'forbidden');
    expect((await ok(200, api(org.apiKey, 'GET', '/suppressions'))).body.items).toHaveLength(1);

    expect((await api(org.apiKey, 'DELETE', encoded)).status).toBe(204);
    expect((await ok(200, api(org.apiKey, 'GET', '/suppressions'))).body.items).toEqual([]);
    expect((await ok(200, api(org.apiKey, 'GET', `${path}/recipients`))).body.mainContact).toMatchObject({ available: true, reason: null });
    expectProblem(await api(org.apiKey, 'DELETE', encoded), 404, 'not_found');
    expectProblem(await api(org.apiKey, 'DELETE', `/suppressions/${encodeURIComponent('personne@exemple.fr')}`), 404, 'not_found');

    // Sendable again; a new hard bounce marks it again.
    const resent = await ok(201, api(org.apiKey, 'POST', `${path}/sends`, { to: [{ kind: 'main' }] }));
    const again = await until(
      'the second bounce',
      () => api(org.apiKey, 'GET', '/suppressions'),
      (a) => a.body.items.length > 0,
    );
    expect(again.body.items[0]).toMatchObject({ email: BOUNCE, sendId: resent.body.id });
  });
});
