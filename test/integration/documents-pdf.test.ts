import { extractText } from 'unpdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, stack } from './helpers';
import { newAddress, newClient, newContact, newOrganization, ok, unique, type TestOrg } from './fixtures';
import { at } from '../../shared/at';

/** The PDF through HTTP, read back with unpdf: French text and formats, pages, repeated header. */
let org: TestOrg;

async function pdfText(path: string): Promise<{ pages: string[]; contentType: string | null }> {
  const res = await fetch(`${stack().apiUrl}${path}`, { headers: { authorization: `Bearer ${org.apiKey}` } });
  expect(res.status).toBe(200);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const { text } = await extractText(bytes, { mergePages: false });
  return { pages: text, contentType: res.headers.get('content-type') };
}

// Extracted text may break a line where the PDF placed two strings: compare with spaces squeezed.
const squeeze = (text: string) => text.replace(/\s+/g, ' ');

beforeAll(async () => {
  org = await newOrganization(unique('Œuvres Thermiques Éloi'), { secondaryContacts: true });
});

describe('the document PDF', () => {
  it('an invoice: organisation, client, address, contact, number, date, lines and totals in French formats', async () => {
    const client = await newClient(org.apiKey, 'Hôtel Côte d’Azur', {
      mainContact: { civility: 'mrs', firstName: 'Léa', lastName: 'Giraud', email: 'direction@hotel.fr' },
    });
    const address = await newAddress(org.apiKey, client.id, 'Annexe spa', { line1: '2 rue de France', postalCode: '06000', city: 'Nice' });
    const contact = await newContact(org.apiKey, client.id, { firstName: 'Chloé', lastName: 'Mercier', jobTitle: 'Comptabilité' });
    const invoice = await ok(
      201,
      api(org.apiKey, 'POST', `/clients/${client.id}/documents`, {
        type: 'invoice',
        date: '2026-11-27',
        addressId: address.id,
        contactId: contact.id,
        title: 'Remplacement du cœur de chauffe',
        lines: [
          { description: 'Cœur de chaudière (pièce détachée) — modèle « Œil-de-bœuf »', quantity: 1, unitPriceCents: 123_456, vatRate: 20 },
          { description: 'Main d’œuvre', quantity: 2.5, unitPriceCents: 5_000, vatRate: 5.5 },
        ],
      }),
    );
    const { pages, contentType } = await pdfText(`/clients/${client.id}/documents/${invoice.body.id}/pdf`);
    expect(contentType).toBe('application/pdf');
    expect(pages).toHaveLength(1);
    const text = squeeze(at(pages, 0, 'PDF pages'));
    for (const expected of [
      org.name,
      'FACTURE',
      // A draft: its PDF says so where the number will be.
      'BROUILLON (non émis)',
      "Date d'émission : 27/11/2026",
      'Hôtel Côte d’Azur',
      'Léa Giraud',
      'Annexe spa',
      '2 rue de France',
      '06000 Nice',
      'Chloé Mercier',
      'Remplacement du cœur de chauffe',
      'Cœur de chaudière (pièce détachée) — modèle «',
      'Œil-de-bœuf »',
      'Main d’œuvre',
      '1 234,56 €',
      '2,5',
      '50,00 €',
      '5,5 %',
      '125,00 €',
      'Total HT 1 359,56 €',
      'TVA 20 % sur 1 234,56 € 246,91 €',
      'TVA 5,5 % sur 125,00 € 6,88 €',
      'Total TTC 1 613,35 €',
    ]) {
      expect(text, expected).toContain(expected);
    }
    expect(text).not.toMatch(/[\u202f\u00a0]/);
  });

  it('an intervention: date, time in French time, technician, description and report', async () => {
    const tech = await ok(
      201,
      api(org.apiKey, 'POST', '/users', { email: `tech-${Date.now()}@oeuvres.fr`, firstName: 'Jérôme', lastName: 'Bœuf' }),
    );
    const client = await newClient(org.apiKey, 'Résidence Bellecour');
    const address = await newAddress(org.apiKey, client.id, 'Chaufferie collective', {
      line1: '20 quai Saint-Antoine',
      postalCode: '69002',
      city: 'Lyon',
    });
    const intervention = await ok(
      201,
      api(org.apiKey, 'POST', `/clients/${client.id}/documents`, {
        type: 'intervention',
        date: '2026-11-27',
        addressId: address.id,
        intervention: {
          start: '2026-11-27T08:00:00Z',
          end: '2026-11-27T10:30:00Z',
          technicianUserId: tech.body.id,
          description: 'Fuite sur le circuit primaire.',
          report: 'Joint remplacé ; pression rétablie à 1,5 bar.\nÀ revoir dans 6 mois.',
        },
      }),
    );
    expect(intervention.body.intervention.technicianName).toBe('Jérôme Bœuf');
    const { pages } = await pdfText(`/clients/${client.id}/documents/${intervention.body.id}/pdf`);
    const text = squeeze(pages.join('\n'));
    for (const expected of [
      "RAPPORT D'INTERVENTION",
      intervention.body.number,
      "Date de l'intervention : 27/11/2026",
      'Horaire (heure de Paris) : 09:00 – 11:30',
      'Technicien : Jérôme Bœuf',
      'Chaufferie collective',
      'Fuite sur le circuit primaire.',
      'Joint remplacé ; pression rétablie à 1,5 bar.',
      'À revoir dans 6 mois.',
    ]) {
      expect(text, expected).toContain(expected);
    }
  });

  it('a long invoice flows onto ten pages or more, each repeating the header and the column titles', async () => {
    const client = await newClient(org.apiKey, 'Grand Compte Œnologie');
    const lines = Array.from({ length: 330 }, (_, i) => ({
      description: `Ligne ${i + 1} : vérification des équipements${i % 7 === 0 ? ', avec un libellé assez long pour passer sur une deuxième ligne du tableau' : ''}`,
      quantity: 1,
      unitPriceCents: 10_000 + i,
      vatRate: 20,
    }));
    const invoice = await ok(
      201,
      api(org.apiKey, 'POST', `/clients/${client.id}/documents`, { type: 'invoice', date: '2026-11-27', lines }),
    );
    const { pages } = await pdfText(`/clients/${client.id}/documents/${invoice.body.id}/pdf`);
    expect(pages.length).toBeGreaterThanOrEqual(10);
    pages.forEach((page, i) => {
      const text = squeeze(page);
      expect(text).toContain(org.name);
      expect(text).toContain('BROUILLON (non émis)');
      expect(text).toContain("Date d'émission : 27/11/2026");
      expect(text).toContain('Désignation Qté PU HT TVA Total HT');
      expect(text).toContain(`Page ${i + 1} / ${pages.length}`);
    });
    const all = squeeze(pages.join('\n'));
    expect(all).toContain('Ligne 1 : vérification');
    expect(all).toContain('Ligne 330 : vérification');
    expect(squeeze(at(pages, -1, 'PDF pages'))).toContain('Total TTC');
  });

  it('an invoice carries the mandatory French mentions of the legal profile', async () => {
    const legal = await newOrganization(unique('Mentions Légales'), { secondaryContacts: false });
    await ok(
      200,
      api(legal.apiKey, 'PATCH', '/settings', {
        company: {
          legalName: 'Dupont Chauffage & Fils SARL',
          address: { line1: '12 rue de la République', postalCode: '13001', city: 'Marseille' },
          siren: '404833048',
          vatNumber: 'FR83404833048',
          rcs: 'RCS Marseille 404 833 048',
          shareCapital: '10 000 €',
          iban: 'FR7630006000011234567890189',
          bic: 'BNPAFRPP',
          paymentTermsDays: 30,
          latePenaltyRate: 10.5,
        },
      }),
    );
    const client = await newClient(legal.apiKey, 'Syndic Les Tilleuls');
    const address = await newAddress(legal.apiKey, client.id, 'Siège', {
      line1: '4 avenue des Tilleuls',
      postalCode: '13008',
      city: 'Marseille',
    });
    const invoice = await ok(
      201,
      api(legal.apiKey, 'POST', `/clients/${client.id}/documents`, {
        type: 'invoice',
        date: '2026-12-06',
        addressId: address.id,
        lines: [{ description: 'Circulateur', quantity: 1, unitPriceCents: 32_000, vatRate: 10 }],
      }),
    );
    const res = await fetch(`${stack().apiUrl}/clients/${client.id}/documents/${invoice.body.id}/pdf`, {
      headers: { authorization: `Bearer ${legal.apiKey}` },
    });
    const text = squeeze((await extractText(new Uint8Array(await res.arrayBuffer()), { mergePages: true })).text);
    for (const expected of [
      'Dupont Chauffage & Fils SARL',
      '12 rue de la République',
      '13001 Marseille',
      'SIREN 404833048',
      'TVA intracommunautaire FR83404833048',
      'Facturé à Syndic Les Tilleuls 4 avenue des Tilleuls 13008 Marseille',
      'Échéance : 05/01/2027',
      'TVA 10 % sur 320,00 € 32,00 €',
      'Paiement à 30 jours, au plus tard le 05/01/2027',
      'pénalités au taux annuel de 10,5 %',
      'indemnité forfaitaire pour frais de recouvrement de 40 €',
      'IBAN FR76 3000 6000 0112 3456 7890 189 — BIC BNPAFRPP',
      'Dupont Chauffage & Fils SARL au capital de 10 000 € — SIREN 404833048 — RCS Marseille 404 833 048 — TVA FR83404833048',
    ]) {
      expect(text, expected).toContain(expected);
    }
    // The client is not printed under the seller's name as if it were the seller's.
    expect(text.indexOf('Syndic Les Tilleuls')).toBeGreaterThan(text.indexOf('FACTURE'));
  });
});
