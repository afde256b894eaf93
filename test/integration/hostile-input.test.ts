import { beforeAll, describe, expect, it } from 'vitest';
import { api } from './helpers';
import { expectProblem, newClient, newOrganization, ok, type TestOrg } from './fixtures';

/**
 * Issue 13, the inputs that answered 500 or slipped through: names whose index keys outgrew
 * DynamoDB's 1,024 bytes, totals past 2^53 cents, quantities with hidden decimals, reversed ranges,
 * forged cursors, and prefix search over characters outside the Basic Multilingual Plane.
 */
let org: TestOrg;
const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const fieldsNamed = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path);

beforeAll(async () => {
  org = await newOrganization('Hostile SAS', { secondaryContacts: true });
});

describe('names are bounded in characters, their index keys in bytes', () => {
  const cjk = '漢字仮名交じり文'.repeat(22).slice(0, 170); // 170 characters, 510 bytes
  const emoji = '😀'.repeat(200); // 200 characters (400 UTF-16 units would be refused), 800 bytes

  it('a contact named with 170 CJK characters (first and last name) is stored whole and found', async () => {
    const client = await newClient(org.apiKey, 'Client CJK');
    const created = await ok(
      201,
      api(org.apiKey, 'POST', `/clients/${client.id}/contacts`, { firstName: cjk, lastName: cjk, email: 'cjk@example.test' }),
    );
    expect(created.body.lastName).toBe(cjk);
    expect(created.body.firstName).toBe(cjk);
    const byLast = await ok(200, api(org.apiKey, 'GET', `/contacts?q=${encodeURIComponent(cjk.slice(0, 4))}`));
    expect(byLast.body.items.map((c: { id: string }) => c.id)).toContain(created.body.id);
    // Even the whole (longer than the key's sort form) name finds it.
    const whole = await ok(200, api(org.apiKey, 'GET', `/contacts?q=${encodeURIComponent(cjk)}`));
    expect(whole.body.items.map((c: { id: string }) => c.id)).toContain(created.body.id);
  });

  it('a client named with 200 emoji is stored whole and found by its start', async () => {
    const created = await newClient(org.apiKey, emoji, { reference: emoji });
    expect(created.name).toBe(emoji);
    const found = await ok(200, api(org.apiKey, 'GET', `/clients?q=${encodeURIComponent('😀😀😀')}`));
    expect(found.body.items.map((c: { id: string }) => c.id)).toContain(created.id);
  });

  it('201 characters are still refused, counted as characters', async () => {
    const answer = await api(org.apiKey, 'POST', '/clients', { name: 'é'.repeat(201), kind: 'company' });
    expectProblem(answer, 400, 'invalid_request');
    expect(fieldsNamed(answer.body)).toEqual(['name']);
  });

  it('a lone surrogate is refused with 400 naming the field', async () => {
    const answer = await api(org.apiKey, 'POST', '/clients', `{"name":"Lone \\ud800 surrogate","kind":"company"}`);
    expectProblem(answer, 400, 'invalid_request');
    expect(fieldsNamed(answer.body)).toEqual(['name']);
  });
});

describe('prefix search past the Basic Multilingual Plane', () => {
  it('q=zed finds "Zed😀 Plomberie" and q=zed😀 too', async () => {
    const created = await newClient(org.apiKey, 'Zed😀 Plomberie');
    for (const q of ['zed', 'zed😀', 'ZED😀 P']) {
      const found = await ok(200, api(org.apiKey, 'GET', `/clients?q=${encodeURIComponent(q)}`));
      expect(
        found.body.items.map((c: { id: string }) => c.id),
        q,
      ).toContain(created.id);
    }
  });
});

describe('documents: money stays a safe integer, quantities have 3 decimals at most', () => {
  let clientId: string;
  beforeAll(async () => {
    clientId = (await newClient(org.apiKey, 'Client Factures')).id;
  });
  const invoice = (lines: unknown[]) => api(org.apiKey, 'POST', `/clients/${clientId}/documents`, { type: 'invoice', lines });
  const line = (quantity: number, unitPriceCents: number) => ({ description: 'Pose', quantity, unitPriceCents, vatRate: 20 });

  it('a line whose total passes 10 billion euros is refused naming it; 500 lines at the bound total exactly', async () => {
    const over = await invoice([line(1_000_000, 1_000_000_000)]);
    expectProblem(over, 400, 'invalid_request');
    expect(fieldsNamed(over.body)).toEqual(['lines.0.unitPriceCents']);

    const many = await ok(201, invoice(Array.from({ length: 500 }, () => line(1000, 1_000_000_000))));
    expect(many.body.totals).toEqual({ netCents: 5e14, vatCents: 1e14, grossCents: 6e14 });
    expect(Number.isSafeInteger(many.body.totals.grossCents)).toBe(true);
  });

  it.each([5e-10, 1.0000000001, 0.1 + 0.2, 1.0005])('quantity %d is refused naming the line', async (quantity) => {
    const answer = await invoice([line(quantity, 100)]);
    expectProblem(answer, 400, 'invalid_request');
    expect(fieldsNamed(answer.body)).toEqual(['lines.0.quantity']);
  });

  it.each([1.001, 1234.567, -0.5, 999_999.999])('quantity %d is accepted', async (quantity) => {
    const answer = await ok(201, invoice([line(quantity, 100)]));
    expect(answer.body.lines[0].quantity).toBe(quantity);
  });
});

describe('ranges and cursors', () => {
  it('from after to → 400 naming to', async () => {
    const answer = await api(org.apiKey, 'GET', '/documents?type=invoice&from=2027-01-01&to=2026-01-01');
    expectProblem(answer, 400, 'invalid_request');
    expect(fieldsNamed(answer.body)).toEqual(['to']);
  });

  it.each([
    ['empty before', '/documents?type=invoice&cursor=', { before: '' }],
    ['before from', '/documents?type=invoice&from=2026-06-01&cursor=', { before: '2026-01-01#01ABC' }],
    ['1,500 bytes', '/documents?type=invoice&cursor=', { before: 'x'.repeat(1500) }],
    ['a number', '/documents?type=invoice&cursor=', { before: 42 }],
    ['an array', '/documents?type=invoice&cursor=', ['before']],
    ['empty after', '/clients?cursor=', { after: '' }],
    ['1,200 bytes of €', '/clients?q=a&cursor=', { after: '€'.repeat(400) }],
    ['null', '/contacts?cursor=', null],
  ])('a forged cursor (%s) on %s → 400 naming cursor', async (_label, path, value) => {
    const answer = await api(org.apiKey, 'GET', `${path}${cursor(value)}`);
    expectProblem(answer, 400, 'invalid_request');
    expect(fieldsNamed(answer.body)).toEqual(['cursor']);
  });

  it('a forged cursor on a client’s documents → 400 naming cursor', async () => {
    const client = await newClient(org.apiKey, 'Client Curseur');
    for (const before of ['', 'A', '0']) {
      const answer = await api(org.apiKey, 'GET', `/clients/${client.id}/documents?cursor=${cursor({ before })}`);
      expectProblem(answer, 400, 'invalid_request');
      expect(fieldsNamed(answer.body)).toEqual(['cursor']);
    }
    const garbage = await api(org.apiKey, 'GET', `/clients/${client.id}/documents?cursor=%%%`);
    expectProblem(garbage, 400, 'invalid_request');
  });
});
