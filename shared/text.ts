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

// A lone UTF-16 surrogate is not a character: it cannot be stored as UTF-8 without being changed.
const LONE_SURROGATE = /\p{Cs}/u;
const wellFormed = (v: string) => !LONE_SURROGATE.test(v);
const NOT_WELL_FORMED = 'must be valid Unicode text (no lone surrogate)';

export const line = (max = MAX_LINE) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((v) => !CONTROL.test(v), 'must not contain control characters (line breaks, tabs, NUL…)')
    .refine(wellFormed, NOT_WELL_FORMED);

export const requiredLine = (max = MAX_LINE) => line(max).refine((v) => v.trim().length > 0, 'is required');

export const text = (max = MAX_TEXT) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((v) => !CONTROL_EXCEPT_NEWLINES.test(v), 'must not contain control characters')
    .refine(wellFormed, NOT_WELL_FORMED);

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
 * DynamoDB bounds keys in bytes (a sort key at most 1,024 bytes of UTF-8), and 200 characters of
 * CJK or emoji are 600 to 800 bytes: the sort form of one field keeps at most this many bytes, so
 * that two of them, an id and separators always fit. The stored value itself is never cut.
 */
export const SORT_FORM_MAX_BYTES = 300;

/**
 * Search and sort form of a name: no accents, lower case, single spaces, ligatures spelt out
 * (œ → oe, æ → ae: "Œillet" sorts among the O, as in a French dictionary, and "oeil" finds it),
 * at most `maxBytes` of UTF-8.
 */
export function searchKey(value: string | null | undefined, maxBytes = SORT_FORM_MAX_BYTES): string {
  const key = (value ?? '')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/\s+/g, ' ')
    .trim();
  return truncateUtf8(key, maxBytes);
}

/** The longest prefix of `value` (whole code points) that is at most `maxBytes` in UTF-8. */
export function truncateUtf8(value: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const char of value) {
    const cp = char.codePointAt(0) ?? 0;
    // A lone surrogate is written as U+FFFD: three bytes.
    const size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return value.slice(0, end);
}

/**
 * Above every sort form in DynamoDB's order (bytes of UTF-8): U+10FFFF, the last code point, whose
 * four bytes (F4 8F BF BF) sort above any character's. `\uffff` sorted below every character
 * outside the Basic Multilingual Plane (emoji…), so prefix ranges ending with it missed them.
 */
export const SORT_HIGH = '\u{10ffff}';
