import { beforeAll, describe, expect, it } from 'vitest';
import { api, orgs, signIn, stack } from './helpers';
import { expectProblem, newAddress, newClient, newContact, newOrganization, ok, unique, type TestOrg } from './fixtures';

/** cognito-local, as the web app talks to it. */
async function cognito(target: string, body: unknown) {
  const res = await fetch(stack().credentials.cognito.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${target}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

const initiate = (email: string, password: string) =>
  cognito('InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: stack().credentials.cognito.clientId,
    AuthParameters: { USERNAME: email, PASSWORD: password },
  });

describe('/me', () => {
  it('names the caller, the organisation and its modules: by API key', async () => {
    const [dupont] = orgs();
    const me = await ok(200, api(dupont.apiKey, 'GET', '/me'));
    expect(me.body).toEqual({
      user: null,
      apiKey: { id: expect.any(String), name: 'Clé de démonstration' },
      organization: { id: dupont.id, name: 'Dupont Chauffage & Fils' },
      modules: { secondaryContacts: true },
    });
  });

  it('by a signed-in user', async () => {
    const [, netazur] = orgs();
    const member = netazur.users.find((u) => u.role === 'member')!;
    const { accessToken } = await signIn(member.email, member.password);
    const me = await ok(200, api(accessToken, 'GET', '/me'));
    expect(me.body).toEqual({
      user: { id: expect.any(String), email: member.email, firstName: 'Yanis', lastName: 'Morel', role: 'member' },
      apiKey: null,
      organization: { id: netazur.id, name: 'Net’Azur Propreté' },
      modules: { secondaryContacts: false },
    });
  });
});

describe('/settings and the secondary-contacts module', () => {
  let org: TestOrg;
  beforeAll(async () => {
    org = await newOrganization('Réglages SARL', { secondaryContacts: true });
  });

  it('switching the module off answers 409 module_disabled on contacts routes, keeps the data, and gives it back when on', async () => {
    const client = await newClient(org.apiKey, 'Client à contacts');
    const address = await newAddress(org.apiKey, client.id, 'Siège');
    const contact = await newContact(org.apiKey, client.id, {
      firstName: 'Gardé',
      lastName: 'Précieusement',
      email: 'garde@exemple.fr',
      addressId: address.id,
    });
    const before = (await ok(200, api(org.apiKey, 'GET', `/clients/${client.id}/overview`))).body;
    expect(before.contacts).toHaveLength(1);

    const off = await ok(200, api(org.apiKey, 'PATCH', '/settings', { modules: { secondaryContacts: false } }));
    expect(off.body.modules).toEqual({ secondaryContacts: false });
    expect((await ok(200, api(org.apiKey, 'GET', '/settings'))).body.modules.secondaryContacts).toBe(false);
    expect((await ok(200, api(org.apiKey, 'GET', '/me'))).body.modules).toEqual({ secondaryContacts: false });

    const base = `/clients/${client.id}/contacts`;
    for (const [method, path, body] of [
      ['GET', '/contacts'],
      ['GET', '/contacts?q=gar'],
      ['GET', base],
      ['GET', `${base}?eligibleForAddress=${address.id}`],
      ['POST', base, { lastName: 'Nouveau' }],
      ['GET', `${base}/${contact.id}`],
      ['PATCH', `${base}/${contact.id}`, { lastName: 'Changé' }],
      ['DELETE', `${base}/${contact.id}`],
    ] as [string, string, unknown?][]) {
      expectProblem(await api(org.apiKey, method, path, body), 409, 'module_disabled');
    }
    const hidden = (await ok(200, api(org.apiKey, 'GET', `/clients/${client.id}/overview`))).body;
    expect(hidden.contacts).toEqual([]);
    expect(hidden.addresses).toEqual(before.addresses);
    expect(hidden.client).toEqual(before.client);

    await ok(200, api(org.apiKey, 'PATCH', '/settings', { modules: { secondaryContacts: true } }));
    const back = (await ok(200, api(org.apiKey, 'GET', `/clients/${client.id}/overview`))).body;
    expect(back).toEqual(before);
    expect((await ok(200, api(org.apiKey, 'GET', `${base}/${contact.id}`))).body).toEqual(contact);
    expect((await ok(200, api(org.apiKey, 'GET', '/contacts?q=gar'))).body.items.map((c: { id: string }) => c.id)).toEqual([contact.id]);
  });

  it('sets and clears the sender; an empty patch changes nothing', async () => {
    const set = await ok(
      200,
      api(org.apiKey, 'PATCH', '/settings', { sender: { fromName: ' Réglages — Service client ', replyTo: 'contact@reglages.fr' } }),
    );
    expect(set.body.sender).toEqual({ fromName: 'Réglages — Service client', replyTo: 'contact@reglages.fr' });
    const partial = await ok(200, api(org.apiKey, 'PATCH', '/settings', { sender: { replyTo: null } }));
    expect(partial.body.sender).toEqual({ fromName: 'Réglages — Service client', replyTo: null });
    const same = await ok(200, api(org.apiKey, 'PATCH', '/settings', {}));
    expect(same.body).toEqual(partial.body);
    expect((await ok(200, api(org.apiKey, 'GET', '/settings'))).body).toEqual(partial.body);
  });

  it('only an admin changes settings, users and keys (403); a member still reads the settings', async () => {
    const memberKey = (await ok(201, api(org.apiKey, 'POST', '/api-keys', { name: 'Intégration lecture', role: 'member' }))).body.secret;
    const [dupont] = orgs();
    const member = dupont.users.find((u) => u.role === 'member')!;
    const { accessToken } = await signIn(member.email, member.password);
    for (const credential of [memberKey, accessToken]) {
      const before = (await ok(200, api(credential, 'GET', '/settings'))).body;
      for (const [method, path, body] of [
        ['PATCH', '/settings', { modules: { secondaryContacts: !before.modules.secondaryContacts } }],
        ['PATCH', '/settings', { sender: { fromName: 'Pirate' } }],
        ['GET', '/users'],
        ['POST', '/users', { email: 'intrus@exemple.fr' }],
        ['PATCH', '/users/01JANYUSER0000000000000000', { role: 'admin' }],
        ['DELETE', '/users/01JANYUSER0000000000000000'],
        ['GET', '/api-keys'],
        ['POST', '/api-keys', { name: 'Escalade', role: 'admin' }],
        ['DELETE', '/api-keys/01JANYKEY00000000000000000'],
      ] as [string, string, unknown?][]) {
        expectProblem(await api(credential, method, path, body), 403, 'forbidden');
      }
      expect((await ok(200, api(credential, 'GET', '/settings'))).body).toEqual(before);
    }
    expect((await ok(200, api(org.apiKey, 'GET', '/api-keys'))).body.items.map((k: { name: string }) => k.name).sort()).toEqual([
      'Clé de test',
      'Intégration lecture',
    ]);
  });
});

describe('/users', () => {
  let org: TestOrg;
  beforeAll(async () => {
    org = await newOrganization('Équipe SAS', { secondaryContacts: false });
  });

  it('invites through Cognito, roles take effect, DELETE disables and the token is refused', async () => {
    const email = `${unique('invite').replace(/\W+/g, '.')}@equipe.fr`.toLowerCase();
    const invited = await ok(
      201,
      api(org.apiKey, 'POST', '/users', { email: email.toUpperCase(), firstName: 'Nina', lastName: 'Nouvelle' }),
    );
    expect(invited.body).toEqual({
      id: expect.any(String),
      email,
      firstName: 'Nina',
      lastName: 'Nouvelle',
      role: 'member',
      status: 'active',
      createdAt: expect.any(String),
      temporaryPassword: expect.stringMatching(/^.{12,}$/),
    });
    expectProblem(await api(org.apiKey, 'POST', '/users', { email }), 409, 'conflict');

    // The temporary password signs in and asks for a new one.
    const first = await initiate(email, invited.body.temporaryPassword);
    expect(first.body.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    expect(first.body.AuthenticationResult).toBeUndefined();
    const answered = await cognito('RespondToAuthChallenge', {
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      ClientId: stack().credentials.cognito.clientId,
      Session: first.body.Session,
      ChallengeResponses: { USERNAME: email, NEW_PASSWORD: 'Nouveau-mot-2026!' },
    });
    const token = answered.body.AuthenticationResult?.AccessToken as string;
    expect(token, JSON.stringify(answered.body)).toBeTruthy();

    const me = await ok(200, api(token, 'GET', '/me'));
    expect(me.body.user).toEqual({ id: invited.body.id, email, firstName: 'Nina', lastName: 'Nouvelle', role: 'member' });
    expect(me.body.organization.id).toBe(org.id);
    expectProblem(await api(token, 'PATCH', '/settings', { sender: { fromName: 'Nina' } }), 403, 'forbidden');

    // Made admin: the same token now may.
    const promoted = await ok(200, api(org.apiKey, 'PATCH', `/users/${invited.body.id}`, { role: 'admin', lastName: 'Promue' }));
    expect(promoted.body).toMatchObject({ role: 'admin', lastName: 'Promue', status: 'active' });
    expect((await ok(200, api(token, 'GET', '/me'))).body.user.role).toBe('admin');
    await ok(200, api(token, 'PATCH', '/settings', { sender: { fromName: 'Nina Promue' } }));
    const listed = (await ok(200, api(org.apiKey, 'GET', '/users'))).body.items;
    expect(listed).toEqual([
      {
        id: invited.body.id,
        email,
        firstName: 'Nina',
        lastName: 'Promue',
        role: 'admin',
        status: 'active',
        createdAt: invited.body.createdAt,
      },
    ]);

    // The organisation keeps an active admin: Nina is the last one, so she cannot be disabled yet.
    expectProblem(await api(org.apiKey, 'DELETE', `/users/${invited.body.id}`), 409, 'conflict');
    const keeper = await ok(201, api(org.apiKey, 'POST', '/users', { email: `keeper.${email}`, role: 'admin' }));

    // DELETE disables: the token is refused, the user cannot sign in, the record stays.
    const disabled = await ok(200, api(org.apiKey, 'DELETE', `/users/${invited.body.id}`));
    expect(disabled.body).toMatchObject({ id: invited.body.id, status: 'disabled' });
    expectProblem(await api(token, 'GET', '/me'), 401, 'unauthorized');
    const inCognito = await cognito('AdminGetUser', { UserPoolId: stack().credentials.cognito.userPoolId, Username: email });
    expect(inCognito.body.Enabled).toBe(false);
    // cognito-local still signs a disabled user in (AWS refuses); the API refuses even a fresh token.
    const fresh = (await initiate(email, 'Nouveau-mot-2026!')).body.AuthenticationResult;
    if (fresh) {
      expectProblem(await api(fresh.AccessToken, 'GET', '/me'), 401, 'unauthorized');
      expectProblem(await api(fresh.IdToken, 'GET', '/clients'), 401, 'unauthorized');
    }
    const statuses = (await ok(200, api(org.apiKey, 'GET', '/users'))).body.items.map((u: { id: string; status: string }) => [
      u.id,
      u.status,
    ]);
    expect(new Map(statuses)).toEqual(
      new Map([
        [invited.body.id, 'disabled'],
        [keeper.body.id, 'active'],
      ]),
    );

    // Re-enabled by an admin: signs in again.
    await ok(200, api(org.apiKey, 'PATCH', `/users/${invited.body.id}`, { status: 'active' }));
    expect((await cognito('AdminGetUser', { UserPoolId: stack().credentials.cognito.userPoolId, Username: email })).body.Enabled).toBe(
      true,
    );
    const again = (await initiate(email, 'Nouveau-mot-2026!')).body.AuthenticationResult.AccessToken;
    expect((await ok(200, api(again, 'GET', '/me'))).body.user.id).toBe(invited.body.id);
    expectProblem(await api(org.apiKey, 'PATCH', '/users/01JNOSUCHUSER0000000000000', { role: 'admin' }), 404, 'not_found');
  });
});

describe('the last active admin', () => {
  const invite = async (org: TestOrg, name: string, role: 'admin' | 'member') =>
    (await ok(201, api(org.apiKey, 'POST', '/users', { email: `${unique(name).replace(/\W+/g, '.')}@admins.fr`.toLowerCase(), role })))
      .body;

  it('cannot be demoted or disabled (409 last_admin), by herself or anyone; with a second admin she can', async () => {
    const org = await newOrganization('Seule Admin SARL', { secondaryContacts: false });
    const claire = await invite(org, 'claire', 'admin');
    await invite(org, 'paul', 'member');
    const { accessToken } = await signInInvited(claire.email, claire.temporaryPassword);
    for (const [method, body] of [
      ['PATCH', { role: 'member' }],
      ['PATCH', { status: 'disabled' }],
      ['DELETE', undefined],
    ] as const) {
      for (const credential of [accessToken, org.apiKey]) {
        const refused = await api(credential, method, `/users/${claire.id}`, body);
        expectProblem(refused, 409, 'conflict');
        expect(refused.body.reason).toBe('last_admin');
        expect(refused.body.detail).toMatch(/last active admin/);
      }
    }
    // Nothing changed, in the records or in Cognito: she still signs in and is admin.
    expect((await ok(200, api(org.apiKey, 'GET', `/users`))).body.items.find((u: { id: string }) => u.id === claire.id)).toMatchObject({
      role: 'admin',
      status: 'active',
    });
    expect((await ok(200, api(accessToken, 'GET', '/me'))).body.user.role).toBe('admin');
    expect((await initiate(claire.email, NEW_PASSWORD)).body.AuthenticationResult).toBeTruthy();

    const second = await invite(org, 'second', 'admin');
    await ok(200, api(accessToken, 'PATCH', `/users/${claire.id}`, { role: 'member' }));
    expectProblem(await api(org.apiKey, 'DELETE', `/users/${second.id}`), 409, 'conflict');
  });

  it('two admins demoting each other at once: one of them stays admin (20 trials)', async () => {
    const org = await newOrganization('Deux Admins SAS', { secondaryContacts: false });
    const a = await invite(org, 'a', 'admin');
    const b = await invite(org, 'b', 'member');
    for (let trial = 0; trial < 20; trial++) {
      // Both admins again (the one demoted last trial is promoted back).
      await ok(200, api(org.apiKey, 'PATCH', `/users/${b.id}`, { role: 'admin', status: 'active' }));
      await ok(200, api(org.apiKey, 'PATCH', `/users/${a.id}`, { role: 'admin' }));
      const [toA, toB] = await Promise.all([
        api(org.apiKey, 'PATCH', `/users/${a.id}`, { role: 'member' }),
        api(org.apiKey, 'PATCH', `/users/${b.id}`, { status: 'disabled' }),
      ]);
      const users = (await ok(200, api(org.apiKey, 'GET', '/users'))).body.items as { role: string; status: string }[];
      const admins = users.filter((u) => u.role === 'admin' && u.status === 'active');
      expect(admins.length, `trial ${trial}: ${toA.status}/${toB.status}`).toBe(1);
      expect([toA.status, toB.status].sort()).toEqual([200, 409]);
      // Leave A as the only admin for the next trial.
      if (toA.status === 200) {
        await ok(200, api(org.apiKey, 'PATCH', `/users/${a.id}`, { role: 'admin' }));
        await ok(200, api(org.apiKey, 'PATCH', `/users/${b.id}`, { role: 'member' }));
      }
    }
  }, 120_000);
});

const NEW_PASSWORD = 'Nouveau-mot-2026!';

async function signInInvited(email: string, temporary: string) {
  const first = await initiate(email, temporary);
  const answered = await cognito('RespondToAuthChallenge', {
    ChallengeName: 'NEW_PASSWORD_REQUIRED',
    ClientId: stack().credentials.cognito.clientId,
    Session: first.body.Session,
    ChallengeResponses: { USERNAME: email, NEW_PASSWORD: NEW_PASSWORD },
  });
  return { accessToken: answered.body.AuthenticationResult?.AccessToken as string };
}
