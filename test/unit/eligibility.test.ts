import { describe, expect, it } from 'vitest';
import { eligibilityOf, eligibleContacts, isContactEligible, type EligibilityMatch } from '../../shared/eligibility';

/** The intervention rule: contacts at the intervention address, plus contacts with no address. */
describe('eligibilityOf', () => {
  const cases: [string, string | null, string | null, EligibilityMatch | null][] = [
    // description, contact.addressId, intervention addressId, expected
    ['a contact at the intervention address', 'A1', 'A1', 'address'],
    ['a contact with no address, intervention at A1', null, 'A1', 'no_address'],
    ['a contact at another address', 'A2', 'A1', null],
    ['a contact with no address, intervention without address', null, null, 'no_address'],
    ['a contact at an address, intervention without address', 'A1', null, null],
    ['ids compare exactly (case matters)', 'a1', 'A1', null],
    ['ids compare exactly (no prefix match)', 'A1', 'A10', null],
  ];
  it.each(cases)('%s', (_, contactAddress, interventionAddress, expected) => {
    expect(eligibilityOf({ addressId: contactAddress }, interventionAddress)).toBe(expected);
    expect(isContactEligible({ addressId: contactAddress }, interventionAddress)).toBe(expected !== null);
  });
});

describe('eligibleContacts', () => {
  const contacts = [
    { id: 'c1', addressId: 'A1' },
    { id: 'c2', addressId: null },
    { id: 'c3', addressId: 'A2' },
    { id: 'c4', addressId: 'A1' },
    { id: 'c5', addressId: null },
  ];

  const table: [string, typeof contacts, string | null, [string, EligibilityMatch][]][] = [
    [
      'at-address contacts first, then those without address, each in input order',
      contacts,
      'A1',
      [
        ['c1', 'address'],
        ['c4', 'address'],
        ['c2', 'no_address'],
        ['c5', 'no_address'],
      ],
    ],
    [
      'another address: its contact plus those without',
      contacts,
      'A2',
      [
        ['c3', 'address'],
        ['c2', 'no_address'],
        ['c5', 'no_address'],
      ],
    ],
    [
      'an address nobody is linked to: only those without address',
      contacts,
      'A9',
      [
        ['c2', 'no_address'],
        ['c5', 'no_address'],
      ],
    ],
    ['no contacts at all: nothing', [], 'A1', []],
    [
      'none matches: nothing',
      [
        { id: 'c1', addressId: 'A1' },
        { id: 'c3', addressId: 'A2' },
      ],
      'A3',
      [],
    ],
    [
      'every contact without address: all of them',
      [
        { id: 'c2', addressId: null },
        { id: 'c5', addressId: null },
      ],
      'A1',
      [
        ['c2', 'no_address'],
        ['c5', 'no_address'],
      ],
    ],
  ];
  it.each(table)('%s', (_, input, addressId, expected) => {
    const result = eligibleContacts(input, addressId);
    expect(result.map((c) => [c.id, c.match])).toEqual(expected);
  });

  it('keeps every field of the contact and does not change the input', () => {
    const input = [{ id: 'c1', addressId: 'A1', email: 'x@y.fr' }];
    const [only] = eligibleContacts(input, 'A1');
    expect(only).toEqual({ id: 'c1', addressId: 'A1', email: 'x@y.fr', match: 'address' });
    expect(input[0]).not.toHaveProperty('match');
  });
});
