import { ulid } from 'ulid';
import { clientCreate, type Client, type ClientCreate, type ClientPatch } from '../../shared/schemas';
import { deleteAddressesOfClient } from '../addresses/parts';
import { deleteContactsOfClient } from '../contacts/parts';
import { AppError, notFound } from '../lib/errors';
import { VersionMoved, withVersionRetry, writeOwnAttributes } from '../lib/optimistic';
import { mergePatch } from '../lib/person';
import { sortedList } from '../lib/search';
import { eventPart } from '../events-feed';
import { checkVersion, getItem, isConditionFailure, now, transact, updateItem } from '../lib/store';
import { validationError } from '../lib/validation';
import { buildItem, byName, byReference, clientKey, toClient, type ClientItem } from './item';

/** Clients: the records and their lifecycle. What other modules compose is in parts.ts. */
export * from './parts';
export { getOverview } from './overview';

export async function createClient(orgId: string, input: ClientCreate): Promise<Client> {
  const clientId = ulid();
  const item = buildItem(orgId, clientId, input, { version: 1, createdAt: now(), archived: false });
  const created = toClient(item);
  await transact([{ Put: { Item: item, ConditionExpression: 'attribute_not_exists(pk)' } }, eventPart(orgId, 'client.created', created)]);
  return created;
}

async function getClientItem(orgId: string, clientId: string): Promise<ClientItem> {
  const item = await getItem<ClientItem>(clientKey(orgId, clientId));
  if (!item || item.deleting) throw notFound('Client');
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

/**
 * A JSON merge patch. Only the record's own attributes are written (UpdateItem on condition of the
 * version read), never documentCount, which documents move meanwhile; a lost race without If-Match
 * reads again and retries.
 */
export async function updateClient(orgId: string, clientId: string, patch: ClientPatch, ifMatch?: number): Promise<Client> {
  return withVersionRetry('client', ifMatch, async () => {
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
    });
    const updated = toClient(next);
    await writeOwnAttributes({ ...next }, current.version, 'attribute_not_exists(deleting)', [eventPart(orgId, 'client.updated', updated)]);
    return updated;
  });
}

function stripDerived(p: Record<string, unknown>) {
  const { phoneE164: _a, mobileE164: _b, faxE164: _c, ...rest } = p;
  return rest;
}

const ALREADY_GONE = new AppError('not_found', 'Client already deleted');

const hasDocuments = () => new AppError('conflict', 'This client has documents and cannot be deleted; archive it instead (archived: true)');

/**
 * Deletes the client with its addresses and contacts; refused (409, nothing deleted) while it has
 * documents. First the record is marked, on condition that it has no documents: from then on no
 * document, address or contact can join it (their transactions check the mark), and the owners
 * delete theirs, then the record goes. A deletion interrupted midway is finished by the next DELETE.
 */
export async function deleteClient(orgId: string, clientId: string, ifMatch?: number): Promise<void> {
  const key = clientKey(orgId, clientId);
  await withVersionRetry('client', ifMatch, async () => {
    const current = await getItem<ClientItem>(key);
    if (!current) throw notFound('Client');
    if (current.deleting) return;
    checkVersion(current.version, ifMatch);
    if ((current.documentCount ?? 0) > 0) throw hasDocuments();
    try {
      await updateItem({
        Key: key,
        UpdateExpression: 'SET deleting = :at',
        ConditionExpression: 'version = :v AND (attribute_not_exists(documentCount) OR documentCount = :zero)',
        ExpressionAttributeValues: { ':at': now(), ':v': current.version, ':zero': 0 },
      });
    } catch (error) {
      if (isConditionFailure(error)) throw new VersionMoved();
      throw error;
    }
  });
  await deleteAddressesOfClient(orgId, clientId);
  await deleteContactsOfClient(orgId, clientId);
  // The record goes with its tombstone (which stands for its addresses and contacts too); a
  // concurrent DELETE that finished first leaves nothing to do, and no second tombstone.
  await transact(
    [
      { Delete: { Key: key, ConditionExpression: 'attribute_exists(deleting)' } },
      eventPart(orgId, 'client.deleted', { id: clientId, deleted: true }),
    ],
    (reasons) => (reasons[0] === 'ConditionalCheckFailed' ? ALREADY_GONE : undefined),
  ).catch((error) => {
    if (error !== ALREADY_GONE) throw error;
  });
}
