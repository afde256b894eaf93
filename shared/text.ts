import { z } from 'zod';
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/** Limits of the API's conventions (docs/api.md). */
export const MAX_LINE = 200;
export const MAX_TEXT = 10_000;

// Single-line fields refuse every control character; multi-line ones allow tab, CR and LF only.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_EXCEPT_NEWLINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export const line = (max = MAX_LINE) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((v) => !CONTROL.test(v), 'must not contain control characters (line breaks, tabs, NUL…)');

export const requiredLine = (max = MAX_LINE) => line(max).refine((v) => v.trim().length > 0, 'is required');

export const text = (max = MAX_TEXT) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((v) => !CONTROL_EXCEPT_NEWLINES.test(v), 'must not contain control characters');

export const optionalLine = (max = MAX_LINE) => line(max).nullable().optional();
export const optionalText = (max = MAX_TEXT) => text(max).nullable().optional();

// A single-line field like the others: a trailing CR/LF must not slip through the trim below.
export const email = line(254).refine((v) => v.trim() === '' || z.email().safeParse(v.trim()).success, 'is not a valid email address');
export const optionalEmail = email.nullable().optional();

/** A phone number as typed; French numbers by default, international ones with +. */
export function phoneE164(value: string | null | undefined): string | null {
  if (!value || !value.trim()) return null;
  const parsed = parsePhoneNumberFromString(value, 'FR');
  // isValid (not isPossible): the number's length and prefixes follow the country's real plan.
  return parsed?.isValid() ? parsed.number : null;
}

export const phone = line(40).refine((v) => v.trim() === '' || phoneE164(v) !== null, 'is not a valid phone number');
export const optionalPhone = phone.nullable().optional();

/** Trimmed, or null when empty: how every optional text is stored. */
export function clean(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const t = value.trim();
  return t === '' ? null : t;
}

/**
 * Search and sort form of a name: no accents, lower case, single spaces, ligatures spelt out
 * (œ → oe, æ → ae: "Œillet" sorts among the O, as in a French dictionary, and "oeil" finds it).
 */
export function searchKey(value: string | null | undefined): string {
  return (value ?? '')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/\s+/g, ' ')
    .trim();
}
