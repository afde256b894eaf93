import { expect } from 'vitest';
import { createApiKey } from '../../functions/api-keys';
import { resetConfig } from '../../functions/lib/config';
import { resetDb } from '../../functions/lib/dynamo';
import { createOrganization } from '../../functions/organizations';
import { type Company, EMPTY_COMPANY } from '../../shared/legal';
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

/** A complete legal profile, so that the organisation's invoices and quotes can be issued. */
export const LEGAL_PROFILE: Company = {
  legalName: 'Entreprise de test SARL',
  address: { line1: '1 place de la Bourse', line2: null, postalCode: '13001', city: 'Marseille', country: 'FR' },
  siren: '404833048',
  vatNumber: 'FR83404833048',
  rcs: 'RCS Marseille 404 833 048',
  shareCapital: '5 000 €',
  iban: 'FR7630006000011234567890189',
  bic: 'BNPAFRPP',
  paymentTermsDays: 30,
  latePenaltyRate: 10,
  vatExemptionMention: null,
};

export async function newOrganization(name: string, options: { secondaryContacts: boolean; legalProfile?: boolean }): Promise<TestOrg> {
  useFunctionsEnvironment();
  const company = options.legalProfile === false ? { ...EMPTY_COMPANY, legalName: name } : { ...LEGAL_PROFILE, legalName: name };
  const org = await createOrganization({ name, settings: { modules: { secondaryContacts: options.secondaryContacts }, company } });
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

/** A document created then issued (Valider), as the office does before sending an invoice or quote. */
export async function newIssuedDocument(key: string, clientId: string, body: Record<string, unknown>) {
  const draft = (await ok(201, api(key, 'POST', `/clients/${clientId}/documents`, body))).body;
  if (draft.type === 'intervention') return draft;
  return (await ok(200, api(key, 'POST', `/clients/${clientId}/documents/${draft.id}/issue`))).body;
}
