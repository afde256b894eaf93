// Long because it names every component schema of the OpenAPI document with its example, one after the other: a catalogue, not logic.
import { extendZodWithOpenApi } from '@hono/zod-openapi';
import { z } from 'zod';
import { displayModules, displayOptionDefaults } from '../../shared/display-options';
import * as doc from '../../shared/documents';
import * as s from '../../shared/schemas';
import * as sup from '../../shared/suppressions';

/**
 * The shared zod schemas under their names in the OpenAPI document (`components.schemas`), with
 * examples. Same validation, same types: `.openapi(name)` only adds the name. Records that contain
 * others (the overview, pages) are rebuilt over the named ones so the document refers to them.
 */

// zod copies `.openapi()` onto each schema when it is built: the shared schemas, built before
// @hono/zod-openapi may have been imported (and with a `zod` that vitest may load apart from
// its), need not have it. Call it from the extended prototype instead.
extendZodWithOpenApi(z);
type OpenApiArgs = [refIdOrMetadata: string | Record<string, unknown>, metadata?: Record<string, unknown>];
const openapiMethod = z.ZodType.prototype.openapi as unknown as (this: z.ZodType, ...args: OpenApiArgs) => z.ZodType;

/** `schema.openapi(...)`, whenever and wherever the schema was built. */
export function withOpenApi<T extends z.ZodType>(schema: T, ...args: OpenApiArgs): T {
  return openapiMethod.apply(schema, args) as T;
}

const ID = '01JD3Z8Q2X4V6B8N0M2K4H6G8F';
const CLIENT_ID = '01JD3Z7K5R1T3W5Y7A9C1E3G5J';
const AT = '2026-03-14T09:30:00.000Z';

// ---------- errors ----------

export const Problem = withOpenApi(s.problem, 'Problem', {
  description: 'An RFC 9457 problem: every error answer has this shape, as `application/problem+json`.',
  example: {
    type: 'https://carnet.dev/problems/invalid_request',
    title: 'Invalid request',
    status: 400,
    code: 'invalid_request',
    detail: 'mainContact.email: is not a valid email address',
    errors: [{ path: 'mainContact.email', message: 'is not a valid email address' }],
  },
});

// ---------- clients ----------

export const Client = withOpenApi(s.client, 'Client', {
  description: 'A client (company or individual) with its main contact.',
  example: {
    id: CLIENT_ID,
    name: 'Syndic Les Tilleuls',
    kind: 'company',
    reference: 'ERP-00042',
    mainContact: {
      civility: 'mrs',
      firstName: 'Claire',
      lastName: 'Martin',
      email: 'claire.martin@tilleuls.fr',
      phone: '04 91 23 45 67',
      phoneE164: '+33491234567',
      mobile: null,
      mobileE164: null,
      fax: null,
      faxE164: null,
    },
    notes: null,
    archived: false,
    version: 1,
    createdAt: AT,
    updatedAt: AT,
  },
});
export const ClientCreate = withOpenApi(s.clientCreate, 'ClientCreate', {
  description: 'A new client; only `name` and `kind` are required.',
  example: {
    name: 'Syndic Les Tilleuls',
    kind: 'company',
    reference: 'ERP-00042',
    mainContact: { lastName: 'Martin', email: 'claire.martin@tilleuls.fr' },
  },
});
export const ClientPatch = withOpenApi(s.clientPatch, 'ClientPatch', {
  description: 'A JSON merge patch of a client’s writable fields (`null` empties a field).',
  example: { archived: true },
});

// ---------- addresses ----------

export const Address = withOpenApi(s.address, 'Address', {
  description: 'An address (site) of a client, with its site contact.',
  example: {
    id: ID,
    clientId: CLIENT_ID,
    label: 'Résidence Les Tilleuls',
    line1: '12 rue des Tilleuls',
    line2: null,
    postalCode: '13008',
    city: 'Marseille',
    country: 'FR',
    siteContact: {
      firstName: 'Paul',
      lastName: 'Roux',
      email: null,
      phone: '06 12 34 56 78',
      phoneE164: '+33612345678',
      info: 'Gardien, loge au rez-de-chaussée',
    },
    notes: null,
    version: 1,
    createdAt: AT,
    updatedAt: AT,
  },
});
export const AddressCreate = withOpenApi(s.addressCreate, 'AddressCreate', {
  description: 'A new address; `label`, `line1`, `postalCode` and `city` are required.',
  example: { label: 'Résidence Les Tilleuls', line1: '12 rue des Tilleuls', postalCode: '13008', city: 'Marseille' },
});
export const AddressPatch = withOpenApi(s.addressPatch, 'AddressPatch', {
  description: 'A JSON merge patch of an address’s writable fields.',
  example: { line2: 'Bâtiment B' },
});

// ---------- secondary contacts ----------

const contactExample = {
  id: ID,
  clientId: CLIENT_ID,
  civility: 'mr' as const,
  firstName: 'Julien',
  lastName: 'Roux',
  jobTitle: 'Responsable technique',
  email: 'julien.roux@tilleuls.fr',
  phone: null,
  phoneE164: null,
  mobile: '06 98 76 54 32',
  mobileE164: '+33698765432',
  addressId: null,
  notes: null,
  version: 1,
  createdAt: AT,
  updatedAt: AT,
};
export const Contact = withOpenApi(s.contact, 'Contact', {
  description: 'A secondary contact of a client; `addressId` ties it to one of the client’s addresses.',
  example: contactExample,
});
export const ContactCreate = withOpenApi(s.contactCreate, 'ContactCreate', {
  description: 'A new secondary contact; a first name or a last name is required.',
  example: { firstName: 'Julien', lastName: 'Roux', email: 'julien.roux@tilleuls.fr' },
});
export const ContactPatch = withOpenApi(s.contactPatch, 'ContactPatch', {
  description: 'A JSON merge patch of a contact’s writable fields.',
  example: { jobTitle: 'Gestionnaire' },
});
export const DirectoryContact = withOpenApi(s.directoryContact, 'DirectoryContact', {
  description: 'A secondary contact in the directory, with its client’s name.',
  example: { ...contactExample, clientName: 'Syndic Les Tilleuls' },
});
export const EligibleContact = withOpenApi(s.eligibleContact, 'EligibleContact', {
  description: 'A contact offered for an intervention: at that address (`address`) or without address (`no_address`).',
  example: { ...contactExample, match: 'no_address' },
});

export const Overview = withOpenApi(
  s.overview.extend({ client: Client, addresses: z.array(Address), contacts: z.array(Contact) }),
  'Overview',
  {
    description: 'A client with its addresses and secondary contacts.',
  },
);

// ---------- documents ----------

export const Document = withOpenApi(doc.document, 'Document', {
  description: 'An invoice, a quote or an intervention; its number and totals are the server’s.',
  example: {
    id: ID,
    clientId: CLIENT_ID,
    type: 'invoice',
    number: 'F-2026-0001',
    status: 'issued',
    issuedAt: AT,
    dueDate: '2026-04-13',
    validUntil: null,
    creditedDocumentId: null,
    creditedNumber: null,
    quoteId: null,
    invoiceId: null,
    sendStatus: 'delivered',
    title: 'Entretien chaudière',
    date: '2026-03-14',
    addressId: null,
    contactId: null,
    lines: [{ description: 'Entretien annuel', quantity: 1, unitPriceCents: 12000, vatRate: 20 }],
    totals: { netCents: 12000, vatCents: 2400, grossCents: 14400 },
    intervention: null,
    version: 1,
    createdAt: AT,
    updatedAt: AT,
  },
});
export const DocumentCreate = withOpenApi(doc.documentCreate, 'DocumentCreate', {
  description: 'A new document; an intervention needs its address.',
  example: { type: 'invoice', lines: [{ description: 'Entretien annuel', quantity: 1, unitPriceCents: 12000, vatRate: 20 }] },
});
export const DocumentPatch = withOpenApi(doc.documentPatch, 'DocumentPatch', {
  description: 'A JSON merge patch of a document’s writable fields (not its type or number).',
  example: { title: 'Entretien chaudière 2026' },
});
export const ListedDocument = withOpenApi(doc.listedDocument, 'ListedDocument', {
  description: 'A document in the organisation-wide list, with its client’s name.',
});

export const Recipient = withOpenApi(doc.recipient, 'Recipient', {
  description: 'Someone a document can be sent to, available or with the reason why not.',
  example: { kind: 'main', contactId: null, name: 'Claire Martin', email: 'claire.martin@tilleuls.fr', available: true, reason: null },
});
export const Recipients = withOpenApi(
  doc.recipients.extend({
    mainContact: Recipient,
    addressContact: Recipient,
    documentContact: Recipient.nullable(),
    contacts: z.array(Recipient),
    self: Recipient.nullable(),
  }),
  'Recipients',
  { description: 'Who the document can be sent to.' },
);

export const SendCreate = withOpenApi(doc.sendCreate, 'SendCreate', {
  description: 'Recipients named by kind (never raw addresses), an optional subject and message.',
  example: {
    to: [{ kind: 'main' }],
    cc: [{ kind: 'contact', contactId: ID }],
    message: 'Bonjour, veuillez trouver ci-joint votre facture.',
  },
});
export const Send = withOpenApi(doc.send, 'Send', {
  description: 'One send of a document by email, with its SES events.',
  example: {
    id: ID,
    documentId: ID,
    clientId: CLIENT_ID,
    to: [{ kind: 'main', contactId: null, name: 'Claire Martin', email: 'claire.martin@tilleuls.fr' }],
    cc: [],
    subject: 'Facture F-2026-0001',
    sentBy: { userId: null, apiKeyId: ID, name: 'ERP' },
    createdAt: AT,
    status: 'delivered',
    messageId: '0102018e2a4b6c8d-example-000000',
    error: null,
    attachmentSha256: '9f2c1e0b7a5d3c8e4f6a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e',
    events: [{ type: 'Delivery', at: AT, email: 'claire.martin@tilleuls.fr', detail: null }],
  },
});

export const SendPreview = withOpenApi(doc.sendPreview, 'SendPreview', {
  description: 'The mail of a send exactly as its recipients would get it: subject, text, HTML, who.',
});

// ---------- organisation ----------

export const Me = withOpenApi(s.me, 'Me', { description: 'The caller, their organisation and its modules.' });
export const Settings = withOpenApi(s.settings, 'Settings', {
  description: 'The organisation’s modules, sender and legal profile.',
});
export const SettingsPatch = withOpenApi(s.settingsPatch, 'SettingsPatch', {
  description: 'Modules to switch and the sender to set.',
  example: { modules: { secondaryContacts: false } },
});
export const User = withOpenApi(s.user, 'User', { description: 'A user of the organisation.' });
export const UserCreate = withOpenApi(s.userCreate, 'UserCreate', {
  description: 'A user to invite.',
  example: { email: 'lea.dupont@dupont.fr', firstName: 'Léa', role: 'member' },
});
export const UserPatch = withOpenApi(s.userPatch, 'UserPatch', { description: 'Names, role or status to change.' });
export const UserCreated = withOpenApi(s.userCreated, 'UserCreated', {
  description: 'The invited user and their temporary password, shown once.',
});
export const ApiKey = withOpenApi(s.apiKey, 'ApiKey', { description: 'An API key, without its secret.' });
export const ApiKeyCreate = withOpenApi(s.apiKeyCreate, 'ApiKeyCreate', {
  description: 'A key to create.',
  example: { name: 'ERP', role: 'member' },
});
export const ApiKeyCreated = withOpenApi(s.apiKeyCreated, 'ApiKeyCreated', {
  description: 'The new key with its secret `ck_…`, shown once.',
});

export const DisplayOptions = withOpenApi(
  z.strictObject(
    Object.fromEntries(
      displayModules.map((m) => [
        m,
        z.strictObject(Object.fromEntries(Object.keys(displayOptionDefaults[m]).map((f) => [f, z.boolean().optional()]))).optional(),
      ]),
    ),
  ),
  'DisplayOptions',
  { description: 'Per module, the optional fields shown (`true`) or hidden (`false`).' },
);

export const SuppressionList = withOpenApi(
  sup.suppressionList.extend({
    items: z.array(withOpenApi(sup.suppression, 'Suppression', { description: 'An address no longer sent to.' })),
  }),
  'SuppressionList',
  { description: 'Suppressed addresses, most recent first.' },
);

// ---------- lists ----------

/** A page of a list, under its own name. */
export const pageOf = <T extends z.ZodType>(item: T, name: string) =>
  withOpenApi(s.page(item), name, { description: 'A page: follow `nextCursor` (null on the last page) with `?cursor=`.' });
