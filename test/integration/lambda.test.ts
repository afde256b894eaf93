import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context, SNSEvent } from 'aws-lambda';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resetConfig } from '../../functions/lib/config';
import { resetDb } from '../../functions/lib/dynamo';
import { api, orgs, stack } from './helpers';
import { expectNoStackTrace, newAddress, newClient, newOrganization, ok, unique } from './fixtures';

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
  // This file reads the metrics the functions write (off in the other tests); set before they load.
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  resetConfig();
  resetDb();
  key = orgs()[0].apiKey;
  ({ handler } = (await import('../../functions/api/lambda')) as unknown as { handler: typeof handler });
});

/** The JSON lines the functions write to stdout while `fn` runs (logs at `level`, and EMF metrics). */
async function written<T>(fn: () => Promise<T>, level: 'debug' | 'silent' = 'silent'): Promise<{ value: T; lines: Record<string, any>[] }> {
  const lines: Record<string, any>[] = [];
  const write = process.stdout.write;
  const writeError = process.stderr.write;
  // Swallowed while read (warnings and errors go to stderr): the test report stays clean.
  const read = ((chunk: string | Uint8Array) => {
    for (const line of String(chunk).split('\n')) if (line.startsWith('{')) lines.push(JSON.parse(line));
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = read;
  process.stderr.write = read;
  process.env.LOG_LEVEL = level;
  try {
    return { value: await fn(), lines };
  } finally {
    process.env.LOG_LEVEL = 'silent';
    process.stdout.write = write;
    process.stderr.write = writeError;
  }
}
const emf = (lines: Record<string, any>[]) => lines.filter((l) => l._aws?.CloudWatchMetrics);

afterEach(() => {
  // A test below points the functions elsewhere: back to the stack.
  Object.assign(process.env, stack().env);
  resetConfig();
  resetDb();
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

describe('logs and metrics of the API function', () => {
  it('every log line of a request carries its X-Request-Id, the organisation and the Lambda context', async () => {
    const { value: res, lines } = await written(
      () => invoke(event('GET', '/api/v1/me', { headers: { 'x-request-id': 'trace-42' } })),
      'debug',
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-request-id']).toBe('trace-42');
    const logs = lines.filter((l) => l.level);
    expect(logs.length).toBeGreaterThan(0);
    for (const line of logs) {
      expect(line).toMatchObject({
        request_id: 'trace-42',
        organization_id: orgs()[0].id,
        function_request_id: 'test',
        function_name: 'carnet-api',
      });
      expect(typeof line.cold_start).toBe('boolean');
    }
    expect(logs.find((l) => l.message === 'answered')).toMatchObject({ method: 'GET', route: '/api/v1/me', status: 200 });
  });

  it("without an incoming id, API Gateway's request id is the answer's and the logs'; a 401 has it too", async () => {
    const e = event('GET', '/api/v1/me', { headers: { authorization: '' } });
    const { value: res, lines } = await written(() => invoke(e), 'debug');
    expect(res.statusCode).toBe(401);
    expect(res.headers['x-request-id']).toBe(e.requestContext.requestId);
    const logs = lines.filter((l) => l.level);
    expect(logs.length).toBeGreaterThan(0);
    for (const line of logs) {
      expect(line.request_id).toBe(e.requestContext.requestId);
      expect(line.organization_id).toBeUndefined();
    }
    // A request that counted nothing writes no metrics line.
    expect(emf(lines)).toEqual([]);
  });

  it('a 5xx is counted as a ServerErrors metric (EMF), with the request id in the error log', async () => {
    await invoke(event('GET', '/api/v1/clients')); // the key is now cached: the next call reaches the table
    process.env.DYNAMODB_ENDPOINT = 'http://127.0.0.1:9';
    resetConfig();
    resetDb();
    const { value: res, lines } = await written(
      () => invoke(event('GET', '/api/v1/clients', { headers: { 'x-request-id': 'down-1' } })),
      'debug',
    );
    expect(res.statusCode).toBe(503);
    expect(res.headers['x-request-id']).toBe('down-1');
    expect(lines.find((l) => l.message === 'dependency unavailable')).toMatchObject({ level: 'WARN', request_id: 'down-1' });
    const [metrics] = emf(lines);
    expect(metrics?._aws.CloudWatchMetrics).toEqual([
      { Namespace: 'Carnet/local', Dimensions: [['service']], Metrics: [{ Name: 'ServerErrors', Unit: 'Count' }] },
    ]);
    expect(metrics).toMatchObject({ ServerErrors: 1 });
  });
});

describe('functions/events/ses-events.ts with only its table variables', () => {
  it('records a hard bounce without Cognito or mail settings, and counts it (EMF)', async () => {
    const org = await newOrganization(unique('Rebonds'), { secondaryContacts: false });
    const email = `rebond-${Date.now().toString(36)}@exemple.fr`;
    const client = await newClient(org.apiKey, 'Client rebond', { mainContact: { lastName: 'Rebond', email } });
    const address = await newAddress(org.apiKey, client.id, 'Site');
    const doc = await ok(201, api(org.apiKey, 'POST', `/clients/${client.id}/documents`, { type: 'invoice', addressId: address.id }));
    await ok(200, api(org.apiKey, 'POST', `/clients/${client.id}/documents/${doc.body.id}/issue`));
    const path = `/clients/${client.id}/documents/${doc.body.id}/sends`;
    const sent = await ok(201, api(org.apiKey, 'POST', path, { to: [{ kind: 'main' }] }));

    // What the stack gives this function: the table (here DynamoDB Local's endpoint with it), no more.
    for (const name of ['COGNITO_USER_POOL_ID', 'COGNITO_CLIENT_ID', 'COGNITO_ENDPOINT', 'MAIL_FROM_ADDRESS', 'SES_ENDPOINT'])
      delete process.env[name];
    resetConfig();
    resetDb();
    const { handler: eventsHandler } = await import('../../functions/events/ses-events');
    const now = new Date().toISOString();
    const bounce = {
      eventType: 'Bounce',
      mail: { messageId: sent.body.messageId, timestamp: now, destination: [email] },
      bounce: { bounceType: 'Permanent', bounceSubType: 'General', bouncedRecipients: [{ emailAddress: email }], timestamp: now },
    };
    const sns = { Records: [{ EventSource: 'aws:sns', Sns: { Message: JSON.stringify(bounce) } }] } as unknown as SNSEvent;
    const { lines } = await written(() => eventsHandler(sns, { ...context, functionName: 'carnet-ses-events' }));
    const [metrics] = emf(lines);
    expect(metrics).toMatchObject({ Bounces: 1 });
    expect(metrics?._aws.CloudWatchMetrics).toEqual([
      { Namespace: 'Carnet/local', Dimensions: [['service']], Metrics: [{ Name: 'Bounces', Unit: 'Count' }] },
    ]);

    for (let i = 0; i < 40; i++) {
      const [send] = (await ok(200, api(org.apiKey, 'GET', path))).body.items;
      if (send?.status === 'bounced') return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the send never became bounced');
  });
});
