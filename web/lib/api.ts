/**
 * Long because it is the ONE API client: every read and write of the app, one line or two each.
 * The one client of the REST API, typed end to end from its routes (Hono RPC, `hc<AppType>`): a
 * path, a parameter, a body or an answer that the API does not have is a type error here.
 * Reads are router queries (cached, revalidated after every action); writes are plain functions
 * that routes wrap in actions. Only types come from functions/ and shared/: no zod in the bundle.
 */
import { query } from '@solidjs/router';
import { type ClientResponse, hc } from 'hono/client';
import type { AppType } from '../../functions/api/app';
import type { DisplayOptions } from '../../shared/display-options';
import type { MailTemplateInput, TemplateType } from '../../shared/templates';
import type {
  DocumentCreate,
  DocumentPatch,
  DocumentStatus,
  DocumentType,
  Document as CarnetDocument,
  SendCreate,
  SendStatus,
} from '../../shared/documents';
import type {
  AddressCreate,
  AddressPatch,
  ClientCreate,
  ClientPatch,
  ContactCreate,
  ContactPatch,
  EligibleContact,
  Role,
  SettingsPatch,
  UserCreate,
  UserPatch,
} from '../../shared/schemas';
import type { EndpointCreate, EndpointPatch, ReplayRequest } from '../../shared/webhooks';
import { accessToken, recoverFromUnauthorized } from './auth';
import { loadConfig } from './config';

// The records the screens show: the types the API's schemas infer (shared/).
export type {
  Address,
  ApiKey,
  Client,
  Contact,
  EligibleContact,
  Me,
  Overview,
  Page,
  Role,
  Settings,
  User,
} from '../../shared/schemas';
export type { SuppressedAddress } from '../../shared/suppressions';
export type { WebhookDelivery, WebhookEndpoint } from '../../shared/webhooks';
export type { DisplayOptions } from '../../shared/display-options';
export type { Company } from '../../shared/legal';
export type { MailTemplate, MailTemplateInput, TemplateType } from '../../shared/templates';
/** A document (named so as not to shadow the DOM's `Document`). */
export type { CarnetDocument, DocumentCreate, DocumentType, SendCreate };
export type { DocumentLine, Recipient, Recipients, Send } from '../../shared/documents';

// ---------- Transport ----------

export interface FieldError {
  path: string;
  message: string;
}

/** A refused request: the problem+json answer, or status 0 when the network failed. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly errors: FieldError[] = [],
    readonly reason?: string,
  ) {
    super(detail || code);
    this.name = 'ApiError';
  }
}

/** The If-Match value for a record's version (its ETag). */
export function etagOf(version: number): string {
  return `"${version}"`;
}

async function refusal(response: Response): Promise<ApiError> {
  const problem = (await response.json().catch(() => ({}))) as { code?: string; detail?: string; reason?: string; errors?: FieldError[] };
  return new ApiError(
    response.status,
    problem.code ?? `http_${response.status}`,
    problem.detail ?? '',
    problem.errors ?? [],
    problem.reason,
  );
}

/** fetch with the bearer token; a 401 refreshes the session and tries again; a refusal throws ApiError. */
async function authorizedFetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const headers = new Headers(init.headers);
    if (!headers.has('Accept')) headers.set('Accept', 'application/json');
    headers.set('Authorization', `Bearer ${await accessToken()}`);
    let response: Response;
    try {
      response = await fetch(input, { ...init, headers });
    } catch {
      throw new ApiError(0, 'network', '');
    }
    if (response.status === 401 && attempt < 2) {
      await recoverFromUnauthorized();
      continue;
    }
    if (!response.ok) throw await refusal(response);
    return response;
  }
}

const rpc = (apiUrl: string) => hc<AppType>(apiUrl, { fetch: authorizedFetch });
type Rpc = ReturnType<typeof rpc>;
let client: Rpc | undefined;

/** The success body of an answer, as its route declares it (errors never get here: they throw). */
type Body<R> = R extends ClientResponse<infer T, infer S, infer _F> ? (S extends 200 | 201 | 202 ? T : never) : never;

/** One call of the API: `request` picks the route on the typed client; the answer's body comes back. */
async function call<R extends ClientResponse<unknown, number, string>>(request: (api: Rpc) => Promise<R>): Promise<Body<R>> {
  client ??= rpc((await loadConfig()).apiUrl);
  const response = await request(client);
  return (response.status === 204 ? undefined : await response.json()) as Body<R>;
}

/** Path parameters, encoded (hc puts them into the URL as given). */
function ids<T extends Record<string, string>>(param: T): T {
  return Object.fromEntries(Object.entries(param).map(([key, value]) => [key, encodeURIComponent(value)])) as T;
}

const ifMatch = (version: number) => ({ headers: { 'If-Match': etagOf(version) } });
/** A list's query: the search and the cursor only when there is one. */
const listQuery = (q: string, cursor: string | null) => ({ q: q || undefined, cursor: cursor ?? undefined, limit: 25 });

// ---------- Reads ----------

export const getMe = query(() => call((api) => api.me.$get()), 'me');
export const getSettings = query(() => call((api) => api.settings.$get()), 'settings');
export const getMailTemplate = query(
  (type: TemplateType) => call((api) => api.settings.templates[':type'].$get({ param: { type } })),
  'mailTemplate',
);
export const listUsers = query(() => call((api) => api.users.$get()), 'users');
export const listApiKeys = query(() => call((api) => api['api-keys'].$get()), 'apiKeys');
export const listSuppressions = query(() => call((api) => api.suppressions.$get()), 'suppressions');
export const listWebhookEndpoints = query(() => call((api) => api['webhook-endpoints'].$get()), 'webhookEndpoints');
export const listWebhookDeliveries = query(
  (endpointId: string) =>
    call((api) => api['webhook-endpoints'][':endpointId'].deliveries.$get({ param: ids({ endpointId }), query: { limit: 50 } })),
  'webhookDeliveries',
);
export const getDisplayOptions = query(
  // The route's schema is built from the module list at run time: its shape is shared/'s.
  async () => (await call((api) => api.me['display-options'].$get())) as DisplayOptions,
  'displayOptions',
);

export const listClients = query(
  (q: string, cursor: string | null) => call((api) => api.clients.$get({ query: listQuery(q, cursor) })),
  'clients',
);
export const getOverview = query(
  (clientId: string) => call((api) => api.clients[':clientId'].overview.$get({ param: ids({ clientId }) })),
  'overview',
);
export const listDirectory = query(
  (q: string, cursor: string | null) => call((api) => api.contacts.$get({ query: listQuery(q, cursor) })),
  'directory',
);
export const listEligibleContacts = query(async (clientId: string, addressId: string) => {
  const param = ids({ clientId });
  const page = await call((api) => api.clients[':clientId'].contacts.$get({ param, query: { eligibleForAddress: addressId } }));
  // With eligibleForAddress the route answers only contacts that say why they are eligible.
  return { ...page, items: page.items.filter((c): c is EligibleContact => 'match' in c) };
}, 'eligibleContacts');
/** What the lists filter on: a document's status, and its latest send's ("never": not sent yet). */
export interface DocumentFilter {
  status?: DocumentStatus;
  sendStatus?: 'never' | SendStatus;
}
export const listDocuments = query(
  (type: DocumentType, cursor: string | null, filter: DocumentFilter = {}) =>
    call((api) => api.documents.$get({ query: { type, cursor: cursor ?? undefined, limit: 25, ...filter } })),
  'documents',
);
export const listClientDocuments = query(
  (clientId: string) => call((api) => api.clients[':clientId'].documents.$get({ param: ids({ clientId }), query: { limit: 100 } })),
  'clientDocuments',
);
/** The client's documents naming a contact: what deleting it affects (shown in the confirmation). */
export const listContactDocuments = query(
  (clientId: string, contactId: string) =>
    call((api) => api.clients[':clientId'].documents.$get({ param: ids({ clientId }), query: { contactId, limit: 100 } })),
  'contactDocuments',
);
export const getDocument = query(
  (clientId: string, documentId: string) =>
    call((api) => api.clients[':clientId'].documents[':documentId'].$get({ param: ids({ clientId, documentId }) })),
  'document',
);
export const getRecipients = query(
  (clientId: string, documentId: string) =>
    call((api) => api.clients[':clientId'].documents[':documentId'].recipients.$get({ param: ids({ clientId, documentId }) })),
  'recipients',
);
export const listSends = query(
  (clientId: string, documentId: string) =>
    call((api) => api.clients[':clientId'].documents[':documentId'].sends.$get({ param: ids({ clientId, documentId }) })),
  'sends',
);

/** The document's PDF, fetched with the bearer token (an <iframe> cannot send it). */
export async function fetchPdf(clientId: string, documentId: string): Promise<Blob> {
  client ??= rpc((await loadConfig()).apiUrl);
  const pdf = client.clients[':clientId'].documents[':documentId'].pdf;
  return (await pdf.$get({ param: ids({ clientId, documentId }) }, { headers: { Accept: 'application/pdf' } })).blob();
}

// ---------- Writes ----------

export const api = {
  patchSettings: (patch: SettingsPatch) => call((api) => api.settings.$patch({ json: patch })),
  saveMailTemplate: (type: TemplateType, input: MailTemplateInput) =>
    call((api) => api.settings.templates[':type'].$put({ param: { type }, json: input })),
  putDisplayOptions: (options: DisplayOptions) => call((api) => api.me['display-options'].$put({ json: options })),

  inviteUser: (input: UserCreate) => call((api) => api.users.$post({ json: input })),
  patchUser: (userId: string, patch: UserPatch) => call((api) => api.users[':userId'].$patch({ param: ids({ userId }), json: patch })),
  disableUser: (userId: string) => call((api) => api.users[':userId'].$delete({ param: ids({ userId }) })),

  createApiKey: (input: { name: string; role?: Role }) => call((api) => api['api-keys'].$post({ json: input })),
  revokeApiKey: (keyId: string) => call((api) => api['api-keys'][':keyId'].$delete({ param: ids({ keyId }) })),
  createWebhookEndpoint: (input: EndpointCreate) => call((api) => api['webhook-endpoints'].$post({ json: input })),
  patchWebhookEndpoint: (endpointId: string, patch: EndpointPatch) =>
    call((api) => api['webhook-endpoints'][':endpointId'].$patch({ param: ids({ endpointId }), json: patch })),
  deleteWebhookEndpoint: (endpointId: string) =>
    call((api) => api['webhook-endpoints'][':endpointId'].$delete({ param: ids({ endpointId }) })),
  rotateWebhookSecret: (endpointId: string) =>
    call((api) => api['webhook-endpoints'][':endpointId']['rotate-secret'].$post({ param: ids({ endpointId }) })),
  testWebhookEndpoint: (endpointId: string) =>
    call((api) => api['webhook-endpoints'][':endpointId'].test.$post({ param: ids({ endpointId }) })),
  replayWebhookEvents: (endpointId: string, request: ReplayRequest) =>
    call((api) => api['webhook-endpoints'][':endpointId'].replay.$post({ param: ids({ endpointId }), json: request })),
  liftSuppression: (email: string) => call((api) => api.suppressions[':email'].$delete({ param: ids({ email }) })),

  createClient: (input: ClientCreate) => call((api) => api.clients.$post({ json: input })),
  patchClient: (clientId: string, version: number, patch: ClientPatch) =>
    call((api) => api.clients[':clientId'].$patch({ param: ids({ clientId }), json: patch }, ifMatch(version))),
  deleteClient: (clientId: string, version: number) =>
    call((api) => api.clients[':clientId'].$delete({ param: ids({ clientId }) }, ifMatch(version))),

  createAddress: (clientId: string, input: AddressCreate) =>
    call((api) => api.clients[':clientId'].addresses.$post({ param: ids({ clientId }), json: input })),
  patchAddress: (clientId: string, addressId: string, version: number, patch: AddressPatch) =>
    call((api) =>
      api.clients[':clientId'].addresses[':addressId'].$patch({ param: ids({ clientId, addressId }), json: patch }, ifMatch(version)),
    ),
  deleteAddress: (clientId: string, addressId: string, version: number) =>
    call((api) => api.clients[':clientId'].addresses[':addressId'].$delete({ param: ids({ clientId, addressId }) }, ifMatch(version))),

  createContact: (clientId: string, input: ContactCreate) =>
    call((api) => api.clients[':clientId'].contacts.$post({ param: ids({ clientId }), json: input })),
  patchContact: (clientId: string, contactId: string, version: number, patch: ContactPatch) =>
    call((api) =>
      api.clients[':clientId'].contacts[':contactId'].$patch({ param: ids({ clientId, contactId }), json: patch }, ifMatch(version)),
    ),
  deleteContact: (clientId: string, contactId: string, version: number) =>
    call((api) => api.clients[':clientId'].contacts[':contactId'].$delete({ param: ids({ clientId, contactId }) }, ifMatch(version))),

  createDocument: (clientId: string, input: DocumentCreate) =>
    call((api) => api.clients[':clientId'].documents.$post({ param: ids({ clientId }), json: input })),
  patchDocument: (clientId: string, documentId: string, version: number, patch: DocumentPatch) =>
    call((api) =>
      api.clients[':clientId'].documents[':documentId'].$patch({ param: ids({ clientId, documentId }), json: patch }, ifMatch(version)),
    ),
  deleteDocument: (clientId: string, documentId: string, version: number) =>
    call((api) => api.clients[':clientId'].documents[':documentId'].$delete({ param: ids({ clientId, documentId }) }, ifMatch(version))),

  issueDocument: (clientId: string, documentId: string) =>
    call((api) => api.clients[':clientId'].documents[':documentId'].issue.$post({ param: ids({ clientId, documentId }) })),
  acceptQuote: (clientId: string, documentId: string) =>
    call((api) => api.clients[':clientId'].documents[':documentId'].accept.$post({ param: ids({ clientId, documentId }) })),
  refuseQuote: (clientId: string, documentId: string) =>
    call((api) => api.clients[':clientId'].documents[':documentId'].refuse.$post({ param: ids({ clientId, documentId }) })),
  invoiceFromQuote: (clientId: string, documentId: string) =>
    call((api) => api.clients[':clientId'].documents[':documentId'].invoice.$post({ param: ids({ clientId, documentId }) })),
  createCreditNote: (clientId: string, documentId: string) =>
    call((api) => api.clients[':clientId'].documents[':documentId']['credit-note'].$post({ param: ids({ clientId, documentId }) })),
  previewSend: (clientId: string, documentId: string, request: SendCreate) =>
    call((api) =>
      api.clients[':clientId'].documents[':documentId'].sends.preview.$post({ param: ids({ clientId, documentId }), json: request }),
    ),

  send: (clientId: string, documentId: string, request: SendCreate, idempotencyKey: string) =>
    call((api) =>
      api.clients[':clientId'].documents[':documentId'].sends.$post({
        param: ids({ clientId, documentId }),
        header: { 'idempotency-key': idempotencyKey },
        json: request,
      }),
    ),
};
