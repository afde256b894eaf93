/**
 * The one typed client of the REST API (/work/shared/API.md). Reads are router queries (cached,
 * revalidated after every action); writes are plain functions that routes wrap in actions.
 * Types come from shared/ as types only, so zod never enters the bundle.
 */
import { query } from '@solidjs/router';
import type {
  Address,
  AddressCreate,
  AddressPatch,
  ApiKey,
  Client,
  ClientCreate,
  ClientPatch,
  Contact,
  ContactCreate,
  ContactPatch,
  DirectoryContact,
  EligibleContact,
  Me,
  Overview,
  Page,
  Role,
  Settings,
  SettingsPatch,
  User,
  UserCreate,
  UserPatch,
} from '../../shared/schemas';
import type { DisplayOptions } from '../../shared/display-options';
import type {
  Document,
  DocumentCreate,
  DocumentLine,
  DocumentPatch,
  DocumentType,
  Intervention,
  ListedDocument,
  Recipient,
  RecipientKind,
  Recipients,
  Send,
  SendCreate,
  SendStatus,
} from '../../shared/documents';
import type { SuppressedAddress } from '../../shared/suppressions';
import { accessToken, recoverFromUnauthorized } from './auth';
import { loadConfig } from './config';

export type {
  Address,
  ApiKey,
  Client,
  Contact,
  DirectoryContact,
  EligibleContact,
  Me,
  Overview,
  Page,
  Role,
  Settings,
  User,
  DisplayOptions,
  DocumentLine,
  DocumentType,
  Intervention,
  ListedDocument,
  Recipient,
  RecipientKind,
  Recipients,
  Send,
  SendStatus,
  SuppressedAddress,
};

// ---------- Documents and sends (shared/documents.ts) ----------

/** A document; in the lists across clients it also carries `clientName`. */
export type CarnetDocument = Document & { clientName?: string };
export type DocumentInput = DocumentCreate;
export type SendRequest = SendCreate;

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

interface CallOptions {
  body?: unknown;
  version?: number;
  headers?: Record<string, string>;
  blob?: boolean;
}

/** The If-Match value for a record's version (its ETag). */
export function etagOf(version: number): string {
  return `"${version}"`;
}

async function call<T>(method: string, path: string, options: CallOptions = {}): Promise<T> {
  const { apiUrl } = await loadConfig();
  for (let attempt = 0; ; attempt++) {
    const headers: Record<string, string> = {
      Accept: options.blob ? 'application/pdf' : 'application/json',
      Authorization: `Bearer ${await accessToken()}`,
      ...options.headers,
    };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (options.version !== undefined) headers['If-Match'] = etagOf(options.version);
    let response: Response;
    try {
      response = await fetch(apiUrl + path, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
    } catch {
      throw new ApiError(0, 'network', '');
    }
    if (response.status === 401 && attempt < 2) {
      await recoverFromUnauthorized();
      continue;
    }
    if (!response.ok) {
      const problem = (await response.json().catch(() => ({}))) as {
        code?: string;
        detail?: string;
        reason?: string;
        errors?: FieldError[];
      };
      throw new ApiError(
        response.status,
        problem.code ?? 'http_' + response.status,
        problem.detail ?? '',
        problem.errors ?? [],
        problem.reason,
      );
    }
    if (options.blob) return (await response.blob()) as T;
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }
}

function qs(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

const enc = encodeURIComponent;
const clientPath = (clientId: string) => `/clients/${enc(clientId)}`;
const documentPath = (clientId: string, documentId: string) => `${clientPath(clientId)}/documents/${enc(documentId)}`;

// ---------- Reads ----------

export const getMe = query(() => call<Me>('GET', '/me'), 'me');
export const getSettings = query(() => call<Settings>('GET', '/settings'), 'settings');
export const listUsers = query(() => call<Page<User>>('GET', '/users'), 'users');
export const listApiKeys = query(() => call<Page<ApiKey>>('GET', '/api-keys'), 'apiKeys');
export const listSuppressions = query(() => call<{ items: SuppressedAddress[] }>('GET', '/suppressions'), 'suppressions');
export const getDisplayOptions = query(() => call<DisplayOptions>('GET', '/me/display-options'), 'displayOptions');

export const listClients = query(
  (q: string, cursor: string | null) => call<Page<Client>>('GET', `/clients${qs({ q, cursor, limit: 25 })}`),
  'clients',
);
export const getOverview = query((clientId: string) => call<Overview>('GET', `${clientPath(clientId)}/overview`), 'overview');
export const listDirectory = query(
  (q: string, cursor: string | null) => call<Page<DirectoryContact>>('GET', `/contacts${qs({ q, cursor, limit: 25 })}`),
  'directory',
);
export const listEligibleContacts = query(
  (clientId: string, addressId: string) =>
    call<Page<EligibleContact>>('GET', `${clientPath(clientId)}/contacts${qs({ eligibleForAddress: addressId })}`),
  'eligibleContacts',
);
export const listDocuments = query(
  (type: DocumentType, cursor: string | null) => call<Page<ListedDocument>>('GET', `/documents${qs({ type, cursor, limit: 25 })}`),
  'documents',
);
export const listClientDocuments = query(
  (clientId: string) => call<Page<CarnetDocument>>('GET', `${clientPath(clientId)}/documents${qs({ limit: 100 })}`),
  'clientDocuments',
);
export const getDocument = query(
  (clientId: string, documentId: string) => call<CarnetDocument>('GET', documentPath(clientId, documentId)),
  'document',
);
export const getRecipients = query(
  (clientId: string, documentId: string) => call<Recipients>('GET', `${documentPath(clientId, documentId)}/recipients`),
  'recipients',
);
export const listSends = query(
  (clientId: string, documentId: string) => call<{ items: Send[] }>('GET', `${documentPath(clientId, documentId)}/sends`),
  'sends',
);

/** The document's PDF, fetched with the bearer token (an <iframe> cannot send it). */
export function fetchPdf(clientId: string, documentId: string): Promise<Blob> {
  return call<Blob>('GET', `${documentPath(clientId, documentId)}/pdf`, { blob: true });
}

// ---------- Writes ----------

export const api = {
  patchSettings: (patch: SettingsPatch) => call<Settings>('PATCH', '/settings', { body: patch }),
  putDisplayOptions: (options: DisplayOptions) => call<DisplayOptions>('PUT', '/me/display-options', { body: options }),

  inviteUser: (input: UserCreate) => call<User & { temporaryPassword: string }>('POST', '/users', { body: input }),
  patchUser: (userId: string, patch: UserPatch) => call<User>('PATCH', `/users/${enc(userId)}`, { body: patch }),
  disableUser: (userId: string) => call<void>('DELETE', `/users/${enc(userId)}`),

  createApiKey: (input: { name: string; role?: Role }) => call<ApiKey & { secret: string }>('POST', '/api-keys', { body: input }),
  revokeApiKey: (keyId: string) => call<void>('DELETE', `/api-keys/${enc(keyId)}`),
  liftSuppression: (email: string) => call<void>('DELETE', `/suppressions/${enc(email)}`),

  createClient: (input: ClientCreate) => call<Client>('POST', '/clients', { body: input }),
  patchClient: (clientId: string, version: number, patch: ClientPatch) =>
    call<Client>('PATCH', clientPath(clientId), { body: patch, version }),
  deleteClient: (clientId: string, version: number) => call<void>('DELETE', clientPath(clientId), { version }),

  createAddress: (clientId: string, input: AddressCreate) => call<Address>('POST', `${clientPath(clientId)}/addresses`, { body: input }),
  patchAddress: (clientId: string, addressId: string, version: number, patch: AddressPatch) =>
    call<Address>('PATCH', `${clientPath(clientId)}/addresses/${enc(addressId)}`, { body: patch, version }),
  deleteAddress: (clientId: string, addressId: string, version: number) =>
    call<void>('DELETE', `${clientPath(clientId)}/addresses/${enc(addressId)}`, { version }),

  createContact: (clientId: string, input: ContactCreate) => call<Contact>('POST', `${clientPath(clientId)}/contacts`, { body: input }),
  patchContact: (clientId: string, contactId: string, version: number, patch: ContactPatch) =>
    call<Contact>('PATCH', `${clientPath(clientId)}/contacts/${enc(contactId)}`, { body: patch, version }),
  deleteContact: (clientId: string, contactId: string, version: number) =>
    call<void>('DELETE', `${clientPath(clientId)}/contacts/${enc(contactId)}`, { version }),

  createDocument: (clientId: string, input: DocumentInput) =>
    call<CarnetDocument>('POST', `${clientPath(clientId)}/documents`, { body: input }),
  patchDocument: (clientId: string, documentId: string, version: number, patch: DocumentPatch) =>
    call<CarnetDocument>('PATCH', documentPath(clientId, documentId), { body: patch, version }),
  deleteDocument: (clientId: string, documentId: string, version: number) =>
    call<void>('DELETE', documentPath(clientId, documentId), { version }),

  send: (clientId: string, documentId: string, request: SendRequest, idempotencyKey: string) =>
    call<Send>('POST', `${documentPath(clientId, documentId)}/sends`, {
      body: request,
      headers: { 'Idempotency-Key': idempotencyKey },
    }),
};
