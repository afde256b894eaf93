import { lookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Where a webhook may go (the SSRF guard) and the one HTTP POST of a delivery.
 *
 * On AWS only `https` URLs whose every resolved address is public unicast are allowed: private,
 * loopback, link-local (the instance metadata address), carrier-grade NAT, unique-local, NAT64,
 * multicast and reserved ranges are refused. The check runs at delivery time too, and the request
 * connects to the address that was checked (never resolving the name again), so a DNS answer that
 * changes between the check and the connection (rebinding) cannot reach an internal address.
 * Redirects are not followed. Locally (the embedded stack sets the flag) loopback `http` is allowed.
 */
export interface TargetPolicy {
  allowLoopbackHttp: boolean;
}

export interface CheckedTarget {
  url: URL;
  /** The checked address the request connects to. */
  address: string;
  family: 4 | 6;
}

export class TargetRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetRefused';
  }
}

async function addressesOf(hostname: string): Promise<{ address: string; family: 4 | 6 }[]> {
  const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  const literal = isIP(bare);
  if (literal) return [{ address: bare, family: literal as 4 | 6 }];
  try {
    const found = await lookup(bare, { all: true, verbatim: true });
    return found.map((a) => ({ address: a.address, family: a.family as 4 | 6 }));
  } catch {
    throw new TargetRefused(`The name ${bare} does not resolve`);
  }
}

/** The range of an address as ipaddr.js names it (`unicast` for public addresses). */
export function addressRange(address: string): string {
  // process() turns IPv4-mapped IPv6 (::ffff:10.0.0.1) back into IPv4, so it is judged as such.
  return ipaddr.process(address).range();
}

/** Checks a URL against the policy; resolves its name and checks every address. */
export async function checkTarget(raw: string, policy: TargetPolicy): Promise<CheckedTarget> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TargetRefused('The URL is not valid');
  }
  if (url.username || url.password) throw new TargetRefused('The URL must not carry credentials');
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TargetRefused('The URL must be https');
  const addresses = await addressesOf(url.hostname);
  const [first] = addresses;
  if (!first) throw new TargetRefused(`The name ${url.hostname} does not resolve`);
  const ranges = addresses.map((a) => addressRange(a.address));
  const allLoopback = ranges.every((r) => r === 'loopback');
  if (policy.allowLoopbackHttp && allLoopback) return { url, ...first };
  if (url.protocol !== 'https:') throw new TargetRefused('The URL must be https');
  const refused = addresses.find((_, i) => ranges[i] !== 'unicast');
  if (refused) throw new TargetRefused(`The URL resolves to a non-public address (${addressRange(refused.address)})`);
  return { url, ...first };
}

export interface PostResult {
  /** null when no answer came (timeout, refused connection, TLS error). */
  status: number | null;
  durationMs: number;
  /** Seconds the receiver asked to wait (Retry-After), if it said. */
  retryAfterSeconds: number | null;
  error: string | null;
}

/** `Retry-After`: delay-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, nowMs = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - nowMs) / 1000));
}

const MAX_RESPONSE_BYTES = 64 * 1024;

/** One POST to the checked address, within `timeoutMs` in all; the answer's body is read and dropped. */
export function post(target: CheckedTarget, headers: Record<string, string>, body: string, timeoutMs: number): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const { url } = target;
  const secure = url.protocol === 'https:';
  const request = secure ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Omit<PostResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, durationMs: elapsed() });
    };
    const req = request(
      {
        host: target.address,
        family: target.family,
        port: url.port || (secure ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        // The certificate is checked against the URL's name, not the address connected to.
        ...(secure ? { servername: isIP(url.hostname) ? undefined : url.hostname } : {}),
        headers: { ...headers, host: url.host, 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Carnet-Webhooks/1.0' },
      },
      (res: IncomingMessage) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) res.destroy();
        });
        const done = () =>
          finish({
            status: res.statusCode ?? null,
            retryAfterSeconds: parseRetryAfter(res.headers['retry-after']),
            error: null,
          });
        res.on('end', done);
        res.on('close', done);
        res.on('error', done);
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      finish({ status: null, retryAfterSeconds: null, error: `No answer within ${timeoutMs / 1000} s` });
    }, timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) =>
      finish({ status: null, retryAfterSeconds: null, error: error.code ? `${error.code}: ${error.message}` : error.message }),
    );
    req.end(body);
  });
}
