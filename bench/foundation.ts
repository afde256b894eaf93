/**
 * The foundation's figures (issue 2): DynamoDB requests and read capacity per API call, latency at
 * 20 concurrent connections beside a bare DynamoDB Local Query, and the Lambda bundle's size and
 * cold import time. Starts its own embedded stack in a temporary directory.
 *
 *   npx tsx bench/foundation.ts          (or `npm run bench foundation`)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createApiKey } from '../functions/api-keys';
import { createAddress } from '../functions/addresses';
import { createClient } from '../functions/clients';
import { createContact } from '../functions/contacts';
import { clientPartition, overviewRange } from '../functions/clients/partition';
import { createOrganization } from '../functions/organizations';
import { projectRoot, startLocalStack, type LocalStack } from '../infra/local/stack';
import { at, entry } from '../shared/at';
import { median, percentile, round } from './stats';
import type { Answer } from './answers';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.LOG_LEVEL ??= 'silent';
// The figures come from the x-carnet-ddb-* headers, which only this flag turns on (local stage).
process.env.CARNET_DDB_HEADERS ??= '1';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const IN_FLIGHT = 20;

interface Call {
  status: number;
  body: Answer;
  requests: number;
  rcu: number;
  wcu: number;
}

/** Runs `task` over `items` with at most `limit` running at once. */
async function pool<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await task(at(items, i), i);
      }
    }),
  );
  return results;
}

async function timed(count: number, inFlight: number, once: (i: number) => Promise<unknown>) {
  const latencies: number[] = [];
  const started = performance.now();
  await pool(
    Array.from({ length: count }, (_, i) => i),
    inFlight,
    async (i) => {
      const t = performance.now();
      await once(i);
      latencies.push(performance.now() - t);
    },
  );
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

type CallFn = (key: string, method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Call>;

/** Every route of the foundation once, in a fresh organisation, for docs/data-model.md. */
async function measureEveryRoute(local: LocalStack, call: CallFn, expectStatus: (c: Call, status: number, what: string) => Call) {
  const org = await createOrganization({ name: 'Routes SAS', settings: { modules: { secondaryContacts: true } } });
  const key = (await createApiKey(org.id, { name: 'routes', role: 'admin' })).secret;
  const admin = at(local.credentials.organizations, 0, 'seeded organisations').users.find((u) => u.role === 'admin')!;
  const token = await signIn(local, admin.email, admin.password);
  const out: Record<string, Call> = {};
  const m = async (
    name: string,
    status: number,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
    credential = key,
  ) => {
    out[name] = expectStatus(await call(credential, method, path, body, headers), status, name);
    return out[name].body;
  };
  await call(key, 'GET', '/me'); // the first use of a credential resolves it (not counted)
  await call(token, 'GET', '/me');
  await m('GET /me (API key)', 200, 'GET', '/me');
  await m('GET /me (user)', 200, 'GET', '/me', undefined, undefined, token);
  await m('GET /settings', 200, 'GET', '/settings');
  await m('PATCH /settings', 200, 'PATCH', '/settings', { sender: { fromName: 'Routes' } });
  await m('GET /me/display-options', 200, 'GET', '/me/display-options');
  await m('PUT /me/display-options', 200, 'PUT', '/me/display-options', { contact: { notes: false } });
  await m('GET /users', 200, 'GET', '/users');
  const user = await m('POST /users', 201, 'POST', '/users', { email: `routes-${Date.now()}@bench.fr` });
  // A member (the last admin could not be disabled below: 409 last_admin).
  await m('PATCH /users/{id}', 200, 'PATCH', `/users/${user.id}`, { lastName: 'Banc' });
  await m('DELETE /users/{id}', 200, 'DELETE', `/users/${user.id}`);
  await m('GET /api-keys', 200, 'GET', '/api-keys');
  const apiKey = await m('POST /api-keys', 201, 'POST', '/api-keys', { name: 'temporaire' });
  await m('DELETE /api-keys/{id}', 204, 'DELETE', `/api-keys/${apiKey.id}`);
  const client = await m('POST /clients', 201, 'POST', '/clients', { name: 'Route client', kind: 'company', reference: 'RT-1' });
  for (let i = 0; i < 5; i++) await call(key, 'POST', '/clients', { name: `Route ${i}`, kind: 'company' });
  await m('GET /clients', 200, 'GET', '/clients');
  await m('GET /clients?q=', 200, 'GET', '/clients?q=rt-');
  await m('GET /clients?cursor=', 200, 'GET', `/clients?limit=2&cursor=${(await call(key, 'GET', '/clients?limit=2')).body.nextCursor}`);
  await m('GET /clients/{id}', 200, 'GET', `/clients/${client.id}`);
  await m('PATCH /clients/{id}', 200, 'PATCH', `/clients/${client.id}`, { notes: 'x' });
  const address = await m('POST /clients/{id}/addresses', 201, 'POST', `/clients/${client.id}/addresses`, {
    label: 'A',
    line1: '1 rue',
    postalCode: '75001',
    city: 'Paris',
  });
  const other = await call(key, 'POST', `/clients/${client.id}/addresses`, {
    label: 'B',
    line1: '2 rue',
    postalCode: '75001',
    city: 'Paris',
  });
  await m('GET /clients/{id}/addresses', 200, 'GET', `/clients/${client.id}/addresses`);
  await m('GET /clients/{id}/addresses/{id}', 200, 'GET', `/clients/${client.id}/addresses/${address.id}`);
  await m('PATCH /clients/{id}/addresses/{id}', 200, 'PATCH', `/clients/${client.id}/addresses/${address.id}`, { notes: 'x' });
  const contact = await m('POST /clients/{id}/contacts (no address)', 201, 'POST', `/clients/${client.id}/contacts`, {
    firstName: 'Sans',
    lastName: 'Adresse',
  });
  await m('POST /clients/{id}/contacts (with address)', 201, 'POST', `/clients/${client.id}/contacts`, {
    firstName: 'Avec',
    lastName: 'Adresse',
    addressId: address.id,
    email: 'avec@x.fr',
  });
  await m('GET /clients/{id}/contacts', 200, 'GET', `/clients/${client.id}/contacts`);
  await m('GET /clients/{id}/contacts?eligibleForAddress=', 200, 'GET', `/clients/${client.id}/contacts?eligibleForAddress=${address.id}`);
  await m('GET /clients/{id}/contacts/{id}', 200, 'GET', `/clients/${client.id}/contacts/${contact.id}`);
  await m('PATCH /clients/{id}/contacts/{id}', 200, 'PATCH', `/clients/${client.id}/contacts/${contact.id}`, { jobTitle: 'x' });
  await m('PATCH /clients/{id}/contacts/{id} (to an address)', 200, 'PATCH', `/clients/${client.id}/contacts/${contact.id}`, {
    addressId: other.body.id,
  });
  await m('GET /contacts', 200, 'GET', '/contacts');
  await m('GET /contacts?q=', 200, 'GET', '/contacts?q=adr');
  await m('GET /clients/{id}/overview', 200, 'GET', `/clients/${client.id}/overview`);
  await m('DELETE /clients/{id}/addresses/{id} (1 contact unlinked)', 204, 'DELETE', `/clients/${client.id}/addresses/${address.id}`);
  await m('DELETE /clients/{id}/contacts/{id}', 204, 'DELETE', `/clients/${client.id}/contacts/${contact.id}`);
  await m('DELETE /clients/{id} (1 address, 1 contact)', 204, 'DELETE', `/clients/${client.id}`);
  return out;
}

export async function signIn(local: LocalStack, email: string, password: string): Promise<string> {
  const res = await fetch(local.credentials.cognito.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
    body: JSON.stringify({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: local.credentials.cognito.clientId,
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  });
  const body = (await res.json()) as { AuthenticationResult?: { AccessToken: string } };
  if (!body.AuthenticationResult) throw new Error(`sign-in failed: ${JSON.stringify(body)}`);
  return body.AuthenticationResult.AccessToken;
}

export async function benchFoundation() {
  const dir = mkdtempSync(join(tmpdir(), 'carnet-bench-'));
  let local: LocalStack | undefined;
  try {
    const t0 = Date.now();
    local = await startLocalStack({ dataDir: dir, ports: 'free', seed: true });
    const stackStartSeconds = round((Date.now() - t0) / 1000, 1);
    const apiUrl = local.apiUrl;

    const call = async (key: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Call> => {
      const res = await fetch(`${apiUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return {
        status: res.status,
        body: text ? JSON.parse(text) : null,
        requests: Number(res.headers.get('x-carnet-ddb-requests')),
        rcu: Number(res.headers.get('x-carnet-ddb-rcu')),
        wcu: Number(res.headers.get('x-carnet-ddb-wcu')),
      };
    };
    const expectStatus = (c: Call, status: number, what: string) => {
      if (c.status !== status) throw new Error(`${what}: expected ${status}, got ${c.status} ${JSON.stringify(c.body)}`);
      return c;
    };

    // ---------- DynamoDB requests per API call (seeded demo organisation, module on) ----------
    const dupont = at(local.credentials.organizations, 0, 'seeded organisations');
    const key = dupont.apiKey;
    const boulangerie = at(expectStatus(await call(key, 'GET', '/clients?q=boulangerie'), 200, 'search').body.items, 0, 'clients found');
    const overview = await call(key, 'GET', `/clients/${boulangerie.id}/overview`);
    const addressId = at(overview.body.addresses, 0, 'addresses').id;
    // Warm the credential and settings caches (they are not counted anyway) before measuring.
    await call(key, 'GET', `/clients/${boulangerie.id}/contacts?eligibleForAddress=${addressId}`);
    const perCall = {
      overview: await call(key, 'GET', `/clients/${boulangerie.id}/overview`),
      eligibleForAddress: await call(key, 'GET', `/clients/${boulangerie.id}/contacts?eligibleForAddress=${addressId}`),
      contactCreate: expectStatus(
        await call(key, 'POST', `/clients/${boulangerie.id}/contacts`, { firstName: 'Bench', lastName: 'Mesure', addressId }),
        201,
        'create',
      ),
      contactPatch: undefined as Call | undefined,
      contactPatchMovingAddress: undefined as Call | undefined,
      contactDelete: undefined as Call | undefined,
    };
    const created = perCall.contactCreate.body;
    perCall.contactPatch = expectStatus(
      await call(key, 'PATCH', `/clients/${boulangerie.id}/contacts/${created.id}`, { jobTitle: 'Mesureur' }, { 'if-match': '"1"' }),
      200,
      'patch',
    );
    perCall.contactPatchMovingAddress = expectStatus(
      await call(key, 'PATCH', `/clients/${boulangerie.id}/contacts/${created.id}`, {
        addressId: at(overview.body.addresses, 1, 'addresses').id,
      }),
      200,
      'patch (address)',
    );
    perCall.contactDelete = expectStatus(
      await call(key, 'DELETE', `/clients/${boulangerie.id}/contacts/${created.id}`, undefined, { 'if-match': '"3"' }),
      204,
      'delete',
    );
    const figures = (c: Call) => ({ requests: c.requests, rcu: round(c.rcu), wcu: round(c.wcu) });
    const ddbRequestsPerCall = Object.fromEntries(Object.entries(perCall).map(([name, c]) => [name, figures(c!)]));
    const targets = {
      overviewIs1: perCall.overview.requests === 1,
      eligibleForAddressAtMost2: perCall.eligibleForAddress.requests <= 2,
      contactWritesAtMost2: [perCall.contactCreate, perCall.contactPatch, perCall.contactPatchMovingAddress, perCall.contactDelete].every(
        (c) => c!.requests <= 2,
      ),
    };
    const everyRoute = await measureEveryRoute(local, call, expectStatus);
    const routeFigures = Object.fromEntries(Object.entries(everyRoute).map(([name, c]) => [name, figures(c)]));

    // ---------- Read capacity of eligibleForAddress: 2,000 contacts over 200 addresses vs 10 ----------
    const setupStarted = Date.now();
    const org = await createOrganization({ name: 'Bench SAS', settings: { modules: { secondaryContacts: true } } });
    const benchKey = (await createApiKey(org.id, { name: 'bench', role: 'admin' })).secret;
    const big = await createClient(org.id, { name: 'Grand compte', kind: 'company' });
    const small = await createClient(org.id, { name: 'Petit compte', kind: 'company' });
    const bigAddresses = await pool(
      Array.from({ length: 200 }, (_, i) => i),
      16,
      (i) =>
        createAddress(org.id, big.id, {
          label: `Site ${String(i).padStart(3, '0')}`,
          line1: `${i} avenue du Bench`,
          postalCode: '75011',
          city: 'Paris',
        }),
    );
    const smallAddress = await createAddress(org.id, small.id, {
      label: 'Unique site',
      line1: '1 rue du Bench',
      postalCode: '75011',
      city: 'Paris',
    });
    const contactBody = (i: number, addressId: string) => ({
      civility: i % 2 ? ('mr' as const) : ('mrs' as const),
      firstName: `Prénom${i}`,
      lastName: `Nom${String(i).padStart(4, '0')}`,
      jobTitle: 'Technicien',
      email: `contact${i}@grand-compte.fr`,
      phone: '01 42 68 53 00',
      addressId,
    });
    await pool(
      Array.from({ length: 2000 }, (_, i) => i),
      16,
      (i) => createContact(org.id, big.id, contactBody(i, at(bigAddresses, i % 200, 'addresses').id)),
    );
    await pool(
      Array.from({ length: 10 }, (_, i) => i),
      10,
      (i) => createContact(org.id, small.id, contactBody(i, smallAddress.id)),
    );
    const setupSeconds = round((Date.now() - setupStarted) / 1000, 1);
    await call(benchKey, 'GET', '/me');
    const eligibleBig = expectStatus(
      await call(benchKey, 'GET', `/clients/${big.id}/contacts?eligibleForAddress=${at(bigAddresses, 7, 'addresses').id}`),
      200,
      'eligible big',
    );
    const eligibleSmall = expectStatus(
      await call(benchKey, 'GET', `/clients/${small.id}/contacts?eligibleForAddress=${smallAddress.id}`),
      200,
      'eligible small',
    );
    if (eligibleBig.body.items.length !== 10 || eligibleSmall.body.items.length !== 10) {
      throw new Error(`expected 10 eligible contacts each, got ${eligibleBig.body.items.length} and ${eligibleSmall.body.items.length}`);
    }
    const fullListBig = await call(benchKey, 'GET', `/clients/${big.id}/contacts`);
    const overviewBig = await call(benchKey, 'GET', `/clients/${big.id}/overview`);
    const eligibleRcu = {
      setup: { contacts: 2010, addresses: 201, seconds: setupSeconds, how: 'createContact/createAddress in-process, 16 at a time' },
      bigClient: {
        contacts: 2000,
        addresses: 200,
        eligible: eligibleBig.body.items.length,
        requests: eligibleBig.requests,
        rcu: round(eligibleBig.rcu),
      },
      smallClient: {
        contacts: 10,
        eligible: eligibleSmall.body.items.length,
        requests: eligibleSmall.requests,
        rcu: round(eligibleSmall.rcu),
      },
      ratio: round(eligibleBig.rcu / eligibleSmall.rcu),
      ratioAtMost2: eligibleBig.rcu / eligibleSmall.rcu <= 2,
      forComparison: {
        bigClientAllContacts: { requests: fullListBig.requests, rcu: round(fullListBig.rcu) },
        bigClientOverview: { requests: overviewBig.requests, rcu: round(overviewBig.rcu) },
      },
    };

    // ---------- Latency at 20 concurrent connections ----------
    const overviewPath = `/clients/${boulangerie.id}/overview`;
    // The bare Query the overview sends, with the SDK, from this same process, at the same concurrency.
    const bare = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: process.env.DYNAMODB_ENDPOINT,
        region: 'eu-west-3',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
    );
    const bareQuery = () =>
      bare.send(
        new QueryCommand({
          TableName: local!.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': clientPartition(dupont.id, boulangerie.id),
            ':from': overviewRange(true).from,
            ':to': overviewRange(true).to,
          },
        }),
      );
    let posted = 0;
    const kinds = {
      getOverview: async () => {
        const c = await call(key, 'GET', overviewPath);
        if (c.status !== 200) throw new Error(`overview answered ${c.status}`);
      },
      postContact: async () => {
        const i = posted++;
        const c = await call(benchKey, 'POST', `/clients/${small.id}/contacts`, {
          firstName: `Latence${i}`,
          lastName: 'Mesure',
          email: `latence${i}@bench.fr`,
        });
        if (c.status !== 201) throw new Error(`POST contact answered ${c.status}`);
      },
      bareDynamoQuery: bareQuery,
    };
    for (const once of Object.values(kinds)) for (let i = 0; i < 50; i++) await once(); // warm-up (JIT, connections)
    // Interleaved rounds, so that a busy moment of the machine weighs on all three alike.
    const ROUNDS = 4;
    const samples = Object.fromEntries(Object.keys(kinds).map((k) => [k, { latencies: [] as number[], seconds: 0 }]));
    for (let r = 0; r < ROUNDS; r++) {
      for (const [name, once] of Object.entries(kinds)) {
        const round = await timed(Math.ceil(REQUESTS / ROUNDS), IN_FLIGHT, once);
        const sample = entry(samples, name, 'samples');
        sample.latencies.push(...round.latencies);
        sample.seconds += round.seconds;
      }
    }
    bare.destroy();
    const summary = (name: string) => {
      const { latencies, seconds } = entry(samples, name, 'samples');
      latencies.sort((a, b) => a - b);
      return {
        requests: latencies.length,
        inFlight: IN_FLIGHT,
        p50Ms: round(percentile(latencies, 50)),
        p99Ms: round(percentile(latencies, 99)),
        perSecond: Math.round(latencies.length / seconds),
      };
    };
    const getOverview = summary('getOverview');
    const postContact = summary('postContact');
    const bareDynamoQuery = summary('bareDynamoQuery');
    const latency = {
      getOverview,
      postContact,
      bareDynamoQuery,
      overheadRatio: {
        getOverviewP50: round(getOverview.p50Ms / bareDynamoQuery.p50Ms),
        getOverviewP99: round(getOverview.p99Ms / bareDynamoQuery.p99Ms),
      },
      note: 'client, API server and SDK share this one Node process (2 cores, DynamoDB Local in Java beside it); rounds interleaved',
    };

    await local.stop();
    local = undefined;

    return { stackStartSeconds, ddbRequestsPerCall, targets, eligibleRcu, latency, everyRoute: routeFigures, lambdaBundle: lambdaBundle() };
  } finally {
    await local?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * esbuild a Lambda entry as CDK would (ESM, node22, minified, @aws-sdk/* left to the runtime): its
 * size, and the median time a fresh Node process takes to import it (a proxy for the cold INIT).
 */
export function lambdaBundle(entry = 'functions/api/lambda.ts') {
  const out = mkdtempSync(join(tmpdir(), 'carnet-lambda-'));
  try {
    const file = join(out, 'index.mjs');
    const started = Date.now();
    execFileSync(
      join(projectRoot, 'node_modules', '.bin', 'esbuild'),
      [
        join(projectRoot, entry),
        '--bundle',
        '--minify',
        '--format=esm',
        '--platform=node',
        '--target=node22',
        '--external:@aws-sdk/*',
        // Some bundled CommonJS calls require(): give the ESM bundle one, as CDK's NodejsFunction does.
        "--banner:js=import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
        `--outfile=${file}`,
        '--log-level=warning',
      ],
      { cwd: projectRoot, stdio: 'pipe' },
    );
    const buildMs = Date.now() - started;
    const bytes = statSync(file).size;
    const gzipBytes = gzipSync(readFileSync(file), { level: 9 }).length;
    // The runtime provides @aws-sdk: here, the project's node_modules next to the bundle.
    symlinkSync(join(projectRoot, 'node_modules'), join(out, 'node_modules'), 'dir');
    const script = `const t = performance.now(); const m = await import(${JSON.stringify(pathToFileURL(file).href)}); if (typeof m.handler !== 'function') throw new Error('no handler'); console.log(performance.now() - t);`;
    const runs: { importMs: number; processMs: number }[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: projectRoot,
        encoding: 'utf8',
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      });
      if (r.status !== 0) throw new Error(`importing the bundle failed: ${r.stderr}`);
      runs.push({ importMs: Number(r.stdout.trim()), processMs: performance.now() - t });
    }
    return {
      bytes,
      kib: round(bytes / 1024, 1),
      gzipBytes,
      gzipKib: round(gzipBytes / 1024, 1),
      buildMs,
      coldImportMedianMs: round(median(runs.map((r) => r.importMs)), 1),
      coldProcessMedianMs: round(median(runs.map((r) => r.processMs)), 1),
      runs: runs.map((r) => round(r.importMs, 1)),
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = Date.now();
  benchFoundation()
    .then((figures) => {
      console.log(JSON.stringify(figures, null, 2));
      console.log(`(foundation: ${((Date.now() - started) / 1000).toFixed(1)} s)`);
      process.exit(0);
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
