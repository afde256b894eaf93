import type { Address } from '../../shared/schemas';
import { clientPartition } from '../lib/keys';
import { siteContactOf } from '../lib/person';

/** An address (site) of a client, with its site contact, in the client's partition. */
export interface AddressItem extends Omit<Address, 'id'> {
  pk: string;
  sk: string;
  type: 'address';
  orgId: string;
  addressId: string;
  /** Head of the address's group in lsi1, so the intervention picker's query also proves it exists. */
  lsi1sk: string;
  /** Documents that use the address: kept by the documents module; an address in use is not deleted. */
  documentCount?: number;
}

export const addressKey = (orgId: string, clientId: string, addressId: string) => ({
  pk: clientPartition(orgId, clientId),
  sk: `ADDRESS#${addressId}`,
});

/** lsi1 groups a client's contacts by address: `ADDR#<addressId>#<contactId>`, `ADDR#~#…` for none. */
export const NO_ADDRESS = '~';
export const addressGroup = (addressId: string | null) => `ADDR#${addressId ?? NO_ADDRESS}#`;

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
