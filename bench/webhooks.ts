/**
 * Webhooks (issue 10): events per second through the local dispatcher (DynamoDB Local's stream →
 * the dispatcher Lambda's code → a receiver on 127.0.0.1), delivery latency from the change's
 * commit to the receiver's 2xx, and the DynamoDB writes events and deliveries cost per change.
 * Starts its own embedded stack in a temporary directory.
 *
 *   npx tsx bench/webhooks.ts          (or `npm run bench webhooks`)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { createApiKey } from '../functions/api-keys';
import { eventPart } from '../functions/events-feed';
import { db } from '../functions/lib/dynamo';
import { currentMetrics, newMetrics, withMetrics } from '../functions/lib/metrics';
import { transact } from '../functions/lib/store';
import { createOrganization } from '../functions/organizations';
import { startLocalStack, type LocalStack } from '../infra/local/stack';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.LOG_LEVEL ??= 'silent';

const CHANGES = Number(process.env.BENCH_WEBHOOK_CHANGES ?? 300);
const IN_FLIGHT = 10;

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

/** Writes made outside an API request (the dispatcher and the sweep): items and write units. */
function countBackgroundWrites() {
  const counted = { writes: 0, wcu: 0, commands: {} as Record<string, number> };
  const writes = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'TransactWriteItemsCommand']);
  db().middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName);
      const background = currentMetrics() === undefined && writes.has(name);
      if (background) (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      if (background) {
        counted.writes += 1;
        counted.commands[name] = (counted.commands[name] ?? 0) + 1;
        const c = (result.output as { ConsumedCapacity?: { CapacityUnits?: number } }).ConsumedCapacity;
        counted.wcu += c?.CapacityUnits ?? 0;
      }
      return result;
    },
    { step: 'initialize', name: 'benchBackgroundWrites' },
  );
  return counted;
}

export async function benchWebhooks() {
  const dir = mkdtempSync(join(tmpdir(), 'carnet-bench-webhooks-'));
  let local: LocalStack | undefined;
  const arrivals = new Map<string, number>();
  let invalid = 0;
  let secret = '';
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      const body = Buffer.concat(chunks).toString('utf8');
      try {
        const event = new Webhook(secret).verify(body, req.headers as Record<string, string>) as { data: { object: { id: string } } };
        if (!arrivals.has(event.data.object.id)) arrivals.set(event.data.object.id, at);
        res.writeHead(204).end();
      } catch {
        invalid += 1;
        res.writeHead(400).end();
      }
    });
  });
  try {
    local = await startLocalStack({ dataDir: dir, ports: 'free', seed: false });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
    const port = (receiver.address() as AddressInfo).port;
    const org = await createOrganization({ name: 'Bench webhooks', settings: { modules: { secondaryContacts: true } } });
    const key = (await createApiKey(org.id, { name: 'bench', role: 'admin' })).secret;
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${local?.apiUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return { body: text ? JSON.parse(text) : null, wcu: Number(res.headers.get('x-carnet-ddb-wcu')) };
    };
    const endpoint = await call('POST', '/webhook-endpoints', { url: `http://127.0.0.1:${port}/hook` });
    secret = endpoint.body.secret;
    const background = countBackgroundWrites();

    // The changes: client creations, IN_FLIGHT at a time; the answer marks the commit.
    const committed = new Map<string, number>();
    const changeWcu: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < CHANGES) {
          const i = next++;
          const created = await call('POST', '/clients', {
            name: `Client ${i}`,
            kind: 'company',
            mainContact: { email: `c${i}@bench.fr` },
          });
          committed.set(created.body.id, performance.now());
          changeWcu.push(created.wcu);
        }
      }),
    );
    const committedAll = performance.now();
    const deadline = Date.now() + 120_000;
    while (arrivals.size < CHANGES && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const lastArrival = Math.max(...arrivals.values());
    // Let the deliveries' final writes land before counting them.
    await new Promise((resolve) => setTimeout(resolve, 500));

    const latencies = [...committed].filter(([id]) => arrivals.has(id)).map(([id, at]) => (arrivals.get(id) ?? at) - at);
    latencies.sort((a, b) => a - b);

    // The event's own cost: its transaction part alone, for the same record.
    const sample = (await call('GET', `/clients/${[...committed.keys()][0]}`)).body;
    const eventOnly = newMetrics();
    await withMetrics(eventOnly, () => transact([eventPart(org.id, 'client.updated', sample)]));

    return {
      changes: CHANGES,
      delivered: arrivals.size,
      invalidSignatures: invalid,
      eventsPerSecondThroughDispatcher: round(arrivals.size / ((lastArrival - started) / 1000)),
      apiChangesPerSecond: round(CHANGES / ((committedAll - started) / 1000)),
      deliveryLatencyMs: {
        p50: round(percentile(latencies, 50)),
        p99: round(percentile(latencies, 99)),
        max: round(latencies.at(-1) ?? 0),
      },
      writesPerChange: {
        apiCallWcu: round(changeWcu.reduce((a, b) => a + b, 0) / changeWcu.length, 2),
        eventItems: 1,
        eventPartWcu: eventOnly.writeCapacity,
        deliveryWritesPerEndpoint: round(background.writes / CHANGES, 2),
        deliveryWcuPerEndpoint: round(background.wcu / CHANGES, 2),
        deliveryCommands: background.commands,
      },
    };
  } finally {
    receiver.closeAllConnections();
    receiver.close();
    await local?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  benchWebhooks()
    .then((figures) => {
      console.log(JSON.stringify(figures, null, 2));
      console.log(`(webhooks: ${((Date.now() - started) / 1000).toFixed(1)} s)`);
      process.exit(0);
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
