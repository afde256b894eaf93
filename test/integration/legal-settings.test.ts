import { describe, expect, it } from 'vitest';
import { api } from './helpers';
import { expectProblem, newOrganization, ok } from './fixtures';

describe('Paramètres → Entreprise (settings.company)', () => {
  it('starts with the organisation name as legal name, everything else empty', async () => {
    const org = await newOrganization('Plomberie Karim', { secondaryContacts: false, legalProfile: false });
    const settings = (await ok(200, api(org.apiKey, 'GET', '/settings'))).body;
    expect(settings.company).toEqual({
      legalName: 'Plomberie Karim',
      address: { line1: null, line2: null, postalCode: null, city: null, country: null },
      siren: null,
      vatNumber: null,
      rcs: null,
      shareCapital: null,
      iban: null,
      bic: null,
      paymentTermsDays: null,
      latePenaltyRate: null,
      vatExemptionMention: null,
    });
  });

  it('saves a valid profile normalised, as a merge patch', async () => {
    const org = await newOrganization('Dupont Légal', { secondaryContacts: false, legalProfile: false });
    const saved = await ok(
      200,
      api(org.apiKey, 'PATCH', '/settings', {
        company: {
          legalName: 'Dupont Chauffage & Fils SARL',
          address: { line1: '12 rue de la République', postalCode: '13001', city: 'Marseille' },
          siren: '404 833 048',
          vatNumber: 'fr 83 404 833 048',
          rcs: 'RCS Marseille 404 833 048',
          shareCapital: '10 000 €',
          iban: 'FR76 3000 6000 0112 3456 7890 189',
          bic: 'bnpafrpp',
          paymentTermsDays: 30,
          latePenaltyRate: 10.5,
        },
      }),
    );
    expect(saved.body.company).toMatchObject({
      legalName: 'Dupont Chauffage & Fils SARL',
      address: { line1: '12 rue de la République', line2: null, postalCode: '13001', city: 'Marseille', country: null },
      siren: '404833048',
      vatNumber: 'FR83404833048',
      iban: 'FR7630006000011234567890189',
      bic: 'BNPAFRPP',
      paymentTermsDays: 30,
      latePenaltyRate: 10.5,
    });
    // A later patch of one field keeps the others; null clears.
    const later = await ok(200, api(org.apiKey, 'PATCH', '/settings', { company: { address: { line2: 'Bât. B' }, shareCapital: null } }));
    expect(later.body.company.address).toEqual({
      line1: '12 rue de la République',
      line2: 'Bât. B',
      postalCode: '13001',
      city: 'Marseille',
      country: null,
    });
    expect(later.body.company.shareCapital).toBeNull();
    expect(later.body.company.siren).toBe('404833048');
    expect(later.body.sender).toEqual(saved.body.sender);
  });

  it('refuses bad numbers with 400 naming each field, and stores nothing', async () => {
    const org = await newOrganization('Erreurs SARL', { secondaryContacts: false });
    const before = (await ok(200, api(org.apiKey, 'GET', '/settings'))).body;
    const refused = await api(org.apiKey, 'PATCH', '/settings', {
      company: { siren: '404 833 049', vatNumber: 'FR00404833048', iban: 'FR7630006000011234567890188', bic: '12', paymentTermsDays: 90 },
    });
    expectProblem(refused, 400, 'invalid_request');
    expect(refused.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'company.bic',
      'company.iban',
      'company.paymentTermsDays',
      'company.siren',
      'company.vatNumber',
    ]);
    expect((await ok(200, api(org.apiKey, 'GET', '/settings'))).body).toEqual(before);
  });
});

describe('Paramètres → Modèles d’email (/settings/templates/{type})', () => {
  it('reads the default, saves a template with variables, refuses unknown ones', async () => {
    const org = await newOrganization('Modèles SAS', { secondaryContacts: false });
    const first = (await ok(200, api(org.apiKey, 'GET', '/settings/templates/invoice'))).body;
    expect(first).toMatchObject({ isDefault: true, subject: 'Facture {{document.number}} — {{organization.name}}' });
    expect(first.body).toMatch(/^Bonjour \{\{recipient\.firstName\}\},/);
    const saved = await ok(
      200,
      api(org.apiKey, 'PUT', '/settings/templates/invoice', {
        subject: 'Votre facture {{document.number}}',
        body: 'Bonjour,\r\nCi-joint.\r\n',
      }),
    );
    expect(saved.body).toEqual({ subject: 'Votre facture {{document.number}}', body: 'Bonjour,\nCi-joint.', isDefault: false });
    expect((await ok(200, api(org.apiKey, 'GET', '/settings/templates/invoice'))).body).toEqual(saved.body);
    // Other types keep their default.
    expect((await ok(200, api(org.apiKey, 'GET', '/settings/templates/quote'))).body.isDefault).toBe(true);
    const refused = await api(org.apiKey, 'PUT', '/settings/templates/invoice', { subject: '{{numero}}', body: 'x' });
    expectProblem(refused, 400, 'invalid_request');
    expect(refused.body.errors[0].path).toBe('subject');
    expectProblem(await api(org.apiKey, 'GET', '/settings/templates/letter'), 400, 'invalid_request');
  });
});
