// Long because it is the one place every operation's OpenAPI shape is defined (tags, problems, headers, security): split, routes would each redefine a part.
import { createRoute, OpenAPIHono, type RouteConfig, z } from '@hono/zod-openapi';
import { createMiddleware } from 'hono/factory';
import { AppError } from '../lib/errors';
import { validationError } from '../lib/validation';
import type { AppEnv } from './context';
import { Problem } from './schemas';

/**
 * How every operation of the OpenAPI document is declared: an operationId, one tag, a description,
 * the bearer scheme, and the problem+json answers it may give with the headers they carry. The
 * lint of the served document (test/integration/openapi-lint.test.ts) holds the routes to it.
 */

/** A sub-app whose validation failures become 400 problem+json naming each field. */
export function router() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error, result.target === 'json' ? 'body' : result.target);
    },
  });
}

// ---------- tags ----------

export const TAGS = {
  Me: 'The caller: who they are, their organisation, their display options.',
  Settings: 'The organisation’s settings: modules, sender name and reply-to.',
  Users: 'The organisation’s users (employees who sign in). Administrators only.',
  'API keys': 'Keys for integrations (`ck_…`), each with a role. Administrators only.',
  Clients: 'Clients (companies or individuals) with their main contact.',
  Addresses: 'A client’s addresses (sites), each with its site contact.',
  Contacts: 'Secondary contacts of a client (module “Suivi client”), optionally tied to an address.',
  Documents: 'Invoices, quotes and interventions of a client, and their PDF.',
  Sends: 'Sending a document’s PDF by email, and the history of its sends with their SES events.',
  Suppressions: 'Addresses that bounced hard or complained and are no longer sent to.',
  Events: 'Every change of a client, address, contact, document or send, kept 30 days (docs/webhooks.md).',
  Webhooks: 'Endpoints that receive the events, signed per Standard Webhooks 1.0. Administrators only.',
  Documentation: 'This OpenAPI document and its reference page (public).',
} as const;
export type Tag = keyof typeof TAGS;

// ---------- headers (components.headers) ----------

const HEADERS = {
  ETag: {
    description: 'The record’s version, quoted: send it back in `If-Match` to update or delete only that version.',
    schema: { type: 'string' as const },
    example: '"3"',
  },
  Location: {
    description: 'The URL of the record just created (GET it to read the record).',
    schema: { type: 'string' as const },
    example: '/api/v1/clients/01JD3Z8Q2X4V6B8N0M2K4H6G8F',
  },
  'X-Request-Id': {
    description: 'The request’s id (a valid incoming `X-Request-Id` is echoed): quote it when reporting a problem.',
    schema: { type: 'string' as const },
    example: '01JD3Z8Q2X4V6B8N0M2K4H6G8F',
  },
  'Retry-After': {
    description: 'Seconds to wait before trying again.',
    schema: { type: 'integer' as const, minimum: 0 },
    example: 5,
  },
  'Idempotent-Replayed': {
    description: '`true` when this answer is the stored answer to an earlier request with the same `Idempotency-Key`.',
    schema: { type: 'string' as const, enum: ['true'] },
    example: 'true',
  },
};
type HeaderName = keyof typeof HEADERS;
const headerRef = (name: HeaderName) => ({ $ref: `#/components/headers/${name}` });
const headers = (...names: HeaderName[]) => Object.fromEntries(['X-Request-Id' as const, ...names].map((n) => [n, headerRef(n)]));

/** Components every document carries: the bearer scheme and the headers. */
export function registerComponents(registry: OpenAPIHono['openAPIRegistry']) {
  registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description:
      'A Cognito access (or id) token of a signed-in user, or an API key `ck_…` created by an administrator. The organisation and the role come from the credential alone.',
  });
  registry.register('Problem', Problem);
  registry.registerComponent('parameters', 'IfMatch', IF_MATCH);
  for (const [name, header] of Object.entries(HEADERS)) registry.registerComponent('headers', name, header);
  for (const [status, name] of Object.entries(SHARED)) {
    const schema = { $ref: '#/components/schemas/Problem' };
    registry.registerComponent('responses', name, problemResponse(Number(status) as SharedStatus, schema));
  }
}

// ---------- request headers ----------

/**
 * `If-Match`, documented as a plain parameter rather than validated: the typed web client
 * (`hc<AppType>`) would otherwise require a header object on every change.
 */
export const ifMatch = { $ref: '#/components/parameters/IfMatch' };
const IF_MATCH = {
  name: 'If-Match',
  in: 'header' as const,
  required: false,
  description: 'The `ETag` last read: the change is made only if the record is still at that version (else 412).',
  schema: { type: 'string' as const, maxLength: 100 },
  example: '"3"',
};

// ---------- answers ----------

type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 412 | 413 | 422 | 429 | 502 | 503;

const PROBLEMS: Record<ProblemStatus, { code: string; title: string; description: string; detail: string }> = {
  400: {
    code: 'invalid_request',
    title: 'Invalid request',
    description: 'Invalid request: bad JSON, a schema violation or an unknown field; `errors` names each field.',
    detail: 'mainContact.email: is not a valid email address',
  },
  401: {
    code: 'unauthorized',
    title: 'Unauthorized',
    description: 'No credential, or an expired, revoked or unknown one.',
    detail: 'Send a credential: Authorization: Bearer <token or API key>',
  },
  403: {
    code: 'forbidden',
    title: 'Forbidden',
    description: 'The credential is valid but its role may not do this (administrators only).',
    detail: 'Only an administrator can do this',
  },
  404: {
    code: 'not_found',
    title: 'Not found',
    description: 'No such record; a record of another organisation answers the same.',
    detail: 'Client not found',
  },
  409: {
    code: 'conflict',
    title: 'Conflict',
    description: 'Conflict with the record’s current state.',
    detail: 'The client has documents',
  },
  412: {
    code: 'precondition_failed',
    title: 'Precondition failed',
    description: '`If-Match` names a version that is no longer the current one: read the record again.',
    detail: 'The record changed meanwhile; reload it',
  },
  413: {
    code: 'payload_too_large',
    title: 'Payload too large',
    description: 'The body is larger than 256 KiB.',
    detail: 'The request body is larger than 256 KiB',
  },
  422: {
    code: 'unprocessable',
    title: 'Unprocessable',
    description: 'A domain rule refused the request (`reason` says which).',
    detail: 'addressId: is not an address of this client',
  },
  429: {
    code: 'rate_limited',
    title: 'Too many requests',
    description: 'The request budget is spent: wait `Retry-After` seconds.',
    detail: 'Too many requests; try again in a moment',
  },
  502: {
    code: 'upstream_failed',
    title: 'Upstream failed',
    description: 'A service Carnet relies on (SES) refused or failed.',
    detail: 'The email could not be sent',
  },
  503: {
    code: 'unavailable',
    title: 'Service unavailable',
    description: 'A service Carnet depends on is unavailable: try again after `Retry-After` seconds.',
    detail: 'A service Carnet depends on is unavailable; try again in a moment',
  },
};

/** The answers given alike by many operations: `components.responses`, referred to by name. */
const SHARED = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  413: 'PayloadTooLarge',
  429: 'TooManyRequests',
  503: 'Unavailable',
} as const;
type SharedStatus = keyof typeof SHARED;
const shared = (status: SharedStatus) => ({ $ref: `#/components/responses/${SHARED[status]}` });

function problemResponse<S>(status: ProblemStatus, schema: S, description?: string) {
  const p = PROBLEMS[status];
  return {
    description: description ?? p.description,
    headers: status === 429 || status === 503 ? headers('Retry-After') : headers(),
    content: {
      'application/problem+json': {
        schema,
        example: { type: `https://carnet.dev/problems/${p.code}`, title: p.title, status, code: p.code, detail: p.detail },
      },
    },
  };
}

/** A JSON answer; `with` names the headers it carries besides X-Request-Id. */
export const json = <T extends z.ZodType>(schema: T, description: string, ...with_: HeaderName[]) => ({
  description,
  headers: headers(...with_),
  content: { 'application/json': { schema } },
});

/** An answer without a body (204). */
export const empty = (description: string) => ({ description, headers: headers() });

export const jsonBody = <T extends z.ZodType>(schema: T, description?: string) => ({
  required: true,
  ...(description ? { description } : {}),
  content: { 'application/json': { schema } },
});

// ---------- path parameters ----------

const idParam = (name: string, description: string) =>
  z
    .string()
    .max(64)
    .openapi({ param: { name, in: 'path', description }, example: '01JD3Z8Q2X4V6B8N0M2K4H6G8F' });

export const clientId = idParam('clientId', 'The client’s id.');
export const params = {
  client: z.object({ clientId }),
  address: z.object({ clientId, addressId: idParam('addressId', 'The address’s id.') }),
  contact: z.object({ clientId, contactId: idParam('contactId', 'The contact’s id.') }),
  document: z.object({ clientId, documentId: idParam('documentId', 'The document’s id.') }),
  send: z.object({
    clientId,
    documentId: idParam('documentId', 'The document’s id.'),
    sendId: idParam('sendId', 'The send’s id.'),
  }),
  user: z.object({ userId: idParam('userId', 'The user’s id.') }),
  apiKey: z.object({ keyId: idParam('keyId', 'The API key’s id.') }),
};

// ---------- operations ----------

/** The problem answers a route may give besides the ones every authenticated route gives. */
export type Problems = Partial<Record<409 | 412 | 413 | 422 | 502, string>>;

interface Operation {
  operationId: string;
  tags: [Tag];
  summary: string;
  description: string;
}

type Answer = ReturnType<typeof problemResponse<typeof Problem>> | ReturnType<typeof shared>;

function withProblems(problems: Problems, method: string, admin: boolean) {
  const responses: Partial<Record<ProblemStatus, Answer>> = {
    400: shared(400),
    401: shared(401),
    ...(admin ? { 403: shared(403) } : {}),
    404: shared(404),
    429: shared(429),
    503: shared(503),
  };
  // Every body can be too large.
  if (['post', 'put', 'patch'].includes(method)) responses[413] = shared(413);
  for (const [status, description] of Object.entries(problems)) {
    responses[Number(status) as ProblemStatus] = problemResponse(Number(status) as ProblemStatus, Problem, description);
  }
  return responses;
}

/** An authenticated operation (bearer token or API key). */
/** Its literal path is kept (`P`), for the web client's types (`hc<AppType>`). */
export function route<P extends string, R extends Omit<RouteConfig, 'path'> & Operation & { path: P }>(config: R, problems: Problems = {}) {
  // The problem answers are in the document but not in the route's type: handlers never return
  // them (errors are thrown and mapped once in app.ts), and AppType stays small enough for tsc.
  return createRoute({
    ...config,
    security: [{ bearer: [] }],
    responses: { ...withProblems(problems, config.method, false), ...config.responses },
  } as R);
}

/** Refuses, before anything else is read, a credential whose role is not admin. */
const adminOnly = createMiddleware<AppEnv>(async (c, next) => {
  if (c.get('actor').role !== 'admin') throw new AppError('forbidden', 'Only an administrator can do this');
  await next();
});

/** An operation for administrators only: the role check is the route's middleware, and 403 is documented. */
export function adminRoute<P extends string, R extends Omit<RouteConfig, 'path'> & Operation & { path: P }>(
  config: R,
  problems: Problems = {},
) {
  return createRoute({
    ...config,
    description: `${config.description} Administrators only.`,
    middleware: [adminOnly],
    security: [{ bearer: [] }],
    responses: { ...withProblems(problems, config.method, true), ...config.responses },
  } as R);
}

/** The public operations (this document, its reference page): no credential, no 401. */
export function publicRoute<P extends string, R extends Omit<RouteConfig, 'path'> & Operation & { path: P }>(config: R) {
  return createRoute({ ...config, security: [], responses: { 429: shared(429), ...config.responses } } as R);
}

/** The answers of a public page (documented outside a route). */
export const publicAnswers = { 429: shared(429) };

/** The URL of a record just created, for its `Location` header. */
export const locationOf = (...segments: string[]) => `/api/v1/${segments.map(encodeURIComponent).join('/')}`;

export const etag = (version: number) => `"${version}"`;
