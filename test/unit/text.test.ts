import { describe, expect, it } from 'vitest';
import { clean, email, line, MAX_LINE, MAX_TEXT, phone, phoneE164, requiredLine, searchKey, text } from '../../shared/text';

const ok = (schema: { safeParse(v: unknown): { success: boolean } }, value: unknown) => schema.safeParse(value).success;

describe('single-line fields', () => {
  const controls: [string, string][] = [
    ['LF', 'a\nb'],
    ['CR', 'a\rb'],
    ['CRLF at the end', 'ab\r\n'],
    ['NUL', 'a\u0000b'],
    ['tab', 'a\tb'],
    ['escape', 'a\u001bb'],
    ['DEL', 'a\u007fb'],
  ];
  it.each(controls)('refuse %s', (_, value) => {
    expect(ok(line(), value)).toBe(false);
    expect(ok(requiredLine(), value)).toBe(false);
  });

  it('accept accents, apostrophes, emoji and exactly the maximum length', () => {
    expect(ok(line(), 'Hôtel Côte d’Azur — Œillet 🙂')).toBe(true);
    expect(ok(line(), 'x'.repeat(MAX_LINE))).toBe(true);
    expect(ok(line(), 'x'.repeat(MAX_LINE + 1))).toBe(false);
  });

  it('a required line refuses blank text', () => {
    expect(ok(requiredLine(), '   ')).toBe(false);
    expect(ok(requiredLine(), '')).toBe(false);
    expect(ok(requiredLine(), 'a')).toBe(true);
  });
});

describe('multi-line text', () => {
  it('allows line breaks and tabs, refuses other control characters, at most 10,000 characters', () => {
    expect(ok(text(), 'ligne 1\r\nligne 2\n\tfin')).toBe(true);
    expect(ok(text(), 'a\u0000b')).toBe(false);
    expect(ok(text(), 'a\u000bb')).toBe(false);
    expect(ok(text(), 'x'.repeat(MAX_TEXT))).toBe(true);
    expect(ok(text(), 'x'.repeat(MAX_TEXT + 1))).toBe(false);
  });
});

describe('email', () => {
  const valid = ['sophie.martin@boulangerie-martin.fr', 'a+tag@sub.example.com', '', '  ', ' x@y.fr '];
  const invalid = [
    'plain',
    'a@',
    '@b.fr',
    'a b@c.fr',
    'a@b@c.fr',
    'x@y.fr\r\nBcc: z@w.fr',
    'x@y.fr\n',
    'x@y.fr\u0000',
    `${'a'.repeat(250)}@b.fr`,
  ];
  it.each(valid)('accepts %j', (v) => expect(ok(email, v)).toBe(true));
  it.each(invalid)('refuses %j', (v) => expect(ok(email, v)).toBe(false));
});

describe('phone numbers', () => {
  const table: [string, string | null][] = [
    ['01 42 68 53 00', '+33142685300'],
    ['06.12.34.56.78', '+33612345678'],
    ['0612345678', '+33612345678'],
    ['+33 6 12 34 56 78', '+33612345678'],
    ['+44 20 7946 0958', '+442079460958'],
    ['+1 212 555 0100', '+12125550100'],
    ['12', null],
    // Nine digits after the 0: a digit short of a French number (libphonenumber's real rules).
    ['04 91 22 33 4', null],
    ['06 12 34 56 7', null],
    ['abc', null],
    ['', null],
  ];
  it.each(table)('%j → %j', (typed, e164) => {
    expect(phoneE164(typed)).toBe(e164);
    expect(ok(phone, typed)).toBe(typed === '' || e164 !== null);
  });

  it('refuse control characters and more than 40 characters', () => {
    expect(ok(phone, '06 12 34 56 78\n')).toBe(false);
    expect(ok(phone, `06 12 34 56 78${' '.repeat(30)}`)).toBe(false);
  });
});

describe('searchKey', () => {
  const table: [string | null | undefined, string][] = [
    ['Hôtel Côte d’Azur', 'hotel cote d’azur'],
    ['HÔT', 'hot'],
    ['Élodie', 'elodie'],
    ['Œillet', 'oeillet'],
    ['Lætitia', 'laetitia'],
    ['  Ça   va  ', 'ca va'],
    ['CLI-0002', 'cli-0002'],
    ['Ñandú', 'nandu'],
    [null, ''],
    [undefined, ''],
  ];
  it.each(table)('%j → %j', (input, expected) => expect(searchKey(input)).toBe(expected));
  it('sorts names as a French reader expects (the lists are sorted by this key)', () => {
    const names = ['Zola', 'Œillet', 'Olivier', 'Oudin', 'Éric', 'Ernest'];
    const byKey = [...names].sort((a, b) => (searchKey(a) < searchKey(b) ? -1 : 1));
    expect(byKey).toEqual([...names].sort(new Intl.Collator('fr').compare));
    expect(byKey).toEqual(['Éric', 'Ernest', 'Œillet', 'Olivier', 'Oudin', 'Zola']);
  });

  it('a prefix of a name has the search key of a prefix', () => {
    expect(searchKey('Hôtel Côte d’Azur').startsWith(searchKey('HÔT'))).toBe(true);
  });
});

describe('clean', () => {
  it('trims and turns empty text into null', () => {
    expect(clean('  a ')).toBe('a');
    expect(clean('   ')).toBeNull();
    expect(clean('')).toBeNull();
    expect(clean(null)).toBeNull();
    expect(clean(undefined)).toBeNull();
  });
});
