import { type HttpBindings, serve, type ServerType } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, relative } from 'node:path';
import { app as api } from '../../functions/api/app';
import { publishMetrics } from '../../functions/lib/monitoring';
import { DOCS_INIT_SCRIPT, DOCS_INIT_SCRIPT_PATH, REDOC_SCRIPT_PATH } from '../../functions/api/docs-page';
import { redocScriptFile } from '../docs-renderer';
import { securityHeaders } from '../security-headers';

/**
 * The local web server: the same Hono app as on Lambda under /api, the built web app (web/dist)
 * at / with its /config.json, and a fallback to index.html for the app's routes.
 */
export interface WebConfig {
  apiUrl: string;
  cognito: { region: string; userPoolId: string; clientId: string; endpoint: string | null };
}

export function startServer(port: number, webConfig: WebConfig, distDir: string): Promise<{ url: string; server: ServerType }> {
  const root = relative(process.cwd(), distDir) || '.';
  const site = new Hono<{ Bindings: HttpBindings }>();
  // The same security headers as CloudFront sends on AWS (infra/security-headers.ts), HSTS apart.
  const cognitoEndpoint = webConfig.cognito.endpoint ?? `https://cognito-idp.${webConfig.cognito.region}.amazonaws.com`;
  const headers = {
    app: securityHeaders('app', { cognitoEndpoint, https: false }),
    api: securityHeaders('api', { cognitoEndpoint, https: false }),
  };
  site.use('*', async (c, next) => {
    await next();
    const kind = c.req.path === '/api' || c.req.path.startsWith('/api/') ? 'api' : 'app';
    for (const [name, value] of Object.entries(headers[kind])) c.res.headers.set(name, value);
  });
  // On Lambda each invocation ends by writing its metrics (instrumented()); here, each request.
  site.use('/api/*', async (_c, next) => {
    await next();
    publishMetrics();
  });
  // The app answers everything under /api itself, its 404s and errors included, as on Lambda.
  site.all('/api/*', (c) => api.fetch(c.req.raw, c.env));
  site.get('/config.json', (c) => c.json(webConfig, 200, { 'cache-control': 'no-store' }));
  // The reference page's renderer, as CloudFront serves it from the web bucket on AWS.
  const redoc = readFileSync(redocScriptFile());
  const javascript = { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=3600' };
  site.get(DOCS_INIT_SCRIPT_PATH, (c) => c.body(DOCS_INIT_SCRIPT, 200, javascript));
  site.get(REDOC_SCRIPT_PATH, (c) => c.body(redoc, 200, javascript));
  site.use('/*', serveStatic({ root }));
  site.get('*', (c) => {
    const index = join(distDir, 'index.html');
    if (!existsSync(index)) {
      return c.html(
        '<!doctype html><meta charset="utf-8"><title>Carnet</title><p>L’application web n’est pas construite : lancez <code>npm run build</code>, puis rechargez. (The web app is not built: run <code>npm run build</code>.)</p>',
        503,
      );
    }
    return c.html(readFileSync(index, 'utf8'));
  });
  return new Promise((resolve) => {
    // Loopback only, unless the user asks for another address (HOST=0.0.0.0 to reach it from the LAN).
    const hostname = process.env.HOST || '127.0.0.1';
    const server = serve({ fetch: site.fetch, port, hostname }, () => resolve({ url: `http://localhost:${port}`, server }));
    server.on('request', discardUnreadBody);
  });
}

const MAX_DISCARD_BYTES = 64 * 1024 * 1024;

/**
 * An answer given before the body was read (413 for a body over 256 KiB, 401…) leaves the rest of
 * the body paused in the socket: the client, still uploading, would never see the answer and the
 * kept-alive connection would stall. Once the answer is sent, read and drop what is left.
 */
function discardUnreadBody(req: IncomingMessage, res: ServerResponse) {
  res.once('finish', () => {
    if (req.complete || req.destroyed) return;
    // The web stream that @hono/node-server wrapped around the body pauses it on each chunk.
    req.removeAllListeners('data');
    let bytes = 0;
    const close = () => req.socket?.destroy();
    const timer = setTimeout(close, 10_000).unref();
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > MAX_DISCARD_BYTES) close();
    });
    req.once('end', () => clearTimeout(timer));
    req.once('error', () => clearTimeout(timer));
    req.resume();
  });
}
