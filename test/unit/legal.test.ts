import { describe, expect, it } from 'vitest';
import {
  companyPatch,
  dueDate,
  EMPTY_COMPANY,
  frenchVatKey,
  isValidSiren,
  isValidVatNumber,
  missingLegalMentions,
} from '../../shared/legal';

describe('SIREN, SIRET and VAT numbers', () => {
  it.each([
    ['404 833 048', true],
    ['404833048', true],
    ['732 829 320', true],
    ['404 833 049', false],
    ['40483304800022', true],
    ['40483304800023', false],
    ['12345678', false],
    ['abcdefghi', false],
  ])('SIREN/SIRET %s → %s', (value, valid) => expect(isValidSiren(value)).toBe(valid));

  it('computes the French VAT key from the SIREN', () => {
    expect(frenchVatKey('404833048')).toBe('83');
    expect(isValidVatNumber('FR 83 404 833 048')).toBe(true);
    expect(isValidVatNumber('FR84404833048')).toBe(false);
    expect(isValidVatNumber('DE123456789')).toBe(true);
    expect(isValidVatNumber('FRXX')).toBe(false);
  });

  it('normalises what it accepts and names what it refuses', () => {
    const ok = companyPatch.parse({
      siren: '404 833 048',
      vatNumber: 'fr83 404833048',
      iban: 'fr76 3000 6000 0112 3456 7890 189',
      bic: 'bnpafrpp',
    });
    expect(ok).toMatchObject({ siren: '404833048', vatNumber: 'FR83404833048', iban: 'FR7630006000011234567890189', bic: 'BNPAFRPP' });
    const bad = companyPatch.safeParse({
      siren: '404833049',
      iban: 'FR7630006000011234567890188',
      paymentTermsDays: 90,
      latePenaltyRate: 10.123,
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['iban', 'latePenaltyRate', 'paymentTermsDays', 'siren']);
  });
});

describe('mandatory mentions', () => {
  it('names each missing mention of an invoice, fewer for a quote', () => {
    expect(missingLegalMentions(EMPTY_COMPANY, 'invoice').map((m) => m.path)).toEqual([
      'company.legalName',
      'company.address.line1',
      'company.address.postalCode',
      'company.address.city',
      'company.siren',
      'company.vatNumber',
      'company.paymentTermsDays',
      'company.latePenaltyRate',
    ]);
    expect(missingLegalMentions(EMPTY_COMPANY, 'quote')).toHaveLength(5);
  });

  it('a micro-entreprise with its exemption mention needs no VAT number', () => {
    const micro = {
      ...EMPTY_COMPANY,
      legalName: 'Karim Plomberie',
      address: { line1: '3 rue Paradis', line2: null, postalCode: '13001', city: 'Marseille', country: 'FR' },
      siren: '404833048',
      paymentTermsDays: 30,
      latePenaltyRate: 10,
      vatExemptionMention: 'TVA non applicable, art. 293 B du CGI',
    };
    expect(missingLegalMentions(micro, 'invoice')).toEqual([]);
  });

  it('due date: issue date plus the terms, across months and years', () => {
    expect(dueDate('2026-01-31', 30)).toBe('2026-03-02');
    expect(dueDate('2026-12-15', 30)).toBe('2027-01-14');
    expect(dueDate('2026-06-01', 0)).toBe('2026-06-01');
  });
});
