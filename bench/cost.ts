/**
 * The cost model's figures (issue 5, docs/cost.md), on an embedded stack of its own:
 *
 * - per API call of a realistic office session around one send (`MIX_PER_SEND`): DynamoDB requests
 *   and consumed capacity (the `x-carnet-ddb-*` headers), response bytes, log bytes written, and the
 *   in-process duration of the Lambda handler (`functions/api/lambda.ts` called with API Gateway
 *   HTTP API v2 events, as test/integration/lambda.test.ts does): a LOCAL PROXY for Lambda's billed
 *   duration (this machine's CPU, not Graviton at 1,024 MB; DynamoDB Local, not DynamoDB);
 * - per SES notification (Send, Delivery) given to `functions/events/ses-events.ts`: requests,
 *   capacity (conditional writes that fail are charged as DynamoDB does) and in-process duration;
 * - the size of the mail SES sends (PDF attachment) and of the SES-events function's bundle.
 *
 * Data: the seeded demo organisation plus 40 clients and 30 invoices (8 lines each), so that the
 * lists read full pages; the calls run as a signed-in user (Cognito access token), like the web app.
 *
 *   npx tsx bench/cost.ts          (or `npm run bench cost`)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2, Context, SNSEvent } from 'aws-lambda';
import { createClient } from '../functions/clients';
import { db } from '../functions/lib/dynamo';
import { newMetrics, withMetrics } from '../functions/lib/metrics';
import { startLocalStack, type LocalStack } from '../infra/local/stack';
import { lambdaBundle, signIn } from './foundation';
import { at, entry } from '../shared/at';
import { percentile, round, sortedCopy } from './stats';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.LOG_LEVEL ??= 'silent';
// The figures come from the x-carnet-ddb-* headers, which only this flag turns on (local stage).
process.env.CARNET_DDB_HEADERS ??= '1';

const REPEAT = Number(process.env.BENCH_COST_REPEAT ?? 15);

/**
 * The API calls of one send, as the web app makes them (web/lib/api.ts, web/routes/…): the session
 * opens (me, display options), the user finds the client (list, then a search), opens its record
 * (overview, its documents), glances at the invoice list, creates the invoice and corrects it once,
 * opens it (record, then the Rapport tab: document, recipients, PDF preview, empty history), sends,
 * and the history is revalidated once then polled twice (every 2 s until Delivery, with the
 * recipients) before the final status shows.
 */
export const MIX_PER_SEND: [route: string, count: number][] = [
  ['GET /me', 1],
  ['GET /me/display-options', 1],
  ['GET /clients', 1],
  ['GET /clients?q=', 1],
  ['GET /clients/{id}/overview', 1],
  ['GET /clients/{id}/documents', 1],
  ['GET /documents?type=invoice', 1],
  ['POST /clients/{id}/documents', 1],
  ['PATCH /clients/{id}/documents/{id}', 1],
  ['GET /clients/{id}/documents/{id}', 2],
  ['GET …/recipients', 3],
  ['GET …/pdf', 1],
  ['GET …/sends (empty)', 1],
  ['POST …/sends', 1],
  ['GET …/sends (1 send, 2 events)', 3],
];

type Result = { statusCode: number; headers: Record<string, string>; body: string; isBase64Encoded?: boolean };
type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<Result>;

const context = { functionName: 'carnet-api', awsRequestId: 'bench', getRemainingTimeInMillis: () => 25_000 } as unknown as Context;

function apiEvent(token: string, method: string, path: string, body?: unknown, extra: Record<string, string> = {}): APIGatewayProxyEventV2 {
  const [rawPath = '', rawQueryString = ''] = `/api/v1${path}`.split('?');
  const text = body === undefined ? undefined : JSON.stringify(body);
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers: {
      authorization: `Bearer ${token}`,
      host: 'abc123.execute-api.eu-west-3.amazonaws.com',
      'x-forwarded-proto': 'https',
      ...(text === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) }),
      ...extra,
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-west-3.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'bench' },
      requestId: `bench-${Math.random().toString(36).slice(2)}`,
      routeKey: '$default',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    body: text,
    isBase64Encoded: false,
  };
}

/** Bytes the functions write to stdout/stderr while fn runs (their log lines and EMF metrics). */
async function loggedBytes<T>(fn: () => Promise<T>): Promise<{ value: T; bytes: number }> {
  const { stdout, stderr } = process;
  const writes = { out: stdout.write, err: stderr.write };
  const level = process.env.LOG_LEVEL;
  let bytes = 0;
  // Powertools writes to the streams directly (its own Console), not through console.log.
  const count = ((chunk: string | Uint8Array) => {
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    return true;
  }) as typeof stdout.write;
  stdout.write = count;
  stderr.write = count;
  process.env.LOG_LEVEL = 'info'; // what the stack runs with (no LOG_LEVEL set on AWS)
  try {
    return { value: await fn(), bytes };
  } finally {
    stdout.write = writes.out;
    stderr.write = writes.err;
    if (level === undefined) delete process.env.LOG_LEVEL;
    else process.env.LOG_LEVEL = level;
  }
}

/** DynamoDB's item size rule (names + values), to charge a conditional write that failed. */
function itemBytes(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') return Math.ceil(String(value).replace(/[-.]/g, '').length / 2) + 1;
  if (Array.isArray(value)) return 3 + value.reduce((n, v) => n + 1 + itemBytes(v), 0);
  return 3 + Object.entries(value as Record<string, unknown>).reduce((n, [k, v]) => n + Buffer.byteLength(k) + 1 + itemBytes(v), 0);
}

export async function benchCost() {
  const simulator = process.env.SES_SIMULATOR;
  process.env.SES_SIMULATOR = 'off'; // the SES events are given to their handler here, measured
  const dir = mkdtempSync(join(tmpdir(), 'carnet-bench-cost-'));
  let stack: LocalStack | undefined;
  try {
    stack = await startLocalStack({ dataDir: dir, ports: 'free', seed: true });
    const org = at(stack.credentials.organizations, 0, 'seeded organisations');
    const admin = org.users.find((u) => u.role === 'admin')!;
    const token = await signIn(stack, admin.email, admin.password);

    // Conditional writes that fail cost write units but return no ConsumedCapacity: count them.
    let failedConditions = 0;
    db().middlewareStack.add(
      (next) => async (args) => {
        try {
          return await next(args);
        } catch (error) {
          if ((error as { name?: string }).name === 'ConditionalCheckFailedException') failedConditions++;
          throw error;
        }
      },
      { step: 'initialize', name: 'benchFailedConditions' },
    );

    // ---------- Data: full list pages ----------
    const setupStarted = Date.now();
    for (let i = 0; i < 40; i++) {
      await createClient(org.id, {
        name: `Client Mesure ${String(i).padStart(2, '0')}`,
        kind: i % 3 ? 'company' : 'individual',
        reference: `CM-${i}`,
        mainContact: {
          civility: 'mrs',
          firstName: 'Claire',
          lastName: `Dubois${i}`,
          email: `claire${i}@client-mesure.fr`,
          phone: '01 42 68 53 00',
        },
      });
    }
    // Cold start: see foundation's lambdaBundle (import of the built bundle in a fresh process).
    const { handler } = (await import('../functions/api/lambda')) as unknown as { handler: Handler };

    const invoke = async (method: string, path: string, body?: unknown, headers?: Record<string, string>) => {
      const t = performance.now();
      const res = await handler(apiEvent(token, method, path, body, headers), context);
      const ms = performance.now() - t;
      const bodyBytes = res.isBase64Encoded ? Buffer.from(res.body, 'base64').length : Buffer.byteLength(res.body ?? '');
      const headerBytes = Object.entries(res.headers ?? {}).reduce((n, [k, v]) => n + k.length + String(v).length + 4, 0);
      return {
        status: res.statusCode,
        json: () => JSON.parse(res.body),
        bodyBytes,
        headerBytes,
        ms,
        requests: Number(res.headers['x-carnet-ddb-requests']),
        rcu: Number(res.headers['x-carnet-ddb-rcu']),
        wcu: Number(res.headers['x-carnet-ddb-wcu']),
      };
    };
    const ok = async (status: number, what: string, p: ReturnType<typeof invoke>) => {
      const r = await p;
      if (r.status !== status) throw new Error(`${what}: expected ${status}, got ${r.status} ${r.json ? JSON.stringify(r.json()) : ''}`);
      return r;
    };

    const client = (await ok(200, 'search', invoke('GET', '/clients?q=boulangerie'))).json().items[0];
    const overview = (await ok(200, 'overview', invoke('GET', `/clients/${client.id}/overview`))).json();
    const address = overview.addresses[0];
    const lines = Array.from({ length: 8 }, (_, i) => ({
      description: `Entretien chaudière, pièce n° ${i + 1}`,
      quantity: 1 + (i % 3),
      unitPriceCents: 12_345 + i,
      vatRate: i % 2 ? 20 : 5.5,
    }));
    const documentBody = { type: 'invoice', title: 'Contrat d’entretien annuel', addressId: address.id, contactId: null, lines };
    const others = (await ok(200, 'clients', invoke('GET', '/clients?limit=5')))
      .json()
      .items.filter((c: { id: string }) => c.id !== client.id);
    for (let i = 0; i < 30; i++) {
      const owner = i < 10 ? client.id : others[i % others.length].id;
      await ok(201, 'invoice', invoke('POST', `/clients/${owner}/documents`, { ...documentBody, addressId: i < 10 ? address.id : null }));
    }
    const setupSeconds = round((Date.now() - setupStarted) / 1000, 1);

    // ---------- One pass over the mix: capacity, bytes, logs (deterministic) ----------
    const perRoute: Record<
      string,
      {
        status: number;
        requests: number;
        rcu: number;
        wcu: number;
        failedConditions: number;
        responseBytes: number;
        headerBytes: number;
        logBytes: number;
      }
    > = {};
    const measure = async (
      name: string,
      status: number,
      method: string,
      path: string,
      body?: unknown,
      headers?: Record<string, string>,
    ) => {
      const before = failedConditions;
      const { value: r, bytes } = await loggedBytes(() => ok(status, name, invoke(method, path, body, headers)));
      perRoute[name] = {
        status,
        requests: r.requests,
        rcu: r.rcu,
        wcu: r.wcu,
        failedConditions: failedConditions - before,
        responseBytes: r.bodyBytes,
        headerBytes: r.headerBytes,
        logBytes: bytes,
      };
      return r;
    };
    await measure('GET /me', 200, 'GET', '/me');
    await measure('GET /me/display-options', 200, 'GET', '/me/display-options');
    await measure('GET /clients', 200, 'GET', '/clients?limit=25');
    await measure('GET /clients?q=', 200, 'GET', '/clients?q=client%20m&limit=25');
    await measure('GET /clients/{id}/overview', 200, 'GET', `/clients/${client.id}/overview`);
    await measure('GET /clients/{id}/documents', 200, 'GET', `/clients/${client.id}/documents?limit=100`);
    await measure('GET /documents?type=invoice', 200, 'GET', '/documents?type=invoice&limit=25');
    const doc = (await measure('POST /clients/{id}/documents', 201, 'POST', `/clients/${client.id}/documents`, documentBody)).json();
    const docPath = `/clients/${client.id}/documents/${doc.id}`;
    await measure(
      'PATCH /clients/{id}/documents/{id}',
      200,
      'PATCH',
      docPath,
      { title: 'Contrat d’entretien annuel 2027' },
      { 'if-match': '"1"' },
    );
    await measure('GET /clients/{id}/documents/{id}', 200, 'GET', docPath);
    await measure('GET …/recipients', 200, 'GET', `${docPath}/recipients`);
    const pdf = await measure('GET …/pdf', 200, 'GET', `${docPath}/pdf`);
    await measure('GET …/sends (empty)', 200, 'GET', `${docPath}/sends`);
    const sent = (
      await measure('POST …/sends', 201, 'POST', `${docPath}/sends`, { to: [{ kind: 'main' }] }, { 'idempotency-key': 'cost-1' })
    ).json();

    // The mail SES received (the local stand-in keeps it): its attachment.
    const store = (await (await fetch(`${stack.mailboxUrl}/store`)).json()) as {
      emails: { messageId?: string; attachments?: { size?: number; content?: string }[] }[];
    };
    const mail = store.emails.at(-1);
    const attachment = mail?.attachments?.[0];
    const mailFigures = {
      recipients: sent.to.length + (sent.cc?.length ?? 0),
      pdfBytes: pdf.bodyBytes,
      attachmentBytes: attachment?.size ?? (attachment?.content ? Buffer.from(attachment.content, 'base64').length : null),
      attachmentBase64Bytes: Math.ceil(pdf.bodyBytes / 3) * 4,
    };

    // ---------- The SES events of that send, given to the events function ----------
    const { handler: eventsHandler } = (await import('../functions/events/ses-events')) as unknown as {
      handler: (e: SNSEvent, c: Context) => Promise<void>;
    };
    const { simulatedNotifications } = await import('../infra/local/ses-simulator');
    const sns = (message: unknown): SNSEvent => ({
      Records: [
        {
          EventSource: 'aws:sns',
          EventVersion: '1.0',
          EventSubscriptionArn: 'arn',
          Sns: { Message: JSON.stringify(message), MessageId: 'm', TopicArn: 't', Timestamp: new Date().toISOString() } as never,
        },
      ],
    });
    const recipientsOf = (s: { to: { email: string }[]; cc?: { email: string }[] }) => ({
      to: s.to.map((r) => r.email),
      cc: (s.cc ?? []).map((r) => r.email),
    });
    const notificationsFor = (s: { messageId: string; subject: string; to: { email: string }[]; cc?: { email: string }[] }) =>
      simulatedNotifications({ messageId: s.messageId, source: 'no-reply@carnet.localhost', subject: s.subject, ...recipientsOf(s) });
    const sendItem = async () => {
      const { getSend } = await import('../functions/sending');
      return getSend({ orgId: org.id, clientId: sent.clientId, documentId: sent.documentId, sendId: sent.id });
    };
    const perEvent: Record<
      string,
      { requests: number; rcu: number; wcu: number; failedConditions: number; failedConditionWcu: number; logBytes: number }
    > = {};
    for (const notification of notificationsFor(sent)) {
      const metrics = newMetrics();
      const before = failedConditions;
      const { bytes } = await loggedBytes(() => withMetrics(metrics, () => eventsHandler(sns(notification), {} as Context)));
      const failed = failedConditions - before;
      const item = failed ? await sendItem() : undefined;
      perEvent[notification.eventType!] = {
        requests: metrics.requests,
        rcu: metrics.readCapacity,
        wcu: metrics.writeCapacity,
        failedConditions: failed,
        // A failed condition consumes the existing item's write units (1 per KB, at least 1).
        failedConditionWcu: failed ? failed * Math.max(1, Math.ceil(itemBytes(item ?? {}) / 1024)) : 0,
        logBytes: bytes,
      };
    }
    const history = (await measure('GET …/sends (1 send, 2 events)', 200, 'GET', `${docPath}/sends`)).json();
    const historyEvents = history.items.reduce((n: number, s: { events: unknown[] }) => n + s.events.length, 0);
    if (history.items.length !== 1 || historyEvents !== 2)
      throw new Error(`history: ${history.items.length} sends, ${historyEvents} events`);

    // ---------- In-process handler durations (local proxy for Lambda), interleaved rounds ----------
    const timingDoc = (await ok(201, 'timing doc', invoke('POST', `/clients/${client.id}/documents`, documentBody))).json();
    const timingPath = `/clients/${client.id}/documents/${timingDoc.id}`;
    const calls: Record<string, (i: number) => ReturnType<typeof invoke>> = {
      'GET /me': () => invoke('GET', '/me'),
      'GET /me/display-options': () => invoke('GET', '/me/display-options'),
      'GET /clients': () => invoke('GET', '/clients?limit=25'),
      'GET /clients?q=': () => invoke('GET', '/clients?q=client%20m&limit=25'),
      'GET /clients/{id}/overview': () => invoke('GET', `/clients/${client.id}/overview`),
      'GET /clients/{id}/documents': () => invoke('GET', `/clients/${client.id}/documents?limit=100`),
      'GET /documents?type=invoice': () => invoke('GET', '/documents?type=invoice&limit=25'),
      'POST /clients/{id}/documents': () => invoke('POST', `/clients/${others[0].id}/documents`, { ...documentBody, addressId: null }),
      'PATCH /clients/{id}/documents/{id}': (i) => invoke('PATCH', timingPath, { title: `Titre ${i}` }),
      'GET /clients/{id}/documents/{id}': () => invoke('GET', docPath),
      'GET …/recipients': () => invoke('GET', `${docPath}/recipients`),
      'GET …/pdf': () => invoke('GET', `${docPath}/pdf`),
      'GET …/sends (empty)': () => invoke('GET', `${timingPath}/sends`),
      'POST …/sends': (i) => invoke('POST', `${timingPath}/sends`, { to: [{ kind: 'main' }] }, { 'idempotency-key': `cost-timing-${i}` }),
      'GET …/sends (1 send, 2 events)': () => invoke('GET', `${docPath}/sends`),
    };
    // Warm-up: JIT, connections, caches (a warm instance).
    for (let i = 0; i < 3; i++) for (const [name, call] of Object.entries(calls)) if (!name.startsWith('POST …/sends')) await call(-1 - i);
    const samples: Record<string, number[]> = Object.fromEntries(Object.keys(calls).map((k) => [k, []]));
    const timingSends: { messageId: string; subject: string; to: { email: string }[]; cc?: { email: string }[] }[] = [];
    for (let i = 0; i < REPEAT; i++) {
      for (const [name, call] of Object.entries(calls)) {
        const r = await call(i);
        if (r.status >= 300) throw new Error(`${name}: ${r.status}`);
        entry(samples, name, 'samples').push(r.ms);
        if (name === 'POST …/sends') timingSends.push(r.json());
      }
    }
    const eventMs: Record<string, number[]> = {};
    for (const s of timingSends) {
      for (const notification of notificationsFor(s)) {
        const t = performance.now();
        await eventsHandler(sns(notification), {} as Context);
        const type = notification.eventType ?? 'unknown';
        eventMs[type] ??= [];
        eventMs[type].push(performance.now() - t);
      }
    }
    const stats = (xs: number[]) => ({
      p50: round(percentile(sortedCopy(xs), 50), 1),
      p90: round(percentile(sortedCopy(xs), 90), 1),
      mean: round(xs.reduce((a, b) => a + b, 0) / xs.length, 1),
      n: xs.length,
    });
    const handlerMs = Object.fromEntries(Object.entries(samples).map(([k, xs]) => [k, stats(xs)]));
    const eventsHandlerMs = Object.fromEntries(Object.entries(eventMs).map(([k, xs]) => [k, stats(xs)]));

    // ---------- The mix: totals per send ----------
    const mix = { calls: 0, requests: 0, rcu: 0, wcu: 0, responseBytes: 0, headerBytes: 0, logBytes: 0, handlerMsP50: 0, handlerMsMean: 0 };
    for (const [name, count] of MIX_PER_SEND) {
      const r = entry(perRoute, name, 'routes measured');
      const ms = entry(handlerMs, name, 'handler timings');
      mix.calls += count;
      mix.requests += count * r.requests;
      mix.rcu += count * r.rcu;
      mix.wcu += count * (r.wcu + r.failedConditions);
      mix.responseBytes += count * r.responseBytes;
      mix.headerBytes += count * r.headerBytes;
      mix.logBytes += count * r.logBytes;
      mix.handlerMsP50 += count * ms.p50;
      mix.handlerMsMean += count * ms.mean;
    }
    mix.handlerMsP50 = round(mix.handlerMsP50, 1);
    mix.handlerMsMean = round(mix.handlerMsMean, 1);

    await stack.stop();
    stack = undefined;

    return {
      setup: { extraClients: 40, extraInvoices: 30, seconds: setupSeconds },
      perRoute,
      perEvent,
      mail: mailFigures,
      mixPerSend: { routes: Object.fromEntries(MIX_PER_SEND), ...mix },
      handlerMs,
      eventsHandlerMs,
      sesEventsBundle: lambdaBundle('functions/events/ses-events.ts'),
      note:
        'handler times: in this process (tsx, Node ' +
        process.version +
        ', 2 shared x86 cores) against DynamoDB Local — a proxy for Lambda arm64 duration, not a measurement of it',
    };
  } finally {
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
    if (simulator === undefined) delete process.env.SES_SIMULATOR;
    else process.env.SES_SIMULATOR = simulator;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = Date.now();
  benchCost()
    .then((figures) => {
      console.log(JSON.stringify(figures, null, 2));
      console.log(`(cost: ${((Date.now() - started) / 1000).toFixed(1)} s)`);
      process.exit(0);
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
