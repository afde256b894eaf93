import { ulid } from 'ulid';
import {
  documentCreate,
  NUMBER_PREFIX,
  type Document,
  type DocumentCreate,
  type DocumentPatch,
  type DocumentType,
  type Intervention,
  type ListedDocument,
} from '../../shared/documents';
import { isContactEligible } from '../../shared/eligibility';
import { dueDate } from '../../shared/legal';
import { documentTotals } from '../../shared/money';
import { clean } from '../../shared/text';
import { addressKey, type AddressItem } from '../addresses/item';
import { clientKey, type ClientItem } from '../clients';
import { assertContactsModuleOn } from '../contacts';
import { contactKey, type ContactItem } from '../contacts/item';
import { getOrganization } from '../organizations';
import { getUser } from '../users';
import { AppError, notFound, unprocessable } from '../lib/errors';
import { clientPartition, orgPartition } from '../lib/keys';
import { mergePatch } from '../lib/person';
import {
  batchGet,
  checkVersion,
  decodeCursor,
  encodeCursor,
  getItem,
  now,
  query,
  transact,
  type Item,
  type Key,
  type TransactItem,
} from '../lib/store';
import { validationError } from '../lib/validation';
import { DOC_GROUP, documentHistoryPrefix, documentKey, documentsByType, toDocument, type DocumentItem } from './item';
import { renderDocumentPdf } from './pdf';

// ---------- numbering ----------

/**
 * Gapless numbers per organisation, type and year: a counter item under the organisation, moved
 * from n to n + 1 in the same transaction as the document put, on condition that it still says n.
 * A concurrent creation makes the condition (or the transaction) fail: read again and retry, with
 * jitter so that 50 simultaneous creations spread out instead of colliding in lockstep.
 */
const counterKey = (orgId: string, type: DocumentType, year: string) => ({ pk: orgPartition(orgId), sk: `COUNTER#${type}#${year}` });
const MAX_ATTEMPTS = 200;

export const formatNumber = (type: DocumentType, year: string, n: number) => `${NUMBER_PREFIX[type]}-${year}-${String(n).padStart(4, '0')}`;

/** Today in France (numbers and default dates follow the French calendar, not UTC). */
export function parisDate(at = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

class CounterMoved extends Error {}

/**
 * Within one instance, creations that share a counter take turns (a promise chain per counter) and
 * start from the value the last one wrote: no lost race, no extra read. Across instances the
 * condition on the counter still decides, and a loser reads the counter again.
 */
const turns = new Map<string, Promise<unknown>>();
const lastKnown = new Map<string, number>();

async function inTurn<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = turns.get(key) ?? Promise.resolve();
  const mine = previous.then(fn, fn);
  const settled = mine.catch(() => undefined);
  turns.set(key, settled);
  try {
    return await mine;
  } finally {
    if (turns.get(key) === settled) turns.delete(key);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------- references ----------

interface References {
  /** ConditionChecks and counter moves that prove the references, with the error each failure means. */
  items: TransactItem[];
  failures: (AppError | 'retry')[];
  technicianName: string | null;
}

const invalidReference = (path: string, what: string) =>
  unprocessable('invalid_reference', `${path} is not ${what} of this client`, [{ path, message: `is not ${what} of this client` }]);

/**
 * Reads what the rules need (the contact of an intervention, the technician) and returns the
 * transaction items that keep them true until the write: the address's documentCount moves,
 * the contact is checked, unchanged since it was read.
 */
async function references(
  orgId: string,
  clientId: string,
  next: { type: DocumentType; addressId: string | null; contactId: string | null; technicianUserId: string | null },
  before: { addressId: string | null; contactId: string | null; technicianUserId: string | null; technicianName: string | null } | null,
): Promise<References> {
  const items: TransactItem[] = [];
  const failures: References['failures'] = [];
  const addressChanged = !before || before.addressId !== next.addressId;
  const contactChanged = !before || before.contactId !== next.contactId;

  if (addressChanged && next.addressId) {
    items.push({
      Update: {
        Key: addressKey(orgId, clientId, next.addressId),
        UpdateExpression: 'ADD documentCount :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':one': 1 },
      },
    });
    failures.push(invalidReference('addressId', 'an address'));
  }
  if (addressChanged && before?.addressId) {
    items.push({
      Update: {
        Key: addressKey(orgId, clientId, before.addressId),
        UpdateExpression: 'ADD documentCount :minusOne',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':minusOne': -1 },
      },
    });
    failures.push('retry');
  }

  // The intervention rule holds on create and whenever the address or the contact changes.
  const checkContact = next.contactId && (contactChanged || (next.type === 'intervention' && addressChanged));
  if (checkContact && next.contactId) {
    if (contactChanged) await assertContactsModuleOn(orgId);
    if (next.type === 'intervention') {
      const contact = await getItem<ContactItem>(contactKey(orgId, clientId, next.contactId));
      if (!contact) {
        // Under a client that is not ours (or not there), the answer is the client's 404, as on every route.
        if (!(await getItem(clientKey(orgId, clientId)))) throw notFound('Client');
        throw invalidReference('contactId', 'a contact');
      }
      if (!isContactEligible(contact, next.addressId)) {
        throw unprocessable('contact_not_eligible', 'The contact is neither at the intervention address nor without address', [
          { path: 'contactId', message: 'is neither at the intervention address nor without address' },
        ]);
      }
      items.push({
        ConditionCheck: {
          Key: contactKey(orgId, clientId, next.contactId),
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':v': contact.version },
        },
      });
      failures.push('retry');
    } else {
      items.push({ ConditionCheck: { Key: contactKey(orgId, clientId, next.contactId), ConditionExpression: 'attribute_exists(pk)' } });
      failures.push(invalidReference('contactId', 'a contact'));
    }
  }

  let technicianName = before?.technicianName ?? null;
  if (next.technicianUserId !== (before?.technicianUserId ?? null)) {
    technicianName = null;
    if (next.technicianUserId) {
      try {
        const user = await getUser(orgId, next.technicianUserId);
        technicianName = [user.firstName, user.lastName].filter(Boolean).join(' ') || user.email;
      } catch (error) {
        if (error instanceof AppError && error.code === 'not_found') {
          throw unprocessable('invalid_reference', 'intervention.technicianUserId is not a user of this organisation', [
            { path: 'intervention.technicianUserId', message: 'is not a user of this organisation' },
          ]);
        }
        throw error;
      }
    }
  }
  return { items, failures, technicianName };
}

/** Runs the transaction; 'retry' failures (and transaction conflicts) run it again after a pause. */
async function transactWithRetry(
  build: (attempt: number) => Promise<{ items: TransactItem[]; failures: (AppError | 'retry' | 'counter')[] }>,
) {
  for (let attempt = 1; ; attempt++) {
    const { items, failures } = await build(attempt);
    try {
      await transact(items, (reasons) => {
        const failed = reasons.findIndex((r) => r === 'ConditionalCheckFailed');
        const failure = failures[failed];
        if (failure === undefined) return undefined;
        if (failure === 'retry' || failure === 'counter') throw new CounterMoved();
        return failure;
      });
      return;
    } catch (error) {
      const retry = error instanceof CounterMoved || (error instanceof AppError && error.code === 'conflict');
      if (!retry || attempt >= MAX_ATTEMPTS) {
        if (retry) throw new AppError('conflict', 'Too many simultaneous changes; try again');
        throw error;
      }
      await sleep(Math.random() * Math.min(100, 5 * attempt));
    }
  }
}

// ---------- items ----------

function lineOf(l: { description: string; quantity: number; unitPriceCents: number; vatRate: number }) {
  return { description: l.description.trim(), quantity: l.quantity, unitPriceCents: l.unitPriceCents, vatRate: l.vatRate };
}

function interventionOf(input: DocumentCreate['intervention'], technicianName: string | null): Intervention {
  return {
    start: input?.start ?? null,
    end: input?.end ?? null,
    technicianUserId: input?.technicianUserId ?? null,
    technicianName: input?.technicianUserId ? technicianName : null,
    description: clean(input?.description),
    report: clean(input?.report),
  };
}

function buildItem(
  orgId: string,
  clientId: string,
  documentId: string,
  input: DocumentCreate,
  meta: { number: string; version: number; createdAt: string; technicianName: string | null },
): DocumentItem {
  const lines = (input.lines ?? []).map(lineOf);
  const date = input.date ?? parisDate();
  return {
    ...documentKey(orgId, clientId, documentId),
    type: 'document',
    orgId,
    clientId,
    documentId,
    docType: input.type,
    number: meta.number,
    title: clean(input.title),
    date,
    addressId: input.addressId ?? null,
    contactId: input.contactId ?? null,
    lines,
    // Totals are always the server's, from the lines (shared/money.ts), never the caller's.
    totals: documentTotals(lines),
    intervention: input.type === 'intervention' ? interventionOf(input.intervention, meta.technicianName) : null,
    version: meta.version,
    createdAt: meta.createdAt,
    updatedAt: now(),
    gsi1pk: documentsByType(orgId, input.type),
    gsi1sk: `${date}#${documentId}`,
    lsi1sk: `${DOC_GROUP}${date}#${documentId}`,
  };
}

// ---------- verbs ----------

/**
 * One transaction: the counter moves, the document is written, the client's and the address's
 * documentCount go up (which also proves both exist), the contact is checked.
 */
export async function createDocument(orgId: string, clientId: string, input: DocumentCreate): Promise<Document> {
  const documentId = ulid();
  const createdAt = now();
  const year = parisDate().slice(0, 4);
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
  const counter = counterKey(orgId, input.type, year);
  const turn = `${counter.pk}|${counter.sk}`;
  let item: DocumentItem | undefined;
  let current = 0;
  const attempt = async (n: number) => {
    const known = n === 1 ? lastKnown.get(turn) : undefined;
    current = known ?? (await getItem<{ last?: number }>(counter))?.last ?? 0;
    item = buildItem(orgId, clientId, documentId, input, {
      number: formatNumber(input.type, year, current + 1),
      version: 1,
      createdAt,
      technicianName: refs.technicianName,
    });
    return {
      items: [
        {
          Update: {
            Key: counter,
            UpdateExpression: 'SET #last = :next',
            ConditionExpression: current === 0 ? 'attribute_not_exists(#last)' : '#last = :current',
            ExpressionAttributeNames: { '#last': 'last' },
            ExpressionAttributeValues: current === 0 ? { ':next': 1 } : { ':next': current + 1, ':current': current },
          },
        },
        {
          Update: {
            Key: clientKey(orgId, clientId),
            UpdateExpression: 'ADD documentCount :one',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':one': 1 },
          },
        },
        { Put: { Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
        ...refs.items,
      ] satisfies TransactItem[],
      failures: ['counter' as const, notFound('Client'), new AppError('conflict', 'Try again'), ...refs.failures],
    };
  };
  await inTurn(turn, async () => {
    await transactWithRetry(attempt);
    lastKnown.set(turn, current + 1);
  });
  return toDocument(item!);
}

async function getDocumentItem(orgId: string, clientId: string, documentId: string): Promise<DocumentItem> {
  const item = await getItem<DocumentItem>(documentKey(orgId, clientId, documentId));
  if (!item || item.type !== 'document') throw notFound('Document');
  return item;
}

export async function getDocument(orgId: string, clientId: string, documentId: string): Promise<Document> {
  return toDocument(await getDocumentItem(orgId, clientId, documentId));
}

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
    const parsed = documentCreate.safeParse({ ...merged, type: current.docType });
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
      number: current.number,
      version: current.version + 1,
      createdAt: current.createdAt,
      technicianName: refs.technicianName,
    });
    return {
      items: [
        { Put: { Item: result, ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': current.version } } },
        ...refs.items,
      ],
      // Changed meanwhile: with If-Match that is a 412; without, read again and apply the patch.
      failures: [
        ifMatch === undefined ? 'retry' : new AppError('precondition_failed', 'The document changed meanwhile; reload it and try again'),
        ...refs.failures,
      ],
    };
  });
  return toDocument(result!);
}

/**
 * Deletes a document that was never sent (a sent document stays, with its history), and gives back
 * its place in the client's and the address's documentCount. Its number is not reused.
 */
export async function deleteDocument(orgId: string, clientId: string, documentId: string, ifMatch?: number): Promise<void> {
  const current = await getDocumentItem(orgId, clientId, documentId);
  checkVersion(current.version, ifMatch);
  const history = await query({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :h)',
    ExpressionAttributeValues: { ':pk': current.pk, ':h': documentHistoryPrefix(documentId) },
    ProjectionExpression: 'pk, sk',
    Limit: 1,
  });
  if (history.items.length) throw new AppError('conflict', 'This document has been sent; it is kept with its send history');
  const decrement = (Key: Key): TransactItem => ({
    Update: {
      Key,
      UpdateExpression: 'ADD documentCount :minusOne',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':minusOne': -1 },
    },
  });
  await transact(
    [
      {
        Delete: {
          Key: documentKey(orgId, clientId, documentId),
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':v': current.version },
        },
      },
      decrement(clientKey(orgId, clientId)),
      ...(current.addressId ? [decrement(addressKey(orgId, clientId, current.addressId))] : []),
    ],
    (reasons) =>
      reasons[0] === 'ConditionalCheckFailed'
        ? new AppError('precondition_failed', 'The document changed meanwhile; reload it and try again')
        : new AppError('conflict', 'The client or the address changed meanwhile; try again'),
  );
}

const HIGH = '\uffff';
const isCursor = (v: unknown): v is { before: string } =>
  typeof v === 'object' && v !== null && typeof (v as { before?: unknown }).before === 'string';

/**
 * The organisation's documents of one type, newest first (gsi1, read backwards), optionally between
 * two dates; client names come in one BatchGet.
 */
export async function listDocuments(
  orgId: string,
  options: { type: DocumentType; from?: string; to?: string; limit?: number; cursor?: string },
): Promise<{ items: ListedDocument[]; nextCursor: string | null }> {
  const limit = options.limit ?? 50;
  const before = decodeCursor(options.cursor, isCursor)?.before;
  const lo = options.from ?? '0';
  let hi = options.to ? `${options.to}#${HIGH}` : HIGH;
  if (before && before < hi) hi = before;
  const { items } = await query<DocumentItem>({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :lo AND :hi',
    ExpressionAttributeValues: { ':pk': documentsByType(orgId, options.type), ':lo': lo, ':hi': hi },
    ScanIndexForward: false,
    Limit: limit + 1,
  });
  const found = items.filter((i) => i.gsi1sk !== before);
  const pageItems = found.slice(0, limit);
  const clients = pageItems.length
    ? await batchGet<ClientItem>([...new Set(pageItems.map((d) => d.clientId))].map((id) => clientKey(orgId, id)))
    : [];
  const names = new Map(clients.map((c) => [c.clientId, c.name]));
  const last = pageItems.at(-1);
  return {
    items: pageItems.map((d) => ({ ...toDocument(d), clientName: names.get(d.clientId) ?? '' })),
    nextCursor: last && found.length > limit ? encodeCursor({ before: last.gsi1sk }) : null,
  };
}

/** The client's documents (optionally of one type), newest first: lsi1 within the client's partition. */
export async function listClientDocuments(
  orgId: string,
  clientId: string,
  options: { type?: DocumentType; limit?: number; cursor?: string },
): Promise<{ items: Document[]; nextCursor: string | null }> {
  const limit = options.limit ?? 50;
  const before = decodeCursor(options.cursor, isCursor)?.before;
  const pk = clientPartition(orgId, clientId);
  const readPages = async () => {
    const found: DocumentItem[] = [];
    let start: Item | undefined;
    do {
      const page = await query<DocumentItem>({
        IndexName: 'lsi1',
        KeyConditionExpression: 'pk = :pk AND lsi1sk BETWEEN :lo AND :hi',
        ExpressionAttributeValues: {
          ':pk': pk,
          ':lo': DOC_GROUP,
          ':hi': before ?? `${DOC_GROUP}${HIGH}`,
          ...(options.type ? { ':t': options.type } : {}),
        },
        ...(options.type ? { FilterExpression: 'docType = :t' } : {}),
        ScanIndexForward: false,
        Limit: limit + 1,
        ExclusiveStartKey: start,
      });
      found.push(...page.items.filter((i) => i.lsi1sk !== before));
      start = page.lastKey;
    } while (start && found.length <= limit);
    return found;
  };
  // The client is read alongside: another organisation's (or a missing) client answers 404.
  const [client, found] = await Promise.all([getItem(clientKey(orgId, clientId), false), readPages()]);
  if (!client) throw notFound('Client');
  const pageItems = found.slice(0, limit);
  const last = pageItems.at(-1);
  return {
    items: pageItems.map(toDocument),
    nextCursor: last && found.length > limit ? encodeCursor({ before: last.lsi1sk }) : null,
  };
}

/**
 * A document with what its PDF and its recipients need, in two BatchGets: the document and the
 * client (plus `extra` keys the caller wants in the same request), then its address and contact.
 */
export interface DocumentBundle {
  document: DocumentItem;
  client: ClientItem;
  address: AddressItem | null;
  contact: ContactItem | null;
  extra: Item[];
}

export async function loadDocumentBundle(orgId: string, clientId: string, documentId: string, extra: Key[] = []): Promise<DocumentBundle> {
  const docKey = documentKey(orgId, clientId, documentId);
  const cKey = clientKey(orgId, clientId);
  const first = await batchGet<Item>([docKey, cKey, ...extra]);
  const same = (a: Item, k: Key) => a.pk === k.pk && a.sk === k.sk;
  const document = first.find((i) => same(i, docKey)) as DocumentItem | undefined;
  const client = first.find((i) => same(i, cKey)) as ClientItem | undefined;
  if (!document || document.type !== 'document' || !client) throw notFound('Document');
  const second: Key[] = [
    ...(document.addressId ? [addressKey(orgId, clientId, document.addressId)] : []),
    ...(document.contactId ? [contactKey(orgId, clientId, document.contactId)] : []),
  ];
  const related = second.length ? await batchGet<Item>(second) : [];
  return {
    document,
    client,
    address: (related.find((i) => i.type === 'address') as AddressItem | undefined) ?? null,
    // A contact deleted after the document was made reads as no contact.
    contact: (related.find((i) => i.type === 'contact') as ContactItem | undefined) ?? null,
    extra: first.filter((i) => !same(i, docKey) && !same(i, cKey)),
  };
}

/** The document's PDF and its file name (`F-2026-0001.pdf`). */
export async function renderBundlePdf(orgId: string, bundle: DocumentBundle): Promise<{ filename: string; pdf: Uint8Array }> {
  const organization = await getOrganization(orgId);
  const company = organization.settings.company;
  const doc = bundle.document;
  const pdf = await renderDocumentPdf({
    organizationName: organization.name,
    company,
    billTo: bundle.address ? { name: bundle.client.name, lines: addressLines(bundle.address) } : null,
    dueDate: doc.docType === 'invoice' && company.paymentTermsDays !== null ? dueDate(doc.date, company.paymentTermsDays) : null,
    validUntil: doc.docType === 'quote' ? dueDate(doc.date, QUOTE_VALIDITY_DAYS) : null,
    document: toDocument(bundle.document),
    client: { name: bundle.client.name, mainContact: bundle.client.mainContact },
    address: bundle.address,
    contact: bundle.contact,
  });
  return { filename: `${bundle.document.number}.pdf`, pdf };
}

/** How long a quote holds, printed on it ("Valable jusqu'au"). */
const QUOTE_VALIDITY_DAYS = 30;

const addressLines = (a: AddressItem) =>
  [a.line1, a.line2 ?? '', `${a.postalCode} ${a.city}`, a.country !== 'FR' ? a.country : ''].filter(Boolean);

export async function documentPdf(orgId: string, clientId: string, documentId: string) {
  return renderBundlePdf(orgId, await loadDocumentBundle(orgId, clientId, documentId));
}
