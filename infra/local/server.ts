import { serve, type ServerType } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { app as api } from '../../functions/api/app';

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
  const site = new Hono();
  site.route('/', api);
  site.get('/config.json', (c) => c.json(webConfig, 200, { 'cache-control': 'no-store' }));
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
    const server = serve({ fetch: site.fetch, port, hostname: '127.0.0.1' }, () => resolve({ url: `http://localhost:${port}`, server }));
  });
}
