import { describe, expect, it } from 'vitest';
import { api, orgs, signIn } from './helpers';

describe('the embedded stack', () => {
  it('answers /me for an API key and for a signed-in user', async () => {
    const [dupont] = orgs();
    const byKey = await api(dupont.apiKey, 'GET', '/me');
    expect(byKey.status).toBe(200);
    expect(byKey.body.organization.name).toBe(dupont.name);
    expect(byKey.body.user).toBeNull();

    const admin = dupont.users.find((u) => u.role === 'admin')!;
    const { accessToken, idToken } = await signIn(admin.email, admin.password);
    for (const token of [accessToken, idToken]) {
      const me = await api(token, 'GET', '/me');
      expect(me.status).toBe(200);
      expect(me.body.user).toMatchObject({ email: admin.email, role: 'admin' });
      expect(me.body.organization.id).toBe(dupont.id);
    }
  });

  it('refuses a missing or forged credential with 401 problem+json', async () => {
    const none = await fetch(`${(await import('./helpers')).stack().apiUrl}/me`);
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toContain('application/problem+json');
    const forged = await api('ck_not-a-real-key', 'GET', '/me');
    expect(forged.status).toBe(401);
    expect(forged.body.code).toBe('unauthorized');
    const badJwt = await api('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln', 'GET', '/me');
    expect(badJwt.status).toBe(401);
  });
});
