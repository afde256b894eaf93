import { createMiddleware } from 'hono/factory';
import { routePath } from 'hono/route';
import { ulid } from 'ulid';
import { logger, withLogKeys } from '../lib/logger';
import { count, metricNames } from '../lib/monitoring';

/**
 * Every answer carries an `X-Request-Id`, and every log line written while answering carries the
 * same value as `request_id`: a caller quoting it finds the lines of its call. An incoming id is
 * echoed when it is safe to log and to put back in a header; otherwise API Gateway's request id
 * (the one in the access log), or a new ULID when not on Lambda.
 */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** hono/aws-lambda hands the API Gateway event over as the env; the local server hands Node's request. */
function apiGatewayRequestId(env: unknown): string | undefined {
  const id = (env as { event?: { requestContext?: { requestId?: unknown } } } | undefined)?.event?.requestContext?.requestId;
  return typeof id === 'string' && REQUEST_ID_PATTERN.test(id) ? id : undefined;
}

export const requestId = createMiddleware(async (c, next) => {
  const incoming = c.req.header('x-request-id');
  const id = incoming && REQUEST_ID_PATTERN.test(incoming) ? incoming : (apiGatewayRequestId(c.env) ?? ulid());
  const started = performance.now();
  c.header('x-request-id', id);
  await withLogKeys({ request_id: id }, async () => {
    await next();
    const status = c.res.status;
    if (status >= 500) count(metricNames.serverErrors);
    // The route's pattern, not the path: a path may hold an email address (/suppressions/{email}).
    // The route that answered (the current index once next() is back), not the last one matched:
    // app.ts ends with a catch-all for unknown /api/* paths that matches every request.
    logger.debug('answered', { method: c.req.method, route: routePath(c), status, ms: Math.round(performance.now() - started) });
  });
  c.res.headers.set('x-request-id', id);
});
