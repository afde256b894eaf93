import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { findApiKeyBySecret, isApiKeySecret } from '../api-keys';
import { apiConfig, authConfig } from '../lib/config';
import { AppError } from '../lib/errors';
import { logger } from '../lib/logger';
import { uncounted } from '../lib/metrics';
import { RateLimiter, type RateDecision } from '../lib/rate-limit';
import { findUserBySub } from '../users';
import type { Actor, AppEnv } from './context';

/**
 * `Authorization: Bearer <Cognito access or id token | ck_… API key>`. The organisation and role
 * come from the credential alone. Lookups are cached briefly per instance and not counted as
 * requests of the call:
 * - known credentials in a bounded LRU (30 s; refreshed in the background during their last 10 s,
 *   one lookup per credential at a time, and kept up to 60 s more if a refresh fails), so a cache
 *   expiry never turns a burst into as many lookups — nor into 503s;
 * - unknown ones in a small separate LRU, by hash, for 5 s: a flood of bogus keys neither grows
 *   the memory nor pushes the valid entries out, and each costs at most one read per 5 s.
 * Then the budgets (API.md, rate limits): an unauthenticated caller's (per source address, checked
 * before any lookup of an uncached credential) and the organisation's.
 */
const FRESH_MS = 30_000;
const REFRESH_AHEAD_MS = 10_000;
const STALE_ON_ERROR_MS = 60_000;
const NEGATIVE_MS = 5_000;
const MAX_KNOWN = 5_000;
const MAX_UNKNOWN = 2_000;
/** Longer than any Cognito JWT or API key: refused without a lookup. */
const MAX_TOKEN_LENGTH = 8_192;

interface Known {
  actor: Actor;
  /** Fresh until then; past it, usable only while a refresh is failing. */
  until: number;
  /** Never past the token's own expiry. */
  hardUntil: number;
}

/** A Map used as an LRU: re-inserted on use, the oldest dropped past `max`. */
class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }
  set(key: string, value: V) {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
  }
  delete(key: string) {
    this.map.delete(key);
  }
  clear() {
    this.map.clear();
  }
  get size() {
    return this.map.size;
  }
}

const known = new Lru<Known>(MAX_KNOWN);
const unknown = new Lru<number>(MAX_UNKNOWN);
const inFlight = new Map<string, Promise<Known | null>>();
let lookups = 0;
let limiter: RateLimiter | undefined;
const rateLimiter = () => {
  limiter ??= new RateLimiter({ shared: apiConfig().rateLimit.shared });
  return limiter;
};

const digest = (token: string) => createHash('sha256').update(token).digest('base64url');

let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
function keySet() {
  jwks ??= createRemoteJWKSet(new URL(`${authConfig().issuer}/.well-known/jwks.json`), { cooldownDuration: 30_000 });
  return jwks;
}

async function verifyToken(token: string): Promise<JWTPayload> {
  const cfg = authConfig();
  try {
    // A token without an expiry would be valid forever: exp is required, as is a token_use of
    // access or id (a refresh token, or a token that does not say, is not a credential here).
    const { payload } = await jwtVerify(token, keySet(), { issuer: cfg.issuer, requiredClaims: ['exp', 'sub', 'token_use'] });
    if (payload.token_use !== 'access' && payload.token_use !== 'id') throw new Error('not an access or id token');
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

/** The actor behind a credential (null: unknown, revoked or disabled). */
async function resolve(token: string): Promise<Known | null> {
  const now = Date.now();
  if (isApiKeySecret(token)) {
    const key = await findApiKeyBySecret(token);
    if (!key) return null;
    const actor: Actor = {
      orgId: key.orgId,
      role: key.role,
      userId: null,
      apiKeyId: key.id,
      name: key.name,
      email: null,
      principalId: `apikey:${key.id}`,
    };
    return { actor, until: now + FRESH_MS, hardUntil: Number.POSITIVE_INFINITY };
  }
  const payload = await verifyToken(token);
  const expires = Number(payload.exp) * 1000;
  const user = payload.sub ? await findUserBySub(payload.sub) : undefined;
  if (!user || user.status !== 'active') return null;
  const name = [user.firstName, user.lastName].filter(Boolean).join(' ') || user.email;
  return {
    actor: { orgId: user.orgId, role: user.role, userId: user.id, apiKeyId: null, name, email: user.email, principalId: user.id },
    until: Math.min(now + FRESH_MS, expires),
    hardUntil: expires,
  };
}

/**
 * One lookup per credential at a time; its outcome fills the caches. `gate` runs first, inside the
 * single flight (the anonymous budget of the request that starts it).
 */
function lookup(token: string, hash: string, gate: () => Promise<void>): { result: Promise<Known | null>; started: boolean } {
  const pending = inFlight.get(hash);
  if (pending) return { result: pending, started: false };
  lookups++;
  const result = (async () => {
    await gate();
    const found = await uncounted(() => resolve(token));
    if (found) {
      known.set(hash, found);
      unknown.delete(hash);
    } else {
      known.delete(hash);
      unknown.set(hash, Date.now() + NEGATIVE_MS);
    }
    return found;
  })().finally(() => inFlight.delete(hash));
  inFlight.set(hash, result);
  return { result, started: true };
}

/** Who sent the request: the viewer's address when CloudFront vouches for it, else the peer's. */
export function sourceAddress(c: Context): string {
  const env = c.env as
    | { requestContext?: { http?: { sourceIp?: string } }; incoming?: { socket?: { remoteAddress?: string } } }
    | undefined;
  // Set by the CloudFront Function of /api/* (infra/constructs/web.ts), trusted only with the
  // header CloudFront adds to every request it forwards: a direct caller cannot forge it.
  const verify = apiConfig().originVerify;
  const viewer = c.req.header('x-carnet-viewer-address');
  if (verify && viewer && c.req.header('x-carnet-origin-verify') === verify) return viewer;
  return env?.requestContext?.http?.sourceIp ?? env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

function setRateHeaders(c: Context, d: RateDecision) {
  c.header('RateLimit-Limit', String(d.limit));
  c.header('RateLimit-Remaining', String(d.remaining));
  c.header('RateLimit-Reset', String(d.resetSeconds));
}

function refuse(d: RateDecision, who: string): AppError {
  return new AppError('rate_limited', `Too many requests for ${who}; retry in ${d.resetSeconds} s`, {
    headers: { 'Retry-After': String(d.resetSeconds) },
  });
}

/** The anonymous budget of the caller's address: every request without a known credential. */
export async function limitAnonymous(c: Context) {
  const d = await rateLimiter().take(`anon:${sourceAddress(c)}`, apiConfig().rateLimit.anonymousPerMinute);
  if (!d.allowed) {
    setRateHeaders(c, d);
    throw refuse(d, 'this address');
  }
}

export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const token = match?.[1];
  if (!token || token.length > MAX_TOKEN_LENGTH) {
    await limitAnonymous(c);
    throw new AppError('unauthorized', 'Send a credential: Authorization: Bearer <token or API key>');
  }
  const hash = digest(token);
  const now = Date.now();
  let entry = known.get(hash);
  if (entry && now >= entry.hardUntil) {
    known.delete(hash);
    entry = undefined;
  }
  let actor: Actor | null = null;
  if (entry && now < entry.until) {
    actor = entry.actor;
    // Refreshed ahead of expiry, in the background: a busy credential never waits for a lookup.
    if (entry.until < entry.hardUntil && entry.until - now < REFRESH_AHEAD_MS && !inFlight.has(hash)) {
      lookup(token, hash, async () => undefined).result.catch((error) =>
        logger.warn('credential refresh failed', { error: String(error) }),
      );
    }
  } else {
    const negative = unknown.get(hash);
    if (negative !== undefined && now < negative) {
      await limitAnonymous(c);
      throw new AppError('unauthorized', 'This credential is not valid (revoked key or disabled user)');
    }
    // An uncached credential costs a lookup: it comes out of the address's anonymous budget (once:
    // requests that join a lookup under way cost nothing more).
    const gate = async () => {
      if (!entry) await limitAnonymous(c);
    };
    try {
      let attempt = lookup(token, hash, gate);
      let found: Known | null;
      try {
        found = await attempt.result;
      } catch (error) {
        // The request that started the lookup was over its address's budget; this one may not be.
        if (attempt.started || !(error instanceof AppError && error.code === 'rate_limited')) throw error;
        attempt = lookup(token, hash, gate);
        found = await attempt.result;
      }
      actor = found?.actor ?? null;
    } catch (error) {
      // The lookup failed (DynamoDB or Cognito unreachable): a recently valid entry still serves.
      if (
        entry &&
        now < entry.until + STALE_ON_ERROR_MS &&
        !(error instanceof AppError && ['unauthorized', 'rate_limited'].includes(error.code))
      ) {
        actor = entry.actor;
      } else {
        throw error;
      }
    }
    if (!actor) throw new AppError('unauthorized', 'This credential is not valid (revoked key or disabled user)');
  }
  c.set('actor', actor);
  const d = await rateLimiter().take(`org:${actor.orgId}`, apiConfig().rateLimit.perMinute);
  setRateHeaders(c, d);
  if (!d.allowed) throw refuse(d, 'this organisation');
  await next();
});

/** After a revocation or a user change: forget cached credentials in this instance. */
export function clearCredentialCache() {
  known.clear();
  unknown.clear();
}

/** Tests and benches: how many credentials are cached, and how many lookups were made. */
export function credentialCacheStats() {
  return { known: known.size, unknown: unknown.size, lookups };
}

/** Tests: a fresh limiter (new limits read from the configuration). */
export function resetRateLimits() {
  limiter = undefined;
}
