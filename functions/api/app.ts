import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { apiPublicUrl } from '../lib/config';
import { AppError, TITLES, type ErrorCode } from '../lib/errors';
import { appendLogKeys, logger } from '../lib/logger';
import { newMetrics, withMetrics } from '../lib/metrics';
import { addressRoutes } from './addresses';
import { authenticate } from './auth';
import { clientRoutes } from './clients';
import { contactRoutes } from './contacts';
import type { AppEnv } from './context';
import { DOCS_PAGE_CSP, docsPage } from './docs-page';
import { documentRoutes } from './documents';
import { meRoutes } from './me';
import { requestId } from './request-id';
import { publicAnswers, publicRoute, registerComponents, TAGS } from './openapi';
import { settingsRoutes } from './settings';
import { suppressionRoutes } from './suppressions';
import { templateRoutes } from './templates';

export const API_BASE = '/api/v1';
const MAX_BODY = 256 * 1024;

function problem(code: ErrorCode, status: number, detail: string, extra: { reason?: string; errors?: unknown[] } = {}) {
  return {
    type: `https://carnet.dev/problems/${extra.reason ?? code}`,
    title: TITLES[code],
    status,
    code,
    detail,
    ...(extra.reason ? { reason: extra.reason } : {}),
    ...(extra.errors ? { errors: extra.errors } : {}),
  };
}

const UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'TimeoutError']);
const THROTTLED = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'ServiceUnavailable',
  'InternalServerError',
]);

/** A failure to reach the database (or a throttle) is the client's cue to retry: 503. */
function isUnavailable(error: unknown): boolean {
  const e = error as { name?: string; code?: string; message?: string; cause?: unknown; errors?: unknown[] };
  if (!e || typeof e !== 'object') return false;
  if (UNAVAILABLE.has(e.code ?? '') || UNAVAILABLE.has(e.name ?? '') || THROTTLED.has(e.name ?? '')) return true;
  if (/ECONNREFUSED|socket hang up|connect ETIMEDOUT/.test(e.message ?? '')) return true;
  if (Array.isArray(e.errors) && e.errors.some(isUnavailable)) return true;
  return e.cause ? isUnavailable(e.cause) : false;
}

export function toProblem(error: unknown) {
  if (error instanceof AppError) return problem(error.code, error.status, error.detail, error.extra);
  if (error instanceof HTTPException) {
    const status = error.status;
    if (status === 413) return problem('payload_too_large', 413, 'The request body is larger than 256 KiB');
    if (status === 400) return problem('invalid_request', 400, error.message || 'Bad request');
    if (status === 401) return problem('unauthorized', 401, error.message || 'Unauthorized');
    return problem('invalid_request', status, error.message || 'Bad request');
  }
  if (isUnavailable(error)) {
    logger.warn('dependency unavailable', { error: String(error) });
    return problem('unavailable', 503, 'A service Carnet depends on is unavailable; try again in a moment');
  }
  logger.error('unhandled error', { error: String(error), stack: (error as Error)?.stack });
  return {
    type: 'about:blank',
    title: 'Internal error',
    status: 500,
    code: 'internal',
    detail: 'Something went wrong on our side; it has been logged',
  };
}

const api = new OpenAPIHono<AppEnv>();

// Metrics first, so even errors carry the count of DynamoDB requests of the call.
api.use('*', async (c, next) => {
  const metrics = newMetrics();
  c.set('metrics', metrics);
  await withMetrics(metrics, () => next());
  c.header('x-carnet-ddb-requests', String(metrics.requests));
  c.header('x-carnet-ddb-rcu', String(metrics.readCapacity));
  c.header('x-carnet-ddb-wcu', String(metrics.writeCapacity));
});
api.use(
  '*',
  bodyLimit({
    maxSize: MAX_BODY,
    onError: () => {
      throw new AppError('payload_too_large', 'The request body is larger than 256 KiB');
    },
  }),
);
api.use('*', async (c, next) => {
  if (['POST', 'PUT', 'PATCH'].includes(c.req.method)) {
    const type = c.req.header('content-type') ?? '';
    const length = Number(c.req.header('content-length') ?? '1');
    if (length > 0 && !/^application\/([\w.-]+\+)?json\b/i.test(type)) {
      throw new AppError('invalid_request', 'Send JSON: Content-Type must be application/json');
    }
  }
  await next();
});
api.openapi(
  publicRoute({
    method: 'get',
    path: '/openapi.json',
    operationId: 'getOpenApiDocument',
    tags: ['Documentation'],
    summary: 'Get this OpenAPI document',
    description: 'The OpenAPI 3.1 document of the API, generated from the zod schemas that validate the requests. Public.',
    responses: { 200: { description: 'The OpenAPI document', content: { 'application/json': { schema: z.object({}).passthrough() } } } },
  }),
  (c) => c.json(openApiDocument(serverUrl(c.req.url)), 200),
);
api.use('*', authenticate);
api.use('*', async (c, next) => {
  appendLogKeys({ organization_id: c.get('actor').orgId });
  await next();
});

const routes = api
  .route('/', meRoutes)
  .route('/', settingsRoutes)
  .route('/', templateRoutes)
  .route('/', clientRoutes)
  .route('/', addressRoutes)
  .route('/', contactRoutes)
  .route('/', documentRoutes)
  .route('/', suppressionRoutes);

registerComponents(api.openAPIRegistry);
// The reference page lives beside the versioned API, at /api/docs: documented with its own server.
api.openAPIRegistry.registerPath({
  method: 'get',
  path: '/docs',
  operationId: 'getApiReference',
  tags: ['Documentation'],
  summary: 'Get the API reference page',
  description: 'An HTML reference of this document (Redoc), served with its script by Carnet itself: it works offline. Public.',
  security: [],
  servers: [{ url: '/api', description: 'Beside the versioned API' }],
  responses: { 200: { description: 'The reference page', content: { 'text/html': { schema: z.string() } } }, ...publicAnswers },
});

/** The server integrators reach: from config (CloudFront on AWS), else the request's own origin. */
function serverUrl(requestUrl: string): string {
  return apiPublicUrl() ?? `${new URL(requestUrl).origin}${API_BASE}`;
}

const documents = new Map<string, ReturnType<typeof api.getOpenAPI31Document>>();
function openApiDocument(server: string) {
  let document = documents.get(server);
  if (!document) {
    document = api.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'Carnet API',
        version: '1.0.0',
        description: [
          'Clients, their three levels of contacts (main contact, site contacts, secondary contacts), documents (invoices, quotes, interventions) and their sends by email.',
          '',
          'Authenticate with `Authorization: Bearer <token>`: a Cognito token of a signed-in user, or an API key `ck_…` created by an administrator. The organisation and the role come from the credential alone; a record of another organisation answers 404.',
          '',
          'Errors are RFC 9457 `application/problem+json` with a stable `code`. `GET` of one record returns an `ETag`; send it back in `If-Match` to change only that version (412 otherwise). Lists page with `limit` and `cursor`.',
        ].join('\n'),
        contact: { name: 'Carnet', url: `${new URL(server).origin}/api/docs` },
        // OpenAPI 3.1 names a license by SPDX identifier or by URL; a proprietary product has no URL.
        license: { name: 'Proprietary', identifier: 'LicenseRef-Carnet-Proprietary' } as { name: string },
      },
      servers: [{ url: server, description: 'This Carnet deployment' }],
      security: [{ bearer: [] }],
      tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    });
    // The page beside the API is served from the same origin.
    const docsPath = document.paths?.['/docs']?.get;
    if (docsPath) docsPath.servers = [{ url: `${new URL(server).origin}/api`, description: 'Beside the versioned API' }];
    if (documents.size > 10) documents.clear();
    documents.set(server, document);
  }
  return document;
}

export const app = new OpenAPIHono();
app.use('*', requestId);
app.route(API_BASE, api);
app.get('/api/docs', (c) => c.html(docsPage(`${API_BASE}/openapi.json`), 200, { 'content-security-policy': DOCS_PAGE_CSP }));
const noRoute = (c: Context) =>
  c.json(problem('not_found', 404, `No route ${c.req.method} ${c.req.path}`), 404, { 'content-type': 'application/problem+json' });
// Last: nothing under /api/ falls through to whatever serves the web app (the local server's
// index.html fallback), so an unknown path answers the same problem+json locally as on AWS.
app.all('/api/*', noRoute);
app.notFound(noRoute);
app.onError((error, c) => {
  const body = toProblem(error);
  return c.json(body, body.status as ContentfulStatusCode, { 'content-type': 'application/problem+json' });
});

export type AppType = typeof routes;
