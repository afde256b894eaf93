import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { apiConfig } from '../lib/config';
import { AppError, TITLES, type ErrorCode } from '../lib/errors';
import { appendLogKeys, logger } from '../lib/logger';
import { newMetrics, withMetrics } from '../lib/metrics';
import { addressRoutes } from './addresses';
import { authenticate, limitAnonymous } from './auth';
import { clientRoutes } from './clients';
import { contactRoutes } from './contacts';
import type { AppEnv } from './context';
import { DOCS_PAGE_CSP, docsPage } from './docs-page';
import { documentLifecycleRoutes } from './document-lifecycle';
import { documentRoutes } from './documents';
import { meRoutes } from './me';
import { openApiDocument, openApiDocumentRoute, registerDocumentation } from './openapi-document';
import { requestId } from './request-id';
import { settingsRoutes } from './settings';
import { suppressionRoutes } from './suppressions';
import { templateRoutes } from './templates';
import { documentWebhooks, webhookRoutes } from './webhooks';

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

// Metrics first, so even errors carry the count of DynamoDB requests of the call. The headers
// are internal: only the local stack with CARNET_DDB_HEADERS=1 (tests, bench/) sends them.
api.use('*', async (c, next) => {
  const metrics = newMetrics();
  c.set('metrics', metrics);
  await withMetrics(metrics, () => next());
  if (!apiConfig().dynamoMetricsHeaders) return;
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
api.use('/openapi.json', async (c, next) => {
  await limitAnonymous(c);
  await next();
});
api.openapi(openApiDocumentRoute, (c) => c.json(openApiDocument(api, c.req.url), 200));
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
  .route('/', documentLifecycleRoutes)
  .route('/', documentRoutes)
  .route('/', suppressionRoutes)
  .route('/', webhookRoutes);

registerDocumentation(api.openAPIRegistry);
documentWebhooks(api.openAPIRegistry);

export const app = new OpenAPIHono();
app.use('*', requestId);
app.route(API_BASE, api);
app.get('/api/docs', async (c) => {
  await limitAnonymous(c);
  return c.html(docsPage(`${API_BASE}/openapi.json`), 200, { 'content-security-policy': DOCS_PAGE_CSP });
});
const noRoute = (c: Context) =>
  c.json(problem('not_found', 404, `No route ${c.req.method} ${c.req.path}`), 404, { 'content-type': 'application/problem+json' });
// Last: nothing under /api/ falls through to whatever serves the web app (the local server's
// index.html fallback), so an unknown path answers the same problem+json locally as on AWS.
app.all('/api/*', noRoute);
app.notFound(noRoute);
/** Seconds a client should wait before retrying a 503 (a dependency down or throttling) or a 502. */
const RETRY_AFTER: Record<number, string> = { 502: '5', 503: '2' };

app.onError((error, c) => {
  const body = toProblem(error);
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  if (error instanceof AppError && error.extra.headers) Object.assign(headers, error.extra.headers);
  const retryAfter = RETRY_AFTER[body.status];
  if (retryAfter && !headers['Retry-After']) headers['Retry-After'] = retryAfter;
  if (body.status === 401) {
    // RFC 6750: the scheme to use, and why a credential that was sent is refused.
    const sent = Boolean(c.req.header('authorization'));
    headers['WWW-Authenticate'] = sent
      ? `Bearer realm="carnet", error="invalid_token", error_description="${body.detail.replace(/["\\]/g, '')}"`
      : 'Bearer realm="carnet"';
  }
  return c.json(body, body.status as ContentfulStatusCode, headers);
});

export type AppType = typeof routes;
