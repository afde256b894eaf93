import { describe, expect, it } from 'vitest';
import { displayName, mainContactOf, mergePatch, siteContactOf } from '../../functions/lib/person';

describe('mergePatch (RFC 7396)', () => {
  const cases: [string, unknown, unknown, unknown][] = [
    ['replaces a value', { a: 'b' }, { a: 'c' }, { a: 'c' }],
    ['adds a value', { a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    ['null sets the field to null (our records keep every field)', { a: 'b', b: 'c' }, { a: null }, { a: null, b: 'c' }],
    ['undefined leaves the field alone', { a: 'b' }, { a: undefined }, { a: 'b' }],
    ['merges nested objects', { p: { x: 1, y: 2 } }, { p: { y: 3 } }, { p: { x: 1, y: 3 } }],
    ['null inside a nested object', { p: { x: 1, y: 2 } }, { p: { y: null } }, { p: { x: 1, y: null } }],
    ['an object replaces a scalar', { a: 'b' }, { a: { c: 1 } }, { a: { c: 1 } }],
    ['a nested patch on a null field builds the object', { p: null }, { p: { x: 1 } }, { p: { x: 1 } }],
    ['arrays replace, never merge', { a: [1, 2] }, { a: [3] }, { a: [3] }],
    ['an empty patch changes nothing', { a: 'b' }, {}, { a: 'b' }],
    ['a non-object patch replaces the whole target', { a: 'b' }, 'x', 'x'],
    ['a null patch replaces the whole target', { a: 'b' }, null, null],
    [
      'RFC example',
      { title: 'Goodbye!', author: { givenName: 'John', familyName: 'Doe' }, tags: ['example', 'sample'], content: 'x' },
      { title: 'Hello!', author: { familyName: null }, tags: ['example'] },
      { title: 'Hello!', author: { givenName: 'John', familyName: null }, tags: ['example'], content: 'x' },
    ],
  ];
  it.each(cases)('%s', (_, target, patch, expected) => {
    expect(mergePatch(target, patch)).toEqual(expected);
  });

  it('does not change the target', () => {
    const target = { p: { x: 1 } };
    mergePatch(target, { p: { x: 2 } });
    expect(target).toEqual({ p: { x: 1 } });
  });
});

describe('stored people', () => {
  it('trims, turns empty text into null and adds E.164 phone numbers', () => {
    expect(
      mainContactOf({
        firstName: '  Sophie ',
        lastName: '',
        email: ' s@m.fr ',
        phone: '01 42 68 53 00',
        mobile: null,
        fax: '+44 20 7946 0958',
      }),
    ).toEqual({
      civility: null,
      firstName: 'Sophie',
      lastName: null,
      email: 's@m.fr',
      phone: '01 42 68 53 00',
      phoneE164: '+33142685300',
      mobile: null,
      mobileE164: null,
      fax: '+44 20 7946 0958',
      faxE164: '+442079460958',
    });
    expect(siteContactOf(null)).toEqual({ firstName: null, lastName: null, email: null, phone: null, phoneE164: null, info: null });
  });

  it('names a person by first and last name', () => {
    expect(displayName({ firstName: 'Léa', lastName: 'Giraud' })).toBe('Léa Giraud');
    expect(displayName({ firstName: null, lastName: 'Giraud' })).toBe('Giraud');
    expect(displayName(null)).toBe('');
  });
});
