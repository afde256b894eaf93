import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { apiPublicUrl } from '../lib/config';
import type { AppEnv } from './context';
import { publicAnswers, publicRoute, registerComponents, TAGS } from './openapi';

/**
 * `GET /api/v1/openapi.json`: the document, with its absolute server (API_PUBLIC_URL: CloudFront on
 * AWS, the local server locally; else the request's own origin), built once per server.
 */
export const openApiDocumentRoute = publicRoute({
  method: 'get',
  path: '/openapi.json',
  operationId: 'getOpenApiDocument',
  tags: ['Documentation'],
  summary: 'Get this OpenAPI document',
  description: 'The OpenAPI 3.1 document of the API, generated from the zod schemas that validate the requests. Public.',
  responses: { 200: { description: 'The OpenAPI document', content: { 'application/json': { schema: z.object({}).passthrough() } } } },
});

/** The components every operation refers to, and the reference page (outside /api/v1). */
export function registerDocumentation(registry: OpenAPIHono['openAPIRegistry']) {
  registerComponents(registry);
  registry.registerPath({
    method: 'get',
    path: '/docs',
    operationId: 'getApiReference',
    tags: ['Documentation'],
    summary: 'Get the API reference page',
    description: 'An HTML reference of this document (Redoc), served with its script by Carnet itself: it works offline. Public.',
    security: [],
    responses: { 200: { description: 'The reference page', content: { 'text/html': { schema: z.string() } } }, ...publicAnswers },
  });
}

type Api = OpenAPIHono<AppEnv>;
type Document = ReturnType<Api['getOpenAPI31Document']>;
const documents = new Map<string, Document>();

export function openApiDocument(api: Api, requestUrl: string): Document {
  const server = apiPublicUrl() ?? `${new URL(requestUrl).origin}/api/v1`;
  const origin = new URL(server).origin;
  let document = documents.get(server);
  if (document) return document;
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
      contact: { name: 'Carnet', url: `${origin}/api/docs` },
      // OpenAPI 3.1 names a license by SPDX identifier or by URL; a proprietary product has no URL.
      license: { name: 'Proprietary', identifier: 'LicenseRef-Carnet-Proprietary' } as { name: string },
    },
    servers: [{ url: server, description: 'This Carnet deployment' }],
    security: [{ bearer: [] }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
  });
  // The reference page is served beside the versioned API, from the same origin.
  const docs = document.paths?.['/docs']?.get;
  if (docs) docs.servers = [{ url: `${origin}/api`, description: 'Beside the versioned API' }];
  if (documents.size > 10) documents.clear();
  documents.set(server, document);
  return document;
}
