import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../infra/local/stack';
import { expectNoStackTrace } from './fixtures';
import { at } from '../../shared/at';

/**
 * DynamoDB Local stopped in the middle of a run: the API answers 503 problem+json (no hang, no
 * stack trace), and recovers by itself once DynamoDB is back. This file starts its OWN stack, so
 * stopping its database does not disturb the other integration tests.
 */
let local: LocalStack;
let dir: string;
let key: string;

async function call(method: string, path: string, body?: unknown, credential = key) {
  const started = Date.now();
  const res = await fetch(`${local.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${credential}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    text,
    body: text ? JSON.parse(text) : null,
    ms: Date.now() - started,
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'carnet-resilience-'));
  local = await startLocalStack({ dataDir: dir, ports: 'free', seed: true });
  key = at(local.credentials.organizations, 0, 'seeded organisations').apiKey;
}, 120_000);

afterAll(async () => {
  await local?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('DynamoDB Local stopped mid-run', () => {
  it('answers 503 problem+json while it is down, and recovers when it is back', async () => {
    const clients = await call('GET', '/clients');
    expect(clients.status).toBe(200);
    const clientId = clients.body.items[0].id as string;
    expect((await call('GET', `/clients/${clientId}/overview`)).status).toBe(200);

    await local.stopDynamo();

    const down = [
      await call('GET', '/clients'),
      await call('GET', `/clients/${clientId}/overview`),
      await call('POST', '/clients', { name: 'Pendant la panne', kind: 'company' }),
      await call('PATCH', `/clients/${clientId}`, { notes: 'Pendant la panne' }),
      await call('GET', `/clients/${clientId}/contacts`),
      // A credential never seen before must be looked up: that lookup fails the same way.
      await call('GET', '/me', undefined, 'ck_never-seen-before-during-the-outage'),
    ];
    for (const answer of down) {
      expect(answer.status, answer.text).toBe(503);
      expect(answer.type).toContain('application/problem+json');
      expect(answer.body).toMatchObject({ status: 503, code: 'unavailable' });
      expectNoStackTrace(answer.text);
      // Fails fast rather than hanging the caller.
      expect(answer.ms).toBeLessThan(10_000);
    }

    await local.startDynamo();

    let back = await call('GET', '/clients');
    for (let i = 0; i < 20 && back.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 250));
      back = await call('GET', '/clients');
    }
    expect(back.status).toBe(200);
    // Nothing written during the outage, everything written before is still there.
    expect(back.body.items.map((c: { id: string }) => c.id)).toEqual(clients.body.items.map((c: { id: string }) => c.id));
    const overview = await call('GET', `/clients/${clientId}/overview`);
    expect(overview.status).toBe(200);
    expect(overview.body.client.notes).not.toBe('Pendant la panne');
    const created = await call('POST', '/clients', { name: 'Après la panne', kind: 'company' });
    expect(created.status).toBe(201);
    expect((await call('GET', `/clients/${created.body.id}`)).status).toBe(200);
  }, 90_000);
});

describe('an invitation interrupted by a DynamoDB outage', () => {
  it('can be retried once DynamoDB is back: the user is created and signs in', async () => {
    const email = `panne.${Date.now()}@exemple.fr`;
    expect((await call('GET', '/users')).status).toBe(200);
    await local.stopDynamo();
    // Cognito takes the user, the membership cannot be written.
    const during = await call('POST', '/users', { email, firstName: 'Inès' });
    expect(during.status, during.text).toBe(503);
    await local.startDynamo();
    let retried = await call('POST', '/users', { email, firstName: 'Inès', lastName: 'Reprise' });
    for (let i = 0; i < 20 && retried.status === 503; i++) {
      await new Promise((r) => setTimeout(r, 250));
      retried = await call('POST', '/users', { email, firstName: 'Inès', lastName: 'Reprise' });
    }
    expect(retried.status, retried.text).toBe(201);
    expect(retried.body).toMatchObject({ email, firstName: 'Inès', lastName: 'Reprise', status: 'active' });
    // The email is now taken for real.
    expect((await call('POST', '/users', { email })).status).toBe(409);
    // The temporary password of the retry is the one that works.
    const res = await fetch(local.credentials.cognito.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
      body: JSON.stringify({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: local.credentials.cognito.clientId,
        AuthParameters: { USERNAME: email, PASSWORD: retried.body.temporaryPassword },
      }),
    });
    expect(((await res.json()) as { ChallengeName?: string }).ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
  }, 90_000);
});
