import { ulid } from 'ulid';
import {
  clientCreate,
  type Address,
  type Client,
  type ClientCreate,
  type ClientPatch,
  type Contact,
  type Overview,
} from '../../shared/schemas';
import { clean, searchKey } from '../../shared/text';
import { isSecondaryContactsOn } from '../organizations';
import { AppError, notFound } from '../lib/errors';
import { clientPartition, orgIndexPartition } from '../lib/keys';
import { mainContactOf, mergePatch } from '../lib/person';
import { sortedList } from '../lib/search';
import { batchDelete, deleteItem, checkVersion, getItem, isConditionFailure, now, putItem, queryAll, type Item } from '../lib/store';
import { toAddress, type AddressItem } from '../addresses/item';
import { toContact, type ContactItem } from '../contacts/item';
import { validationError } from '../lib/validation';

/** A client: the record with its main contact, head of its own partition. */
export interface ClientItem extends Omit<Client, 'id'> {
  pk: string;
  sk: 'CLIENT';
  type: 'client';
  orgId: string;
  clientId: string;
  /** Documents that belong to the client: kept by the documents module, a client with any is not deleted. */
  documentCount?: number;
  gsi1pk: string;
  gsi1sk: string;
  gsi2pk?: string;
  gsi2sk?: string;
}

export const clientKey = (orgId: string, clientId: string) => ({ pk: clientPartition(orgId, clientId), sk: 'CLIENT' as const });

const byName = (orgId: string) => orgIndexPartition(orgId, 'CLIENTS');
const byReference = (orgId: string) => orgIndexPartition(orgId, 'CLIENTREFS');

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

function indexKeys(orgId: string, clientId: string, name: string, reference: string | null) {
  return {
    gsi1pk: byName(orgId),
    gsi1sk: `${searchKey(name)}#${clientId}`,
    ...(reference ? { gsi2pk: byReference(orgId), gsi2sk: `${searchKey(reference)}#${clientId}` } : {}),
  };
}

function buildItem(
  orgId: string,
  clientId: string,
  input: ClientCreate,
  meta: { version: number; createdAt: string; archived: boolean; documentCount?: number },
): ClientItem {
  const name = input.name.trim();
  const reference = clean(input.reference);
  const at = now();
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
    updatedAt: at,
    ...(meta.documentCount !== undefined ? { documentCount: meta.documentCount } : {}),
    ...indexKeys(orgId, clientId, name, reference),
  };
}

export async function createClient(orgId: string, input: ClientCreate): Promise<Client> {
  const clientId = ulid();
  const item = buildItem(orgId, clientId, input, { version: 1, createdAt: now(), archived: false });
  await putItem(item, { expression: 'attribute_not_exists(pk)' });
  return toClient(item);
}

export async function getClientItem(orgId: string, clientId: string): Promise<ClientItem> {
  const item = await getItem<ClientItem>(clientKey(orgId, clientId));
  if (!item) throw notFound('Client');
  return item;
}

export async function getClient(orgId: string, clientId: string): Promise<Client> {
  return toClient(await getClientItem(orgId, clientId));
}

export async function listClients(orgId: string, options: { q?: string; limit?: number; cursor?: string }) {
  const page = await sortedList<ClientItem>({
    primary: { index: 'gsi1', partition: byName(orgId) },
    alsoSearch: [{ index: 'gsi2', partition: byReference(orgId) }],
    q: options.q,
    limit: options.limit ?? 50,
    cursor: options.cursor,
  });
  return { items: page.items.map(toClient), nextCursor: page.nextCursor };
}

export async function updateClient(orgId: string, clientId: string, patch: ClientPatch, ifMatch?: number): Promise<Client> {
  const current = await getClientItem(orgId, clientId);
  checkVersion(current.version, ifMatch);
  const { archived, ...writable } = patch;
  const merged = mergePatch(
    { name: current.name, kind: current.kind, reference: current.reference, mainContact: current.mainContact, notes: current.notes },
    writable,
  );
  const parsed = clientCreate.safeParse({
    ...merged,
    mainContact: merged.mainContact ? stripDerived(merged.mainContact as Record<string, unknown>) : null,
  });
  if (!parsed.success) throw validationError(parsed.error);
  const next = buildItem(orgId, clientId, parsed.data, {
    version: current.version + 1,
    createdAt: current.createdAt,
    archived: archived ?? current.archived,
    documentCount: current.documentCount,
  });
  try {
    await putItem(next, { expression: 'version = :v', values: { ':v': current.version } });
  } catch (error) {
    if (isConditionFailure(error)) throw new AppError('precondition_failed', 'The client changed meanwhile; reload it and try again');
    throw error;
  }
  return toClient(next);
}

function stripDerived(p: Record<string, unknown>) {
  const { phoneE164: _a, mobileE164: _b, faxE164: _c, ...rest } = p;
  return rest;
}

/** Deletes the client with its addresses and contacts; refused while it has documents. */
export async function deleteClient(orgId: string, clientId: string, ifMatch?: number): Promise<void> {
  const current = await getClientItem(orgId, clientId);
  checkVersion(current.version, ifMatch);
  if ((current.documentCount ?? 0) > 0) {
    throw new AppError('conflict', 'This client has documents and cannot be deleted; archive it instead (archived: true)');
  }
  const items = await queryAll<Item>({
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': clientPartition(orgId, clientId) },
    ProjectionExpression: 'pk, sk',
  });
  // The record goes last, on condition, so a document created meanwhile stops the deletion.
  await batchDelete(items.filter((i) => i.sk !== 'CLIENT').map((i) => ({ pk: i.pk as string, sk: i.sk as string })));
  try {
    await deleteItem(clientKey(orgId, clientId), {
      expression: 'attribute_not_exists(documentCount) OR documentCount = :zero',
      values: { ':zero': 0 },
    });
  } catch (error) {
    if (isConditionFailure(error)) throw new AppError('conflict', 'This client has documents and cannot be deleted; archive it instead');
    throw error;
  }
}

/**
 * The client record with all three levels of contacts: ONE Query over the client's partition,
 * from `ADDRESS#` to `CONTACT#…` (documents and sends sort after and are not read).
 */
export async function getOverview(orgId: string, clientId: string): Promise<Overview> {
  const withContacts = await isSecondaryContactsOn(orgId);
  const items = await queryAll<Item>({
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':pk': clientPartition(orgId, clientId),
      ':from': 'ADDRESS#',
      ':to': withContacts ? 'CONTACT$' : 'CLIENT',
    },
  });
  const clientItem = items.find((i) => i.sk === 'CLIENT') as ClientItem | undefined;
  if (!clientItem) throw notFound('Client');
  const addresses: Address[] = items
    .filter((i) => (i.sk as string).startsWith('ADDRESS#'))
    .map((i) => toAddress(i as unknown as AddressItem));
  const contacts: Contact[] = items
    .filter((i) => (i.sk as string).startsWith('CONTACT#'))
    .map((i) => toContact(i as unknown as ContactItem));
  addresses.sort((a, b) => a.label.localeCompare(b.label, 'fr'));
  contacts.sort((a, b) => sortName(a).localeCompare(sortName(b), 'fr'));
  return { client: toClient(clientItem), addresses, contacts };
}

const sortName = (c: Contact) => `${c.lastName ?? ''} ${c.firstName ?? ''}`.trim();
