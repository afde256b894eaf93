/**
 * The intervention rule (docs/api.md, `eligibleForAddress`): the contact picker offers
 * every contact of the client at the intervention address, plus every contact with no address.
 */
export type EligibilityMatch = 'address' | 'no_address';

export interface AddressLinked {
  addressId: string | null;
}

/** Why a contact is offered for an intervention at `addressId`, or null when it is not. */
export function eligibilityOf(contact: AddressLinked, addressId: string | null): EligibilityMatch | null {
  if (contact.addressId === null) return 'no_address';
  if (addressId !== null && contact.addressId === addressId) return 'address';
  return null;
}

/** The contacts offered for an intervention at `addressId`, each with the reason; at-address first. */
export function eligibleContacts<T extends AddressLinked>(
  contacts: readonly T[],
  addressId: string | null,
): Array<T & { match: EligibilityMatch }> {
  const atAddress: Array<T & { match: EligibilityMatch }> = [];
  const withoutAddress: Array<T & { match: EligibilityMatch }> = [];
  for (const c of contacts) {
    const match = eligibilityOf(c, addressId);
    if (match === 'address') atAddress.push({ ...c, match });
    else if (match === 'no_address') withoutAddress.push({ ...c, match });
  }
  return [...atAddress, ...withoutAddress];
}

export function isContactEligible(contact: AddressLinked, addressId: string | null): boolean {
  return eligibilityOf(contact, addressId) !== null;
}
