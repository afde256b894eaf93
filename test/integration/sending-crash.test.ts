import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onMailAccepted } from '../../functions/sending';
import { startLocalStack, type LocalStack } from '../../infra/local/stack';

/**
 * The crash between SES and the record: DynamoDB stops right after SES accepted the mail, so the
 * send cannot be recorded as sent. A stack of its own (this file runs in its own worker process).
 * The caller gets a 503 that says the mail has most likely gone; once DynamoDB is back, the SES
 * events (which carry the send's tags) mark the send; a retry with the same Idempotency-Key answers
 * that send and mails nothing new.
 */
let local: LocalStack;
let dir: string;

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const key = local.credentials.organizations[0]?.apiKey ?? '';
  const res = await fetch(`${local.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

async function mails(): Promise<{ messageId: string; subject: string }[]> {
  return ((await (await fetch(`${local.mailboxUrl}/store`)).json()) as { emails: { messageId: string; subject: string }[] }).emails;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'carnet-crash-'));
  local = await startLocalStack({ dataDir: dir, ports: 'free', seed: true });
}, 120_000);

afterAll(async () => {
  await local?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('DynamoDB fails right after SES accepted a send', () => {
  it('answers 503 saying the mail may have gone; the SES events reconcile the send; the same key mails nothing new', async () => {
    const clientId = (await call('GET', '/clients?q=Boulangerie')).body.items[0].id as string;
    const draft = await call('POST', `/clients/${clientId}/documents`, {
      type: 'quote',
      title: 'Panne après SES',
      lines: [{ description: 'Ramonage', quantity: 1, unitPriceCents: 9_000, vatRate: 10 }],
    });
    expect(draft.status).toBe(201);
    // Issued (Valider) before it is sent.
    const invoice = await call('POST', `/clients/${clientId}/documents/${draft.body.id}/issue`);
    expect(invoice.status).toBe(200);
    const path = `/clients/${clientId}/documents/${invoice.body.id}`;
    const request = { to: [{ kind: 'main' }], subject: `Panne ${invoice.body.number}` };
    const headers = { 'idempotency-key': 'crash-after-ses' };

    let stopped = false;
    const unplug = onMailAccepted(async () => {
      if (stopped) return;
      stopped = true;
      await local.stopDynamo();
    });
    const crashed = await call('POST', `${path}/sends`, request, headers).finally(unplug);
    expect(stopped).toBe(true);
    expect(crashed.status).toBe(503);
    expect(crashed.body).toMatchObject({ status: 503, code: 'unavailable' });
    expect(crashed.body.detail).toMatch(/most likely gone/);
    expect(crashed.body.detail).toMatch(/same Idempotency-Key/);
    expect(crashed.body.detail).toContain(`${path}/sends`);
    const sendId = /the send (\w+) could not be recorded/.exec(crashed.body.detail)?.[1];
    expect(sendId).toEqual(expect.any(String));

    await local.startDynamo();
    // The SES stand-in took exactly one mail.
    const sent = (await mails()).filter((m) => m.subject === request.subject);
    expect(sent).toHaveLength(1);

    // The SES events (retried, as SNS does, until DynamoDB answers) find the send by its tags.
    let history: any[] = [];
    const started = Date.now();
    while (Date.now() - started < 45_000) {
      const answer = await call('GET', `${path}/sends`);
      history = answer.status === 200 ? answer.body.items : [];
      if (history[0]?.status === 'delivered') break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ id: sendId, status: 'delivered', messageId: sent[0]?.messageId });

    // The same key answers that send; nothing is mailed again.
    const retried = await call('POST', `${path}/sends`, request, headers);
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.body).toMatchObject({ id: sendId, status: 'delivered' });
    expect((await call('POST', `${path}/sends`, { ...request, subject: 'Autre' }, headers)).status).toBe(422);
    expect((await mails()).filter((m) => m.subject === request.subject)).toHaveLength(1);
    expect((await call('GET', `${path}/sends`)).body.items).toHaveLength(1);
  }, 120_000);
});
