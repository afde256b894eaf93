import { expect } from 'vitest';
import { createApiKey } from '../../functions/api-keys';
import { resetConfig } from '../../functions/lib/config';
import { resetDb } from '../../functions/lib/dynamo';
import { createOrganization } from '../../functions/organizations';
import { api, stack, type Answer } from './helpers';

/**
 * Set-up helpers for the integration tests. Organisations have no API route (they are made by
 * `infra/bootstrap-org.ts` or the seed), so tests that change settings or need a clean slate make
 * their own organisation in this process, against the stack's DynamoDB; everything under test
 * then goes through HTTP.
 */
let envReady = false;
function useFunctionsEnvironment() {
  if (envReady) return;
  Object.assign(process.env, stack().env);
  resetConfig();
  resetDb();
  envReady = true;
}

export interface TestOrg {
  id: string;
  name: string;
  apiKey: string;
}

export async function newOrganization(name: string, options: { secondaryContacts: boolean }): Promise<TestOrg> {
  useFunctionsEnvironment();
  const org = await createOrganization({ name, settings: { modules: { secondaryContacts: options.secondaryContacts } } });
  const key = await createApiKey(org.id, { name: 'Clé de test', role: 'admin' });
  return { id: org.id, name, apiKey: key.secret };
}

/** Calls the API and fails with the answer's body when the status is not the expected one. */
export async function ok<T = any>(status: number, call: Promise<Answer<T>>): Promise<Answer<T>> {
  const answer = await call;
  if (answer.status !== status) {
    throw new Error(`expected ${status}, got ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
  return answer;
}

/** A client with addresses and contacts, made through the API. */
export async function newClient(key: string, name: string, extra: Record<string, unknown> = {}) {
  return (await ok(201, api(key, 'POST', '/clients', { name, kind: 'company', ...extra }))).body;
}

export async function newAddress(key: string, clientId: string, label: string, extra: Record<string, unknown> = {}) {
  return (
    await ok(
      201,
      api(key, 'POST', `/clients/${clientId}/addresses`, {
        label,
        line1: '1 rue de la Paix',
        postalCode: '75002',
        city: 'Paris',
        ...extra,
      }),
    )
  ).body;
}

export async function newContact(key: string, clientId: string, body: Record<string, unknown>) {
  return (await ok(201, api(key, 'POST', `/clients/${clientId}/contacts`, body))).body;
}

/** An error answer: RFC 9457 problem+json with the code, and never a stack trace or a file path. */
export function expectProblem(answer: Answer, status: number, code?: string) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  expect(answer.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  if (code) expect(answer.body.code).toBe(code);
  expectNoStackTrace(answer.body);
}

export function expectNoStackTrace(body: unknown) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  expect(text).not.toMatch(/\n\s*at /);
  expect(text).not.toMatch(/\bat [\w$.<>]+ \(/);
  expect(text).not.toMatch(/(\/work\/|\/home\/|\/var\/task|node_modules|file:\/\/|\.ts:\d+|\.js:\d+)/);
  expect(text).not.toMatch(/"stack"/);
}

export const unique = (prefix: string) => `${prefix} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
