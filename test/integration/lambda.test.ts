import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { resetConfig } from '../../functions/lib/config';
import { resetDb } from '../../functions/lib/dynamo';
import { orgs, stack } from './helpers';
import { expectNoStackTrace } from './fixtures';

/**
 * The Lambda entry (`middy(handle(app))`) called in this process with API Gateway HTTP API
 * (payload v2) events, against the stack's DynamoDB and Cognito.
 */
type Result = Exclude<APIGatewayProxyResultV2, string> & { statusCode: number; headers: Record<string, string>; body: string };
let handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<Result>;
let key: string;

function event(
  method: string,
  path: string,
  options: { body?: string; base64?: boolean; query?: string; headers?: Record<string, string> } = {},
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {
    authorization: `Bearer ${key}`,
    host: 'abc123.execute-api.eu-west-3.amazonaws.com',
    'x-forwarded-proto': 'https',
    ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
    ...options.headers,
  };
  const body = options.body === undefined ? undefined : options.base64 ? Buffer.from(options.body).toString('base64') : options.body;
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body!));
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: options.query ?? '',
    headers,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-west-3.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'vitest' },
      requestId: `req-${Math.random().toString(36).slice(2)}`,
      routeKey: '$default',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    body,
    isBase64Encoded: Boolean(options.base64),
  };
}

const context = { functionName: 'carnet-api', awsRequestId: 'test', getRemainingTimeInMillis: () => 30_000 } as unknown as Context;
const invoke = (e: APIGatewayProxyEventV2) => handler(e, context);
const json = (r: Result) => JSON.parse(r.body);

beforeAll(async () => {
  Object.assign(process.env, stack().env);
  resetConfig();
  resetDb();
  key = orgs()[0].apiKey;
  ({ handler } = (await import('../../functions/api/lambda')) as unknown as { handler: typeof handler });
});

describe('functions/api/lambda.ts with HTTP API v2 events', () => {
  it('GET /api/v1/me → 200 JSON', async () => {
    const res = await invoke(event('GET', '/api/v1/me'));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.headers['x-carnet-ddb-requests']).toBeDefined();
    expect(json(res)).toMatchObject({ user: null, organization: { id: orgs()[0].id, name: 'Dupont Chauffage & Fils' } });
  });

  it('a query string reaches the route', async () => {
    const res = await invoke(event('GET', '/api/v1/clients', { query: 'q=h%C3%94T&limit=5' }));
    expect(res.statusCode).toBe(200);
    expect(json(res).items.map((c: { name: string }) => c.name)).toContain('Hôtel Côte d’Azur');
  });

  it('POST with a JSON body → 201, also when API Gateway base64-encodes the body', async () => {
    const plain = await invoke(
      event('POST', '/api/v1/clients', { body: JSON.stringify({ name: 'Client Lambda', kind: 'company', reference: 'LAMBDA-1' }) }),
    );
    expect(plain.statusCode, plain.body).toBe(201);
    expect(json(plain)).toMatchObject({ name: 'Client Lambda', reference: 'LAMBDA-1', version: 1 });
    expect(plain.headers.etag).toBe('"1"');

    const encoded = await invoke(
      event('POST', '/api/v1/clients', { body: JSON.stringify({ name: 'Client Lambda Æ base64 — éè', kind: 'individual' }), base64: true }),
    );
    expect(encoded.statusCode, encoded.body).toBe(201);
    expect(json(encoded).name).toBe('Client Lambda Æ base64 — éè');

    const read = await invoke(event('GET', `/api/v1/clients/${json(encoded).id}`));
    expect(read.statusCode).toBe(200);
    expect(json(read).name).toBe('Client Lambda Æ base64 — éè');
    for (const id of [json(plain).id, json(encoded).id]) {
      expect((await invoke(event('DELETE', `/api/v1/clients/${id}`))).statusCode).toBe(204);
    }
  });

  it('a bad body → 400 problem+json naming the field, without a stack trace', async () => {
    const bad = await invoke(
      event('POST', '/api/v1/clients', { body: JSON.stringify({ name: 'X', kind: 'robot', mainContact: { email: 'nope' } }) }),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const body = json(bad);
    expect(body).toMatchObject({ status: 400, code: 'invalid_request' });
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['kind', 'mainContact.email']);
    expectNoStackTrace(bad.body);

    const malformed = await invoke(event('POST', '/api/v1/clients', { body: '{"name":', base64: true }));
    expect(malformed.statusCode).toBe(400);
    expect(json(malformed).code).toBe('invalid_request');
    expectNoStackTrace(malformed.body);

    const tooBig = await invoke(
      event('POST', '/api/v1/clients', { body: JSON.stringify({ name: 'X', kind: 'company', notes: 'x'.repeat(300 * 1024) }) }),
    );
    expect(tooBig.statusCode).toBe(413);
    expect(json(tooBig).code).toBe('payload_too_large');
  });

  it('no credential → 401; an unknown route → 404 problem+json', async () => {
    const none = await invoke(event('GET', '/api/v1/me', { headers: { authorization: '' } }));
    expect(none.statusCode).toBe(401);
    expect(json(none).code).toBe('unauthorized');
    const unknown = await invoke(event('GET', '/api/v1/nowhere'));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
  });
});
