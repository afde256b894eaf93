import { orgPartition } from '../lib/keys';

/**
 * THE layout of a client's partition `ORG#<orgId>#CLIENT#<clientId>`: every sort key and range of
 * it is written here and nowhere else. The sort keys are ordered so that one range reads the three
 * levels of contacts and nothing else, and documents with their sends sort after them:
 *
 *   ADDRESS#<addressId>  <  CLIENT  <  CONTACT#<contactId>  <  DOC#<documentId>[#SEND#<sendId>[#EVENT#…]]
 *   (`A` < `CL` < `CO` < `D`)
 *
 * The local secondary index lsi1 groups the contacts by address (`ADDR#<addressId>#<contactId>`,
 * `ADDR#~#<contactId>` without address, the address itself heading its group) and lists the
 * documents by date (`DOC#<date>#<documentId>`). Each item's owner (clients, addresses, contacts,
 * documents, sending) builds its keys from these functions and keeps its item's shape to itself.
 */
export const clientPartition = (orgId: string, clientId: string) => `${orgPartition(orgId)}#CLIENT#${clientId}`;

const ADDRESS = 'ADDRESS#';
const CONTACT = 'CONTACT#';
const DOC = 'DOC#';
/** Just after every `CONTACT#…` and before `DOC#`. */
const AFTER_CONTACTS = 'CONTACT$';

export const CLIENT_SORT_KEY = 'CLIENT';
export const addressSortKey = (addressId: string) => `${ADDRESS}${addressId}`;
export const contactSortKey = (contactId: string) => `${CONTACT}${contactId}`;
export const documentSortKey = (documentId: string) => `${DOC}${documentId}`;
/** Everything that hangs off a document: its sends and their events. */
export const documentHistoryPrefix = (documentId: string) => `${DOC}${documentId}#`;
export const sendsPrefix = (documentId: string) => `${documentHistoryPrefix(documentId)}SEND#`;
/** An issued document's PDF, kept as issued (its bytes never change). */
export const documentPdfSortKey = (documentId: string) => `${documentHistoryPrefix(documentId)}PDF`;
export const sendSortKey = (documentId: string, sendId: string) => `${sendsPrefix(documentId)}${sendId}`;
export const sendEventSortKey = (sendKey: string, at: string, type: string, fingerprint: string) =>
  `${sendKey}#EVENT#${at}#${type}#${fingerprint}`;

/** A `BETWEEN` range of sort keys, for one Query. */
export interface SortRange {
  from: string;
  to: string;
}

/** The overview: addresses, the client, and (module on) the contacts; never documents. */
export const overviewRange = (withContacts: boolean): SortRange => ({ from: ADDRESS, to: withContacts ? AFTER_CONTACTS : CLIENT_SORT_KEY });
/** The addresses, and the client record that proves the client exists. */
export const addressesRange: SortRange = { from: ADDRESS, to: CLIENT_SORT_KEY };
/** The client record and its contacts. */
export const contactsRange: SortRange = { from: CLIENT_SORT_KEY, to: AFTER_CONTACTS };
/** `begins_with` prefixes of the partition's item kinds. */
export const ADDRESS_PREFIX = ADDRESS;
export const CONTACT_PREFIX = CONTACT;

/** lsi1: contacts grouped by address (`~` for none), the address heading its group. */
const NO_ADDRESS = '~';
export const addressGroup = (addressId: string | null) => `ADDR#${addressId ?? NO_ADDRESS}#`;
export const contactInGroup = (addressId: string | null, contactId: string) => `${addressGroup(addressId)}${contactId}`;
/** lsi1: documents by date. */
export const documentByDate = (date: string, documentId: string) => `${DOC}${date}#${documentId}`;
export const documentDates: SortRange = { from: DOC, to: `${DOC}\uffff` };
