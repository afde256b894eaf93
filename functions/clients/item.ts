import type { Client, ClientCreate } from '../../shared/schemas';
import { clean, searchKey } from '../../shared/text';
import { orgIndexPartition } from '../lib/keys';
import { mainContactOf } from '../lib/person';
import { now, type Item } from '../lib/store';
import { CLIENT_SORT_KEY, clientPartition } from './partition';

/**
 * A client: the record with its main contact, head of its own partition. Private to
 * functions/clients: other modules use the verbs of index.ts and parts.ts.
 */
export interface ClientItem extends Omit<Client, 'id'> {
  pk: string;
  sk: string;
  type: 'client';
  orgId: string;
  clientId: string;
  /** Documents of the client, moved by the documents module's transactions: a client with any is not deleted. */
  documentCount?: number;
  /** Set when its deletion has begun: nothing may join the partition any more. */
  deleting?: string;
  gsi1pk: string;
  gsi1sk: string;
  gsi2pk?: string;
  gsi2sk?: string;
}

export const clientKey = (orgId: string, clientId: string) => ({ pk: clientPartition(orgId, clientId), sk: CLIENT_SORT_KEY });
export const byName = (orgId: string) => orgIndexPartition(orgId, 'CLIENTS');
export const byReference = (orgId: string) => orgIndexPartition(orgId, 'CLIENTREFS');

export const isClientItem = (i: Item | undefined): i is Item & ClientItem => i?.type === 'client';

export function toClient(i: ClientItem): Client {
  return {
    id: i.clientId,
    name: i.name,
    kind: i.kind,
    reference: i.reference,
    mainContact: mainContactOf(i.mainContact),
    notes: i.notes,
    archived: i.archived,
    version: i.version,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
  };
}

/** The record's own attributes (never documentCount nor the deletion mark, which others move). */
export function buildItem(
  orgId: string,
  clientId: string,
  input: ClientCreate,
  meta: { version: number; createdAt: string; archived: boolean },
): ClientItem {
  const name = input.name.trim();
  const reference = clean(input.reference);
  return {
    ...clientKey(orgId, clientId),
    type: 'client',
    orgId,
    clientId,
    name,
    kind: input.kind,
    reference,
    mainContact: mainContactOf(input.mainContact),
    notes: clean(input.notes),
    archived: meta.archived,
    version: meta.version,
    createdAt: meta.createdAt,
    updatedAt: now(),
    gsi1pk: byName(orgId),
    gsi1sk: `${searchKey(name)}#${clientId}`,
    // Explicitly absent without a reference, so that an update REMOVEs them.
    gsi2pk: reference ? byReference(orgId) : undefined,
    gsi2sk: reference ? `${searchKey(reference)}#${clientId}` : undefined,
  };
}
