/**
 * The organisation's legal profile (Paramètres → Entreprise) and the French mentions an issued
 * invoice or quote must carry (Code de commerce L441-9, CGI art. 242 nonies A). Validated here, so
 * the web form and the API say the same thing.
 */
import { electronicFormatIBAN, friendlyFormatIBAN, isValidBIC, isValidIBAN } from 'ibantools';
import { z } from 'zod';
import { line, optionalLine } from './text';

/** Luhn's checksum, as SIREN (9 digits) and SIRET (14 digits) use it. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const digitsOnly = (v: string) => v.replace(/[\s.-]/g, '');

/** A SIREN (9 digits) or a SIRET (14 digits), spaces allowed as typed. */
export function isValidSiren(value: string): boolean {
  const d = digitsOnly(value);
  return /^(\d{9}|\d{14})$/.test(d) && luhnValid(d);
}

/** The French VAT number's key: FR + 2 digits + SIREN, key = (12 + 3 × (SIREN mod 97)) mod 97. */
export function frenchVatKey(siren: string): string {
  return String((12 + 3 * (Number(siren) % 97)) % 97).padStart(2, '0');
}

export function isValidVatNumber(value: string): boolean {
  const v = value.replace(/[\s.-]/g, '').toUpperCase();
  const fr = /^FR(\d{2})(\d{9})$/.exec(v);
  if (fr) return fr[1] === frenchVatKey(fr[2] ?? '');
  // Another EU member state's number: its shape only (VIES would tell more, online).
  return !v.startsWith('FR') && /^[A-Z]{2}[A-Z0-9]{2,12}$/.test(v);
}

const normalizedSiren = line(20)
  .refine((v) => v.trim() === '' || isValidSiren(v), 'is not a valid SIREN (9 digits) or SIRET (14 digits)')
  .transform((v) => digitsOnly(v) || null);
const normalizedVat = line(20)
  .refine((v) => v.trim() === '' || isValidVatNumber(v), 'is not a valid VAT number (FR + key + SIREN)')
  .transform((v) => v.replace(/[\s.-]/g, '').toUpperCase() || null);
const normalizedIban = line(42)
  .refine((v) => v.trim() === '' || isValidIBAN(electronicFormatIBAN(v) ?? ''), 'is not a valid IBAN (checksum)')
  .transform((v) => electronicFormatIBAN(v) || null);
const normalizedBic = line(11)
  .refine((v) => v.trim() === '' || isValidBIC(v.trim().toUpperCase()), 'is not a valid BIC')
  .transform((v) => v.trim().toUpperCase() || null);

const companyAddressInput = z.strictObject({
  line1: optionalLine(),
  line2: optionalLine(),
  postalCode: optionalLine(10),
  city: optionalLine(),
  country: optionalLine(2),
});

/** PATCH /settings `company`: a merge patch; every field nullable. */
export const companyPatch = z.strictObject({
  legalName: optionalLine(),
  address: companyAddressInput.nullable().optional(),
  siren: normalizedSiren.nullable().optional(),
  vatNumber: normalizedVat.nullable().optional(),
  rcs: optionalLine(),
  shareCapital: optionalLine(40),
  iban: normalizedIban.nullable().optional(),
  bic: normalizedBic.nullable().optional(),
  paymentTermsDays: z
    .number()
    .int('must be a whole number of days')
    .min(0)
    .max(60, 'must be at most 60 days (Code de commerce L441-10)')
    .nullable()
    .optional(),
  latePenaltyRate: z
    .number()
    .min(0)
    .max(100)
    .refine((r) => Math.abs(r * 100 - Math.round(r * 100)) < 1e-6, 'must have at most 2 decimals')
    .nullable()
    .optional(),
  vatExemptionMention: optionalLine(),
});

const nullableString = z.string().nullable();

export const companyAddress = z.object({
  line1: nullableString,
  line2: nullableString,
  postalCode: nullableString,
  city: nullableString,
  country: nullableString,
});

export const company = z.object({
  legalName: nullableString,
  address: companyAddress,
  siren: nullableString,
  vatNumber: nullableString,
  rcs: nullableString,
  shareCapital: nullableString,
  iban: nullableString,
  bic: nullableString,
  paymentTermsDays: z.number().nullable(),
  latePenaltyRate: z.number().nullable(),
  vatExemptionMention: nullableString,
});

export type Company = z.infer<typeof company>;
export type CompanyPatch = z.infer<typeof companyPatch>;

export const EMPTY_COMPANY: Company = {
  legalName: null,
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
};

/** The IBAN in groups of four, as printed. */
export const printedIban = (iban: string | null) => (iban ? (friendlyFormatIBAN(iban) ?? iban) : null);

export interface MissingMention {
  path: string;
  message: string;
}

/**
 * What an issue of this type of document still lacks: each missing mandatory mention, by the
 * settings field that provides it. A quote needs the seller's identity; an invoice also its VAT
 * number (or the exemption mention of a micro-entreprise), payment terms and late-penalty rate.
 */
export function missingLegalMentions(c: Company, type: 'invoice' | 'quote' | 'credit_note'): MissingMention[] {
  const missing: MissingMention[] = [];
  const need = (ok: unknown, path: string, message: string) => {
    if (ok === null || ok === undefined || ok === '') missing.push({ path: `company.${path}`, message });
  };
  need(c.legalName, 'legalName', 'the company’s legal name (raison sociale) is required');
  need(c.address.line1, 'address.line1', 'the company’s address is required');
  need(c.address.postalCode, 'address.postalCode', 'the company’s postal code is required');
  need(c.address.city, 'address.city', 'the company’s city is required');
  need(c.siren, 'siren', 'the SIREN (or SIRET) is required');
  if (type === 'quote') return missing;
  if (!c.vatExemptionMention) need(c.vatNumber, 'vatNumber', 'the VAT number is required (or a VAT exemption mention)');
  need(c.paymentTermsDays, 'paymentTermsDays', 'the payment terms (in days) are required');
  need(c.latePenaltyRate, 'latePenaltyRate', 'the late-payment penalty rate is required');
  return missing;
}

/** The due date: issue date + payment terms (calendar days). */
export function dueDate(issueDate: string, paymentTermsDays: number): string {
  const d = new Date(`${issueDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + paymentTermsDays);
  return d.toISOString().slice(0, 10);
}
