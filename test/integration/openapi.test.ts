import { describe, expect, it } from 'vitest';
import { app } from '../../functions/api/app';
import { DOCS_INIT_SCRIPT_PATH, REDOC_SCRIPT_PATH } from '../../functions/api/docs-page';
import { eventTypes } from '../../shared/webhooks';
import { stack } from './helpers';
import { entry } from '../../shared/at';

type Json = Record<string, any>;
/** Follows a local `$ref` (`#/components/…`). */
const deref = (spec: Json, node: Json): Json =>
  node?.$ref
    ? deref(
        spec,
        node.$ref
          .slice(2)
          .split('/')
          .reduce((n: Json, k: string) => n[k], spec),
      )
    : node;

describe('the API’s own documentation', () => {
  it('GET /api/v1/openapi.json is an OpenAPI 3.1 document listing every route, without a credential', async () => {
    const res = await fetch(`${stack().apiUrl}/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const spec = (await res.json()) as {
      openapi: string;
      info: { title: string };
      paths: Record<string, Record<string, any>>;
      components: any;
    };
    expect(spec.openapi).toMatch(/^3\.1\./);
    expect(spec.info.title).toBeTruthy();

    const expected: Record<string, string[]> = {
      '/me': ['get'],
      '/me/display-options': ['get', 'put'],
      '/settings': ['get', 'patch'],
      '/users': ['get', 'post'],
      '/users/{userId}': ['get', 'patch', 'delete'],
      '/api-keys': ['get', 'post'],
      '/api-keys/{keyId}': ['get', 'delete'],
      '/clients': ['get', 'post'],
      '/clients/{clientId}': ['get', 'patch', 'delete'],
      '/clients/{clientId}/overview': ['get'],
      '/clients/{clientId}/addresses': ['get', 'post'],
      '/clients/{clientId}/addresses/{addressId}': ['get', 'patch', 'delete'],
      '/clients/{clientId}/contacts': ['get', 'post'],
      '/clients/{clientId}/contacts/{contactId}': ['get', 'patch', 'delete'],
      '/contacts': ['get'],
      '/suppressions': ['get'],
      '/suppressions/{email}': ['delete'],
      '/clients/{clientId}/documents/{documentId}/sends/{sendId}': ['get'],
      '/openapi.json': ['get'],
      '/docs': ['get'],
      '/events': ['get'],
      '/webhook-endpoints': ['get', 'post'],
      '/webhook-endpoints/{endpointId}': ['get', 'patch', 'delete'],
      '/webhook-endpoints/{endpointId}/rotate-secret': ['post'],
      '/webhook-endpoints/{endpointId}/test': ['post'],
      '/webhook-endpoints/{endpointId}/deliveries': ['get'],
      '/webhook-endpoints/{endpointId}/replay': ['post'],
    };
    for (const [path, methods] of Object.entries(expected)) {
      expect(spec.paths[path], path).toBeDefined();
      for (const m of methods) expect(spec.paths[path]?.[m], `${m} ${path}`).toBeDefined();
    }
    // Every route the app serves is documented (documents and sends included, once they exist).
    const served = app.routes
      .filter((r) => r.path.startsWith('/api/v1/') && r.method !== 'ALL' && r.path !== '/api/v1/openapi.json')
      .map((r) => `${r.method.toLowerCase()} ${r.path.slice('/api/v1'.length).replace(/:(\w+)/g, '{$1}')}`);
    expect(served.length).toBeGreaterThan(20);
    for (const route of new Set(served)) {
      const [method = '', path = ''] = route.split(' ');
      expect(spec.paths[path]?.[method], `${route} is served but not documented`).toBeDefined();
    }

    // Every event type's payload, in the webhooks section, with the Standard Webhooks headers.
    const webhooks = (spec as unknown as { webhooks: Record<string, { post: any }> }).webhooks;
    expect(Object.keys(webhooks).sort()).toEqual([...eventTypes].sort());
    for (const type of eventTypes) {
      const post = webhooks[type]?.post;
      expect(post.parameters.map((p: { name: string }) => p.name).sort(), type).toEqual([
        'webhook-id',
        'webhook-signature',
        'webhook-timestamp',
      ]);
      const payload = post.requestBody.content['application/json'].schema;
      expect(payload.properties.type.const ?? payload.properties.type.enum?.[0], type).toBe(type);
      expect(payload.properties.data.properties.object, type).toBeDefined();
    }
    const bounced = webhooks['send.bounced']?.post.requestBody.content['application/json'].schema.properties.data.properties.object;
    // The records' own schemas, by name.
    expect(bounced).toEqual({ $ref: '#/components/schemas/Send' });
    expect(webhooks['client.deleted']?.post.requestBody.content['application/json'].schema.properties.data.properties.object).toEqual({
      $ref: '#/components/schemas/Tombstone',
    });
    expect(spec.components.schemas.Tombstone.required).toContain('deleted');

    // Generated from the same zod schemas that validate: strict bodies, the documented errors.
    const post = entry(spec.paths, '/clients', 'paths').post;
    const body = post.requestBody.content['application/json'].schema;
    const schema = body.$ref ? spec.components.schemas[body.$ref.split('/').pop()] : body;
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'kind']));
    expect(schema.additionalProperties).toBe(false);
    expect(post.responses['201']).toBeDefined();
    expect(deref(spec, post.responses['400']).content['application/problem+json'].schema.$ref).toBe('#/components/schemas/Problem');
    expect(
      entry(spec.paths, '/clients', 'paths')
        .get.parameters.map((p: { name: string }) => p.name)
        .sort(),
    ).toEqual(['cursor', 'limit', 'q']);
    expect(entry(spec.paths, '/clients/{clientId}/contacts', 'paths').get.parameters.map((p: { name: string }) => p.name)).toContain(
      'eligibleForAddress',
    );
  });

  it('every operation: an operationId, one declared tag, a description, the bearer scheme (public ones marked), its problems and headers', async () => {
    const spec = (await (await fetch(`${stack().apiUrl}/openapi.json`)).json()) as Json;
    // An absolute server: what a generated client or an import into Postman needs.
    expect(spec.servers).toEqual([{ url: stack().apiUrl.replace('localhost', '127.0.0.1'), description: expect.any(String) }]);
    expect(spec.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const tags = new Set(spec.tags.map((t: { name: string }) => t.name));
    const ids = new Set<string>();
    const publicOps = ['getOpenApiDocument', 'getApiReference'];
    const adminOps = new Set<string>();
    for (const [path, item] of Object.entries<Json>(spec.paths)) {
      for (const [method, op] of Object.entries<Json>(item)) {
        const at = `${method} ${path}`;
        expect(op.operationId, at).toMatch(/^[a-z][A-Za-z]+$/);
        expect(ids.has(op.operationId), `${at}: operationId reused`).toBe(false);
        ids.add(op.operationId);
        expect(op.tags, at).toHaveLength(1);
        expect(tags.has(op.tags[0]), at).toBe(true);
        expect(op.description, at).toBeTruthy();
        if (publicOps.includes(op.operationId)) {
          expect(op.security, at).toEqual([]);
          continue;
        }
        expect(op.security, at).toEqual([{ bearer: [] }]);
        for (const status of ['400', '401', '404', '429', '503']) {
          expect(deref(spec, op.responses[status]).content['application/problem+json'], `${at} ${status}`).toBeDefined();
        }
        expect(Object.keys(deref(spec, op.responses['429']).headers), at).toContain('Retry-After');
        if (['post', 'put', 'patch'].includes(method)) expect(op.responses['413'], at).toBeDefined();
        if (op.responses['403']) adminOps.add(op.operationId);
        for (const [status, answer] of Object.entries<Json>(op.responses)) {
          expect(Object.keys(deref(spec, answer).headers ?? {}), `${at} ${status}`).toContain('X-Request-Id');
        }
      }
    }
    // The admin routes (the role check is their middleware, declared once) document their 403.
    expect([...adminOps].sort()).toEqual(
      [
        'createApiKey',
        'disableUser',
        'getApiKey',
        'getUser',
        'inviteUser',
        'liftSuppression',
        'listApiKeys',
        'listUsers',
        'revokeApiKey',
        'saveMailTemplate',
        'updateSettings',
        'updateUser',
        'listWebhookEndpoints',
        'createWebhookEndpoint',
        'getWebhookEndpoint',
        'updateWebhookEndpoint',
        'deleteWebhookEndpoint',
        'rotateWebhookSecret',
        'testWebhookEndpoint',
        'listWebhookDeliveries',
        'replayWebhookEvents',
      ].sort(),
    );
    // Headers: ETag on reads and writes of a record, If-Match on its changes, Idempotency-Key on a send.
    const headerNames = (op: Json, status: string) => Object.keys(deref(spec, op.responses[status]).headers);
    expect(headerNames(spec.paths['/clients/{clientId}'].get, '200')).toContain('ETag');
    expect(headerNames(spec.paths['/clients'].post, '201')).toEqual(expect.arrayContaining(['ETag', 'Location']));
    for (const path of ['/clients/{clientId}', '/clients/{clientId}/addresses/{addressId}', '/clients/{clientId}/contacts/{contactId}']) {
      for (const method of ['patch', 'delete']) {
        const op = spec.paths[path][method];
        const headers = op.parameters.map((p: Json) => deref(spec, p)).map((p: Json) => `${p.in} ${p.name}`);
        expect(headers, `${method} ${path}`).toContain('header If-Match');
        expect(op.responses['412'], `${method} ${path}`).toBeDefined();
      }
    }
    const send = spec.paths['/clients/{clientId}/documents/{documentId}/sends'].post;
    expect(send.parameters.map((p: Json) => `${p.in} ${p.name}`)).toContain('header idempotency-key');
    expect(Object.keys(send.responses)).toEqual(expect.arrayContaining(['409', '422', '502']));
    // Named schemas, with examples for the main records.
    for (const name of ['Client', 'Address', 'Contact', 'Document', 'Send', 'Problem', 'Overview', 'ClientCreate', 'SendCreate']) {
      expect(spec.components.schemas[name], name).toBeDefined();
    }
    for (const name of ['Client', 'Address', 'Contact', 'Document', 'Send', 'Problem']) {
      expect(spec.components.schemas[name].example, name).toBeDefined();
    }
    expect(spec.paths['/clients/{clientId}/overview'].get.responses['200'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/Overview',
    );
    expect(spec.components.schemas.Overview.properties.client.$ref).toBe('#/components/schemas/Client');
  });

  it('GET /api/docs is a reference page (Redoc) whose script Carnet serves itself: nothing from a CDN', async () => {
    const res = await fetch(`${stack().webUrl}/api/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    const html = await res.text();
    expect(html.toLowerCase()).toContain('<!doctype html>');
    expect(html).toContain('data-spec-url="/api/v1/openapi.json"');
    expect(html).toContain(`<script type="module" src="${DOCS_INIT_SCRIPT_PATH}">`);
    const init = await fetch(`${stack().webUrl}${DOCS_INIT_SCRIPT_PATH}`);
    expect(init.headers.get('content-type')).toContain('javascript');
    expect(await init.text()).toContain('disableTelemetry: true');
    expect(html).toContain('Carnet API');
    // Every script and link is Carnet's own.
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    const script = await fetch(`${stack().webUrl}${REDOC_SCRIPT_PATH}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
    const source = await script.text();
    expect(source.length).toBeGreaterThan(500_000);
    expect(source).toContain('RedocStandalone');
  });
});
