import { createMiddleware } from 'hono/factory';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { findApiKeyBySecret, isApiKeySecret } from '../api-keys';
import { authConfig } from '../lib/config';
import { AppError } from '../lib/errors';
import { uncounted } from '../lib/metrics';
import { findUserBySub } from '../users';
import type { Actor, AppEnv } from './context';

/**
 * `Authorization: Bearer <Cognito access or id token | ck_… API key>`. The organisation and role
 * come from the credential alone. Lookups are cached briefly per instance and not counted as
 * requests of the call.
 */
const CACHE_MS = 30_000;
const cache = new Map<string, { until: number; actor: Actor | null }>();

let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
function keySet() {
  jwks ??= createRemoteJWKSet(new URL(`${authConfig().issuer}/.well-known/jwks.json`), { cooldownDuration: 30_000 });
  return jwks;
}

async function verifyToken(token: string): Promise<JWTPayload> {
  const cfg = authConfig();
  try {
    const { payload } = await jwtVerify(token, keySet(), { issuer: cfg.issuer });
    const forClient = payload.token_use === 'access' ? payload.client_id === cfg.clientId : payload.aud === cfg.clientId;
    if (!forClient) throw new Error('token for another app client');
    return payload;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_JWKS_TIMEOUT' || (code === 'ERR_JOSE_GENERIC' && String(error).includes('fetch'))) {
      throw new AppError('unavailable', 'The sign-in service cannot be reached; try again');
    }
    const expired = code === 'ERR_JWT_EXPIRED';
    throw new AppError('unauthorized', expired ? 'The session has expired; sign in again' : 'The token is not valid', {
      reason: expired ? 'token_expired' : 'invalid_token',
    });
  }
}

/** The actor behind a credential, and until when that answer may be reused. */
async function resolve(token: string): Promise<{ actor: Actor | null; until: number }> {
  const until = Date.now() + CACHE_MS;
  if (isApiKeySecret(token)) {
    const key = await findApiKeyBySecret(token);
    const actor: Actor | null = key
      ? { orgId: key.orgId, role: key.role, userId: null, apiKeyId: key.id, name: key.name, email: null, principalId: `apikey:${key.id}` }
      : null;
    return { actor, until };
  }
  const payload = await verifyToken(token);
  // A token is never accepted past its expiry, even from the cache.
  const expires = payload.exp ? payload.exp * 1000 : until;
  const user = payload.sub ? await findUserBySub(payload.sub) : undefined;
  if (!user || user.status !== 'active') return { actor: null, until: Math.min(until, expires) };
  const name = [user.firstName, user.lastName].filter(Boolean).join(' ') || user.email;
  return {
    actor: { orgId: user.orgId, role: user.role, userId: user.id, apiKeyId: null, name, email: user.email, principalId: user.id },
    until: Math.min(until, expires),
  };
}

export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('authorization') ?? '';
  const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (!token) throw new AppError('unauthorized', 'Send a credential: Authorization: Bearer <token or API key>');
  const hit = cache.get(token);
  let actor: Actor | null;
  if (hit && Date.now() < hit.until) {
    actor = hit.actor;
  } else {
    const resolved = await uncounted(() => resolve(token));
    actor = resolved.actor;
    if (cache.size > 10_000) cache.clear();
    cache.set(token, resolved);
  }
  if (!actor) throw new AppError('unauthorized', 'This credential is not valid (revoked key or disabled user)');
  c.set('actor', actor);
  await next();
});

/** After a revocation or a user change: forget cached credentials in this instance. */
export function clearCredentialCache() {
  cache.clear();
}
