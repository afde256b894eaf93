import { beforeAll, describe, expect, it } from 'vitest';
import { api } from './helpers';
import { expectProblem, newOrganization, ok, type TestOrg } from './fixtures';

let org: TestOrg;
beforeAll(async () => {
  org = await newOrganization('Clés SAS', { secondaryContacts: false });
});

describe('/api-keys', () => {
  it('create shows the secret once; it works; the list never holds it; revoke makes it answer 401', async () => {
    const created = await ok(201, api(org.apiKey, 'POST', '/api-keys', { name: ' Zapier ' }));
    const secret = created.body.secret as string;
    expect(created.body).toEqual({
      id: expect.any(String),
      name: 'Zapier',
      role: 'admin',
      createdAt: expect.any(String),
      lastUsedAt: null,
      secret,
    });
    expect(secret).toMatch(/^ck_[A-Za-z0-9_-]{40,}$/);

    const me = await ok(200, api(secret, 'GET', '/me'));
    expect(me.body).toMatchObject({ user: null, apiKey: { id: created.body.id, name: 'Zapier' }, organization: { id: org.id } });
    await ok(201, api(secret, 'POST', '/clients', { name: 'Créé par Zapier', kind: 'company' }));

    const list = await ok(200, api(org.apiKey, 'GET', '/api-keys'));
    const text = JSON.stringify(list.body);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(secret.slice(3, 20));
    const listed = list.body.items.find((k: { id: string }) => k.id === created.body.id);
    expect(Object.keys(listed).sort()).toEqual(['createdAt', 'id', 'lastUsedAt', 'name', 'role']);
    expect(listed.lastUsedAt).toEqual(expect.any(String));

    expect((await api(org.apiKey, 'DELETE', `/api-keys/${created.body.id}`)).status).toBe(204);
    expectProblem(await api(secret, 'GET', '/me'), 401, 'unauthorized');
    expectProblem(await api(secret, 'GET', '/clients'), 401, 'unauthorized');
    expectProblem(await api(org.apiKey, 'DELETE', `/api-keys/${created.body.id}`), 404, 'not_found');
    expect((await ok(200, api(org.apiKey, 'GET', '/api-keys'))).body.items.map((k: { id: string }) => k.id)).not.toContain(created.body.id);
    // The other keys still work.
    await ok(200, api(org.apiKey, 'GET', '/me'));
  });

  it('a member key reads and writes records but cannot administer', async () => {
    const member = (await ok(201, api(org.apiKey, 'POST', '/api-keys', { name: 'ERP', role: 'member' }))).body;
    expect(member.role).toBe('member');
    await ok(200, api(member.secret, 'GET', '/clients'));
    await ok(201, api(member.secret, 'POST', '/clients', { name: 'Créé par l’ERP', kind: 'individual' }));
    expectProblem(await api(member.secret, 'GET', '/api-keys'), 403, 'forbidden');
    expectProblem(await api(member.secret, 'DELETE', `/api-keys/${member.id}`), 403, 'forbidden');
  });

  it('refuses malformed and unknown credentials with 401', async () => {
    for (const credential of ['ck_', 'ck_nope', `ck_${'A'.repeat(43)}`, 'not-a-token']) {
      expectProblem(await api(credential, 'GET', '/me'), 401, 'unauthorized');
    }
    expectProblem(await api(org.apiKey, 'GET', '/me', undefined, { authorization: `Basic ${org.apiKey}` }), 401, 'unauthorized');
  });
});
