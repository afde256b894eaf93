import { describe, expect, it } from 'vitest';
import { app } from '../../functions/api/app';
import { stack } from './helpers';
import { entry } from '../../shared/at';

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
      '/users/{userId}': ['patch', 'delete'],
      '/api-keys': ['get', 'post'],
      '/api-keys/{keyId}': ['delete'],
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

    // Generated from the same zod schemas that validate: strict bodies, the documented errors.
    const post = entry(spec.paths, '/clients', 'paths').post;
    const body = post.requestBody.content['application/json'].schema;
    const schema = body.$ref ? spec.components.schemas[body.$ref.split('/').pop()] : body;
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'kind']));
    expect(schema.additionalProperties).toBe(false);
    expect(post.responses['201']).toBeDefined();
    expect(post.responses['400'].content['application/problem+json']).toBeDefined();
    expect(
      entry(spec.paths, '/clients', 'paths')
        .get.parameters.map((p: { name: string }) => p.name)
        .sort(),
    ).toEqual(['cursor', 'limit', 'q']);
    expect(entry(spec.paths, '/clients/{clientId}/contacts', 'paths').get.parameters.map((p: { name: string }) => p.name)).toContain(
      'eligibleForAddress',
    );
  });

  it('GET /api/docs is an HTML reference page that reads that document', async () => {
    const res = await fetch(`${stack().webUrl}/api/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html.toLowerCase()).toContain('<!doctype html>');
    expect(html).toContain('/api/v1/openapi.json');
    expect(html).toContain('Carnet API');
  });
});
