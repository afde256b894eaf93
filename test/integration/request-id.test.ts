import { describe, expect, it } from 'vitest';
import { api, orgs, stack } from './helpers';

/**
 * X-Request-Id over HTTP (the local server, the same Hono app as on Lambda): every answer has
 * one, success or problem; a well-formed incoming id is echoed, anything else replaced.
 */
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const key = () => orgs()[0].apiKey;

describe('X-Request-Id', () => {
  it('a well-formed incoming id is echoed, on a success, a 401, a 404 and a 400', async () => {
    const id = 'client-7f3a.2026:retry_1';
    const answers = {
      200: await api(key(), 'GET', '/me', undefined, { 'x-request-id': id }),
      401: await api('', 'GET', '/me', undefined, { 'x-request-id': id }),
      404: await api(key(), 'GET', '/nowhere', undefined, { 'x-request-id': id }),
      400: await api(key(), 'POST', '/clients', { kind: 'robot' }, { 'x-request-id': id }),
    };
    for (const [status, answer] of Object.entries(answers)) {
      expect(answer.status).toBe(Number(status));
      expect(answer.headers.get('x-request-id'), status).toBe(id);
    }
    expect(answers[401].headers.get('content-type')).toContain('application/problem+json');
  });

  it('without one, each answer gets its own new id, including a 404 outside the API and a 401', async () => {
    const first = await api(key(), 'GET', '/me');
    const second = await api(key(), 'GET', '/me');
    const unauthorized = await api('', 'GET', '/clients');
    const outside = await fetch(`${stack().webUrl}/api/nothing-here`);
    const ids = [first, second, unauthorized].map((a) => a.headers.get('x-request-id'));
    ids.push(outside.headers.get('x-request-id'));
    expect(unauthorized.status).toBe(401);
    expect(outside.status).toBe(404);
    for (const id of ids) expect(id).toMatch(ULID);
    expect(new Set(ids).size).toBe(4);
  });

  it.each([
    ['too long', 'a'.repeat(129)],
    ['a space', 'two words'],
    ['percent-encoded line breaks', 'abc%0d%0aSet-Cookie:x'],
    ['non-ASCII', 'requête-1'],
  ])('an incoming id with %s is replaced, not echoed', async (_what, incoming) => {
    const answer = await api(key(), 'GET', '/me', undefined, { 'x-request-id': incoming });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-request-id')).toMatch(ULID);
  });

  it('the longest accepted id (128 characters) is echoed as is', async () => {
    const id = 'A1.b2_C3:d4-'.repeat(11).slice(0, 128);
    expect((await api(key(), 'GET', '/me', undefined, { 'x-request-id': id })).headers.get('x-request-id')).toBe(id);
  });
});
