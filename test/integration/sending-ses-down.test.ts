import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/ports';
import { startSes, type LocalSes } from '../../infra/local/ses';
import { startLocalStack, type LocalStack } from '../../infra/local/stack';
import { at } from '../../shared/at';

/**
 * SES unreachable: a stack of its own (this file runs in its own worker process) whose SES endpoint
 * is a port nothing listens on. A send answers 502 and is recorded as failed; then the SES
 * stand-in is started on that very port, and a new attempt (a new Idempotency-Key) goes through,
 * while the old key still answers its first answer (the 502), as Stripe's keys do.
 */
let stack: LocalStack;
let ses: LocalSes | undefined;
let dir: string;
let port: number;

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const key = at(stack.credentials.organizations, 0, 'seeded organisations').apiKey;
  const res = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as any };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'carnet-ses-down-'));
  port = await freePort();
  stack = await startLocalStack({ dataDir: dir, ports: 'free', seed: true, sesEndpoint: `http://127.0.0.1:${port}` });
});

afterAll(async () => {
  await ses?.stop();
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('when SES cannot be reached', () => {
  it('answers 502, records the send as failed, and a new attempt succeeds once SES is back', async () => {
    const clients = (await call('GET', '/clients?q=Boulangerie')).body.items;
    const clientId = clients[0].id;
    const draft = await call('POST', `/clients/${clientId}/documents`, {
      type: 'quote',
      lines: [{ description: 'Ramonage', quantity: 1, unitPriceCents: 9_000, vatRate: 10 }],
    });
    expect(draft.status).toBe(201);
    // Issued (Valider) before it is sent.
    const invoice = await call('POST', `/clients/${clientId}/documents/${draft.body.id}/issue`);
    expect(invoice.status).toBe(200);
    const path = `/clients/${clientId}/documents/${invoice.body.id}`;

    const failed = await call('POST', `${path}/sends`, { to: [{ kind: 'main' }] }, { 'idempotency-key': 'down-1' });
    expect(failed.status).toBe(502);
    expect(failed.body).toMatchObject({ code: 'upstream_failed', status: 502 });
    expect(JSON.stringify(failed.body)).not.toMatch(/127\.0\.0\.1|\n\s+at /);
    const history = await call('GET', `${path}/sends`);
    expect(history.body.items).toHaveLength(1);
    expect(history.body.items[0]).toMatchObject({
      status: 'failed',
      messageId: null,
      error: expect.any(String),
      to: [{ kind: 'main', email: 'sophie.martin@boulangerie-martin.fr' }],
    });
    // The same key answers the same 502 again and tries nothing.
    expect((await call('POST', `${path}/sends`, { to: [{ kind: 'main' }] }, { 'idempotency-key': 'down-1' })).status).toBe(502);
    expect((await call('GET', `${path}/sends`)).body.items).toHaveLength(1);

    ses = await startSes(port, join(dir, 'mailbox-late.json'));
    const retried = await call('POST', `${path}/sends`, { to: [{ kind: 'main' }] }, { 'idempotency-key': 'down-2' });
    expect(retried.status).toBe(201);
    expect(retried.body).toMatchObject({ status: 'sent', messageId: expect.any(String) });
    const store = (await (await fetch(`http://127.0.0.1:${port}/store`)).json()) as { emails: { messageId: string }[] };
    expect(store.emails.map((e) => e.messageId)).toEqual([retried.body.messageId]);

    const started = Date.now();
    let items: { id: string; status: string }[] = [];
    while (Date.now() - started < 10_000) {
      items = (await call('GET', `${path}/sends`)).body.items;
      if (items[0]?.status === 'delivered') break;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    expect(items.map((s) => s.status)).toEqual(['delivered', 'failed']);
    expect(at(items, 0, 'sends').id).toBe(retried.body.id);
  });
});
