import { ulid } from 'ulid';
import {
  documentContent,
  hasLifecycle,
  type Document,
  type DocumentContent,
  type DocumentPatch,
  type Intervention,
} from '../../shared/documents';
import { documentCountPart } from '../addresses/parts';
import { countDocumentPart } from '../clients/parts';
import { documentHistoryPrefix } from '../clients/partition';
import { eventPart } from '../events-feed';
import { AppError, notFound } from '../lib/errors';
import { changedMeanwhile, ownAttributesUpdate, VersionMoved, withVersionRetry } from '../lib/optimistic';
import { mergePatch } from '../lib/person';
import { checkVersion, getItem, now, query, transact, type TransactItem } from '../lib/store';
import { validationError } from '../lib/validation';
import { buildItem, documentKey, draftLifecycle, isDocumentItem, lifecycleOf, toDocument, type DocumentItem, type Lifecycle } from './item';
import { numbering, parisDate } from './numbering';
import { references, transactWithRetry, type Failure } from './references';

/** A document's life: created with its number, read, changed, deleted while never sent. */

/**
 * One transaction: the document is written, the client's and the address's documentCount go up
 * (which also proves both exist and are not being deleted), the contact is checked. Invoices and
 * quotes are drafts without number (issue.ts gives it); an intervention takes its number now, the
 * counter moving in the same transaction.
 */
export async function createDocument(
  orgId: string,
  clientId: string,
  input: DocumentContent,
  links: Partial<Lifecycle> = {},
): Promise<Document> {
  const documentId = ulid();
  const createdAt = now();
  const refs = await references(
    orgId,
    clientId,
    {
      type: input.type,
      addressId: input.addressId ?? null,
      contactId: input.contactId ?? null,
      technicianUserId: input.intervention?.technicianUserId ?? null,
    },
    null,
  );
  const numbered = !hasLifecycle(input.type);
  const counter = numbering(orgId, input.type, parisDate().slice(0, 4));
  let item: DocumentItem | undefined;
  const write = () =>
    transactWithRetry(async (attempt) => {
      const next = numbered ? await counter.next(attempt) : null;
      const lifecycle: Lifecycle = next ? { ...draftLifecycle(), status: null, number: next.number } : draftLifecycle(links);
      item = buildItem(orgId, clientId, documentId, input, { lifecycle, version: 1, createdAt, technicianName: refs.technicianName });
      return {
        items: [
          countDocumentPart(orgId, clientId, 1),
          { Put: { Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
          ...refs.items,
          ...(next ? [next.part] : []),
          // Last, so the failures above keep their positions.
          eventPart(orgId, 'document.created', toDocument(item)),
        ] satisfies TransactItem[],
        failures: [notFound('Client'), new AppError('conflict', 'Try again'), ...refs.failures, 'retry'] satisfies Failure[],
      };
    });
  // Drafts take no counter: they never wait for each other.
  await (numbered ? counter.inTurn(write) : write());
  if (!item) throw new Error('createDocument: no item written');
  return toDocument(item);
}

/** An issued invoice, quote or credit note is a legal record: it never changes, it is corrected by a credit note. */
export const documentIssued = (d: Pick<DocumentItem, 'docType' | 'number'>) =>
  new AppError(
    'conflict',
    d.docType === 'invoice'
      ? `Invoice ${d.number} is issued and cannot be changed or deleted; correct it with a credit note (POST …/credit-note)`
      : `${d.number} is issued and cannot be changed or deleted`,
    { reason: 'document_issued' },
  );

const assertDraft = (current: DocumentItem) => {
  if (hasLifecycle(current.docType) && lifecycleOf(current).status !== 'draft') throw documentIssued(current);
};

export async function getDocumentItem(orgId: string, clientId: string, documentId: string): Promise<DocumentItem> {
  const item = await getItem(documentKey(orgId, clientId, documentId));
  if (!isDocumentItem(item)) throw notFound('Document');
  return item;
}

export async function getDocument(orgId: string, clientId: string, documentId: string): Promise<Document> {
  return toDocument(await getDocumentItem(orgId, clientId, documentId));
}

/**
 * A JSON merge patch (not the type or number): the record's own attributes are written (never
 * sendCount) on condition of the version read, with the references' parts in the same transaction.
 * Changed meanwhile: with If-Match a 412; without, read again and apply the patch again.
 */
export async function updateDocument(
  orgId: string,
  clientId: string,
  documentId: string,
  patch: DocumentPatch,
  ifMatch?: number,
): Promise<Document> {
  let result: DocumentItem | undefined;
  await transactWithRetry(async () => {
    const current = await getDocumentItem(orgId, clientId, documentId);
    checkVersion(current.version, ifMatch);
    assertDraft(current);
    const { technicianName, ...currentIntervention } = current.intervention ?? ({} as Intervention);
    const merged = mergePatch(
      {
        title: current.title,
        date: current.date,
        addressId: current.addressId,
        contactId: current.contactId,
        lines: current.lines,
        intervention: current.intervention ? currentIntervention : null,
      },
      patch,
    );
    const parsed = documentContent.safeParse({ ...merged, type: current.docType });
    if (!parsed.success) throw validationError(parsed.error);
    const input = parsed.data;
    const refs = await references(
      orgId,
      clientId,
      {
        type: input.type,
        addressId: input.addressId ?? null,
        contactId: input.contactId ?? null,
        technicianUserId: input.intervention?.technicianUserId ?? null,
      },
      {
        addressId: current.addressId,
        contactId: current.contactId,
        technicianUserId: current.intervention?.technicianUserId ?? null,
        technicianName: technicianName ?? null,
      },
    );
    result = buildItem(orgId, clientId, documentId, input, {
      lifecycle: lifecycleOf(current),
      version: current.version + 1,
      createdAt: current.createdAt,
      technicianName: refs.technicianName,
    });
    return {
      // On condition of the version read (a draft then): an issue that commits meanwhile moves it and stops this change.
      items: [
        { Update: ownAttributesUpdate({ ...result }, current.version) },
        ...refs.items,
        eventPart(orgId, 'document.updated', toDocument(result)),
      ],
      failures: [ifMatch === undefined ? 'retry' : changedMeanwhile('document'), ...refs.failures],
    };
  });
  if (!result) throw new Error('updateDocument: no item written');
  return toDocument(result);
}

const keptForItsSends = () => new AppError('conflict', 'This document has been sent; it is kept with its send history');

/**
 * Deletes a document that was never sent (a sent one stays, with its history), and gives back its
 * place in the client's and the address's documentCount. Its number is not reused. The delete is
 * conditioned on no send having begun (the send's first transaction moves `sendCount`), so a send
 * and a deletion racing each other never both succeed.
 */
export async function deleteDocument(orgId: string, clientId: string, documentId: string, ifMatch?: number): Promise<void> {
  await withVersionRetry('document', ifMatch, async () => {
    const current = await getDocumentItem(orgId, clientId, documentId);
    checkVersion(current.version, ifMatch);
    assertDraft(current);
    if ((current.sendCount ?? 0) > 0) throw keptForItsSends();
    // Documents sent before sendCount existed: their history says it.
    const history = await query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :h)',
      ExpressionAttributeValues: { ':pk': current.pk, ':h': documentHistoryPrefix(documentId) },
      ProjectionExpression: 'pk, sk',
      Limit: 1,
    });
    if (history.items.length) throw keptForItsSends();
    await transact(
      [
        {
          Delete: {
            Key: documentKey(orgId, clientId, documentId),
            ConditionExpression: 'version = :v AND attribute_not_exists(sendCount)',
            ExpressionAttributeValues: { ':v': current.version },
          },
        },
        countDocumentPart(orgId, clientId, -1),
        ...(current.addressId ? [documentCountPart(orgId, clientId, current.addressId, -1)] : []),
        eventPart(orgId, 'document.deleted', { id: documentId, clientId, deleted: true }),
      ],
      (reasons) => {
        // The document moved between the read and the delete (a send began, or it was changed): read it again.
        if (reasons[0] === 'ConditionalCheckFailed') throw new VersionMoved();
        return new AppError('conflict', 'A concurrent change of the client or the address stopped the deletion; try again');
      },
    );
  });
}
