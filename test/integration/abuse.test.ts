import { createRequire } from 'node:module';
import { importJWK, SignJWT, type JWTPayload } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { resetConfig } from '../../functions/lib/config';
import { resetDb } from '../../functions/lib/dynamo';
import { RateLimiter } from '../../functions/lib/rate-limit';
import { orgs, signIn, stack } from './helpers';
import { newOrganization, type TestOrg } from './fixtures';

/**
 * Issue 13, abuse: the API (the same Hono app as on Lambda) called in this process with low
 * budgets — 60 requests a minute per organisation, 20 per anonymous address — against the stack's
 * DynamoDB and Cognito. The shared stack keeps its own generous limits.
 */
type App = typeof import('../../functions/api/app')['app'];
type Auth = typeof import('../../functions/api/auth');
let app: App;
let auth: Auth;
let orgA: TestOrg;
let orgB: TestOrg;

const ORG_LIMIT = 60;
const ANON_LIMIT = 20;

function call(path: string, options: { key?: string; ip?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  // As API Gateway gives it to the Lambda adapter: the caller's address in the request context.
  return app.request(`/api/v1${path}`, { headers }, { requestContext: { http: { sourceIp: options.ip ?? '198.51.100.1' } } });
}

async function inBatches<T>(count: number, size: number, once: (i: number) => Promise<T> | T): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < count; i += size)
    out.push(...(await Promise.all(Array.from({ length: Math.min(size, count - i) }, (_, j) => once(i + j)))));
  return out;
}

beforeAll(async () => {
  Object.assign(process.env, stack().env, {
    RATE_LIMIT_PER_MINUTE: String(ORG_LIMIT),
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: String(ANON_LIMIT),
    // Counted in this process: each test starts from a fresh limiter (sharing is tested below).
    RATE_LIMIT_SHARED: '',
  });
  resetConfig();
  resetDb();
  ({ app } = await import('../../functions/api/app'));
  auth = await import('../../functions/api/auth');
  orgA = await newOrganization('Abus A SAS', { secondaryContacts: false });
  orgB = await newOrganization('Abus B SAS', { secondaryContacts: false });
});

describe('rate limits', () => {
  it('200 rapid calls with one key get 429 rate_limited with Retry-After, while another organisation’s calls pass', async () => {
    auth.resetRateLimits();
    const flood = await inBatches(200, 25, () => call('/me', { key: orgA.apiKey }));
    const other = await inBatches(20, 10, () => call('/me', { key: orgB.apiKey }));
    const limited = flood.filter((r) => r.status === 429);
    expect(flood.filter((r) => r.status === 200).length).toBeLessThanOrEqual(ORG_LIMIT * 2); // a minute may turn meanwhile
    expect(limited.length).toBeGreaterThanOrEqual(200 - ORG_LIMIT * 2);
    expect(flood.every((r) => r.status === 200 || r.status === 429)).toBe(true);
    const first = limited[0];
    if (!first) throw new Error('no 429 at all');
    expect(first.headers.get('content-type')).toContain('application/problem+json');
    expect(await first.json()).toMatchObject({ status: 429, code: 'rate_limited' });
    const retryAfter = Number(first.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(first.headers.get('ratelimit-limit')).toBe(String(ORG_LIMIT));
    expect(first.headers.get('ratelimit-remaining')).toBe('0');
    expect(other.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(Number(other.at(-1)?.headers.get('ratelimit-remaining'))).toBeGreaterThan(0);
  });

  it('an anonymous flood from one address gets 429 after its budget; another address still gets its 401', async () => {
    auth.resetRateLimits();
    const flood = await inBatches(ANON_LIMIT + 30, 10, (i) => call('/me', { key: `ck_bogus${i}`, ip: '203.0.113.66' }));
    expect(flood.filter((r) => r.status === 401).length).toBeLessThanOrEqual(ANON_LIMIT);
    expect(flood.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(30);
    const elsewhere = await call('/me', { key: 'ck_bogus-elsewhere', ip: '203.0.113.99' });
    expect(elsewhere.status).toBe(401);
    // A known (cached) key from the flooded address is the organisation's budget, not the address's.
    expect((await call('/me', { key: orgB.apiKey, ip: '192.0.2.10' })).status).toBe(200);
    const known = await call('/me', { key: orgB.apiKey, ip: '203.0.113.66' });
    expect(known.status).toBe(200);
  });

  it('two instances sharing the DynamoDB counter let through about one budget, not one each', async () => {
    const key = `test:${Math.random()}`;
    const instances = [new RateLimiter({ shared: true }), new RateLimiter({ shared: true })] as const;
    let allowed = 0;
    for (let i = 0; i < 120; i++) if ((await instances[i % 2 === 0 ? 0 : 1].take(key, 30)).allowed) allowed++;
    // Each instance syncs every second or when its share nears the budget: a few may slip past.
    expect(allowed).toBeGreaterThanOrEqual(30);
    expect(allowed).toBeLessThanOrEqual(36);
    // Without sharing (what a per-instance bucket would do), each instance lets 30 through.
    const alone = [new RateLimiter({ shared: false }), new RateLimiter({ shared: false })] as const;
    let allowedAlone = 0;
    for (let i = 0; i < 120; i++) if ((await alone[i % 2 === 0 ? 0 : 1].take(key, 30)).allowed) allowedAlone++;
    expect(allowedAlone).toBe(60);
  });
});

describe('the credential cache', () => {
  it('thousands of unknown keys stay bounded and do not push a valid key out', async () => {
    process.env.RATE_LIMIT_ANONYMOUS_PER_MINUTE = '100000';
    resetConfig();
    auth.resetRateLimits();
    auth.clearCredentialCache();
    expect((await call('/me', { key: orgA.apiKey })).status).toBe(200);
    const before = auth.credentialCacheStats().lookups;
    await inBatches(2100, 50, (i) => call('/me', { key: `ck_unknown${i}`, ip: `10.0.${i >> 8}.${i & 255}` }));
    const stats = auth.credentialCacheStats();
    expect(stats.unknown).toBeLessThanOrEqual(2000);
    expect(stats.known).toBeGreaterThanOrEqual(1);
    // The valid key is still cached: no lookup for it.
    expect((await call('/me', { key: orgA.apiKey })).status).toBe(200);
    expect(auth.credentialCacheStats().lookups).toBe(before + 2100);
    // The same unknown key again within 5 s costs no lookup.
    await call('/me', { key: 'ck_unknown2099' });
    expect(auth.credentialCacheStats().lookups).toBe(before + 2100);
    process.env.RATE_LIMIT_ANONYMOUS_PER_MINUTE = String(ANON_LIMIT);
    resetConfig();
  });

  it('300 concurrent first calls with one key make one lookup and no 503', async () => {
    process.env.RATE_LIMIT_PER_MINUTE = '100000';
    resetConfig();
    auth.resetRateLimits();
    auth.clearCredentialCache();
    const before = auth.credentialCacheStats().lookups;
    const answers = await Promise.all(Array.from({ length: 300 }, () => call('/me', { key: orgB.apiKey })));
    expect(answers.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    expect(auth.credentialCacheStats().lookups - before).toBe(1);
    process.env.RATE_LIMIT_PER_MINUTE = String(ORG_LIMIT);
    resetConfig();
  });
});

describe('tokens', () => {
  const require = createRequire(import.meta.url);
  const sign = async (claims: JWTPayload) => {
    const { jwk } = require('cognito-local/lib/keys/cognitoLocal.private.json') as { jwk: { kid: string } & Record<string, string> };
    const key = await importJWK(jwk, 'RS256');
    const { cognito } = stack().credentials;
    return new SignJWT({ iss: `${cognito.endpoint}/${cognito.userPoolId}`, client_id: cognito.clientId, ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: jwk.kid })
      .sign(key);
  };
  let sub: string;

  beforeAll(async () => {
    auth.resetRateLimits();
    const admin = orgs()[0].users.find((u) => u.role === 'admin');
    if (!admin) throw new Error('the seed has no admin');
    const { accessToken } = await signIn(admin.email, admin.password);
    sub = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString()).sub;
    // The control: the pool's own token passes.
    expect((await call('/me', { key: accessToken })).status).toBe(200);
  });

  it('a well-formed token signed by the pool’s key passes (the control for the refusals below)', async () => {
    const token = await sign({ sub, token_use: 'access', exp: Math.floor(Date.now() / 1000) + 600 });
    expect((await call('/me', { key: token })).status).toBe(200);
  });

  it.each([
    ['without exp', { token_use: 'access' }],
    ['with token_use refresh', { token_use: 'refresh', exp: Math.floor(Date.now() / 1000) + 600 }],
    ['without token_use', { exp: Math.floor(Date.now() / 1000) + 600 }],
  ])('a token %s is refused with 401 and WWW-Authenticate', async (_label, claims) => {
    const answer = await call('/me', { key: await sign({ sub, ...claims }) });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer realm="carnet", error="invalid_token"/);
  });

  it('a 401 without a credential says which scheme to use', async () => {
    const answer = await call('/me', { ip: '192.0.2.200' });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="carnet"');
  });
});

describe('internal headers', () => {
  it('x-carnet-ddb-* only with the local flag: not by default, never on an AWS stage', async () => {
    const saved = { flag: process.env.CARNET_DDB_HEADERS, stage: process.env.STAGE };
    const headersWith = async (env: { flag?: string; stage: string }) => {
      process.env.CARNET_DDB_HEADERS = env.flag ?? '';
      process.env.STAGE = env.stage;
      resetConfig();
      const answer = await call('/me', { key: orgB.apiKey });
      const unauthorized = await call('/me', { key: 'ck_nope', ip: '192.0.2.77' });
      return [answer.headers.get('x-carnet-ddb-requests'), unauthorized.headers.get('x-carnet-ddb-requests')];
    };
    try {
      expect(await headersWith({ flag: '1', stage: 'local' })).toEqual([expect.any(String), expect.any(String)]);
      expect(await headersWith({ stage: 'local' })).toEqual([null, null]);
      expect(await headersWith({ flag: '1', stage: 'prod' })).toEqual([null, null]);
    } finally {
      process.env.CARNET_DDB_HEADERS = saved.flag ?? '';
      process.env.STAGE = saved.stage ?? 'local';
      resetConfig();
    }
  });
});

describe('sign-out', () => {
  // The web app's sign-out calls RevokeToken (web/lib/auth.ts; test/e2e/app.test.ts clicks it):
  // here, that the local pool honours it as Cognito does.
  it('a revoked refresh token no longer refreshes', async () => {
    const member = orgs()[1].users[0];
    if (!member) throw new Error('the seed has no user in the second organisation');
    const { refreshToken } = await signIn(member.email, member.password);
    const { cognito } = stack().credentials;
    const cognitoCall = (target: string, body: unknown) =>
      fetch(cognito.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${target}` },
        body: JSON.stringify(body),
      });
    const refresh = () =>
      cognitoCall('InitiateAuth', {
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: cognito.clientId,
        AuthParameters: { REFRESH_TOKEN: refreshToken },
      });
    expect((await refresh()).status).toBe(200);
    expect((await cognitoCall('RevokeToken', { ClientId: cognito.clientId, Token: refreshToken })).status).toBe(200);
    expect((await refresh()).status).toBe(400);
  });
});
