import type { Address, AddressCreate } from '../../shared/schemas';
import { clean } from '../../shared/text';
import { addressGroup, addressSortKey, clientPartition } from '../clients/partition';
import { siteContactOf } from '../lib/person';
import { now, type Item } from '../lib/store';

/**
 * An address (site) of a client, with its site contact, in the client's partition. Private to
 * functions/addresses.
 */
export interface AddressItem extends Omit<Address, 'id'> {
  pk: string;
  sk: string;
  type: 'address';
  orgId: string;
  addressId: string;
  /** Head of the address's group in lsi1, so the intervention picker's query also proves it exists. */
  lsi1sk: string;
  /** Documents that use the address, moved by the documents module's transactions; an address in use is not deleted. */
  documentCount?: number;
  /** Set when its deletion has begun: no contact or document may link to it any more. */
  deleting?: string;
}

export const addressKey = (orgId: string, clientId: string, addressId: string) => ({
  pk: clientPartition(orgId, clientId),
  sk: addressSortKey(addressId),
});

export const isAddressItem = (i: Item | undefined): i is Item & AddressItem => i?.type === 'address';

export function toAddress(i: AddressItem): Address {
  return {
    id: i.addressId,
    clientId: i.clientId,
    label: i.label,
    line1: i.line1,
    line2: i.line2,
    postalCode: i.postalCode,
    city: i.city,
    country: i.country,
    siteContact: siteContactOf(i.siteContact),
    notes: i.notes,
    version: i.version,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
  };
}

/** The record's own attributes (never documentCount nor the deletion mark, which others move). */
export function buildItem(
  orgId: string,
  clientId: string,
  addressId: string,
  input: AddressCreate,
  meta: { version: number; createdAt: string },
): AddressItem {
  return {
    ...addressKey(orgId, clientId, addressId),
    type: 'address',
    orgId,
    clientId,
    addressId,
    label: input.label.trim(),
    line1: input.line1.trim(),
    line2: clean(input.line2),
    postalCode: input.postalCode.trim(),
    city: input.city.trim(),
    country: (clean(input.country) ?? 'FR').toUpperCase(),
    siteContact: siteContactOf(input.siteContact),
    notes: clean(input.notes),
    version: meta.version,
    createdAt: meta.createdAt,
    updatedAt: now(),
    lsi1sk: addressGroup(addressId),
  };
}
