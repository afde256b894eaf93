import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { STANDARD_RETRY_SCHEDULE } from '../../functions/lib/config';
import { decide, nextDelaySeconds, signedHeaders, signingSecrets } from '../../functions/webhooks/delivery';
import { checkTarget, parseRetryAfter, TargetRefused } from '../../functions/webhooks/target';

const aws = { allowLoopbackHttp: false };
const local = { allowLoopbackHttp: true };

describe('the SSRF guard', () => {
  it.each([
    ['https://10.0.0.1/', 'private'],
    ['https://172.16.5.4/', 'private'],
    ['https://192.168.1.1/', 'private'],
    ['https://127.0.0.1/', 'loopback'],
    ['https://[::1]/', 'loopback'],
    ['https://169.254.169.254/latest/meta-data/', 'linkLocal'],
    ['https://[fd00:ec2::254]/', 'uniqueLocal'],
    ['https://[::ffff:169.254.169.254]/', 'linkLocal'],
    ['https://[::ffff:10.0.0.1]/', 'private'],
    ['https://100.64.0.1/', 'carrierGradeNat'],
    ['https://0.0.0.0/', 'unspecified'],
    ['https://224.0.0.1/', 'multicast'],
    ['https://[64:ff9b::a00:1]/', 'rfc6052'],
    ['https://[fe80::1]/', 'linkLocal'],
  ])('refuses %s on AWS (%s)', async (url, range) => {
    await expect(checkTarget(url, aws)).rejects.toThrow(new TargetRefused(`The URL resolves to a non-public address (${range})`));
  });

  it.each([
    ['http://93.184.215.14/', 'The URL must be https'],
    ['http://10.0.0.1/', 'The URL must be https'],
    ['ftp://93.184.215.14/', 'The URL must be https'],
    ['https://user:pw@93.184.215.14/', 'The URL must not carry credentials'],
    ['not a url', 'The URL is not valid'],
  ])('refuses %s', async (url, message) => {
    await expect(checkTarget(url, aws)).rejects.toThrow(message);
  });

  it('accepts an https URL on a public address, and connects to that checked address', async () => {
    const target = await checkTarget('https://93.184.215.14:8443/hook?x=1', aws);
    expect(target).toMatchObject({ address: '93.184.215.14', family: 4 });
    expect((await checkTarget('https://[2606:4700::1111]/', aws)).family).toBe(6);
  });

  it('checks every address a name resolves to (localhost is loopback)', async () => {
    await expect(checkTarget('https://localhost/', aws)).rejects.toThrow(/non-public address \(loopback\)/);
  });

  it('allows loopback http only where the local stack says so, and still nothing private', async () => {
    expect((await checkTarget('http://127.0.0.1:4000/hook', local)).address).toBe('127.0.0.1');
    expect((await checkTarget('http://localhost:4000/hook', local)).url.port).toBe('4000');
    await expect(checkTarget('http://127.0.0.1:4000/hook', aws)).rejects.toThrow(TargetRefused);
    await expect(checkTarget('http://10.0.0.1/', local)).rejects.toThrow(TargetRefused);
    await expect(checkTarget('https://169.254.169.254/', local)).rejects.toThrow(TargetRefused);
  });
});

describe('retries', () => {
  it('follow the Standard Webhooks schedule with ±20 % jitter, then give up', () => {
    for (let attempt = 1; attempt <= 7; attempt++) {
      const base = STANDARD_RETRY_SCHEDULE[attempt - 1] ?? Number.NaN;
      for (let i = 0; i < 50; i++) {
        const delay = nextDelaySeconds(attempt, null, STANDARD_RETRY_SCHEDULE) ?? -1;
        expect(delay).toBeGreaterThanOrEqual(base * 0.8);
        expect(delay).toBeLessThanOrEqual(base * 1.2);
      }
    }
    expect(nextDelaySeconds(8, null, STANDARD_RETRY_SCHEDULE)).toBeNull();
  });

  it('honour a longer Retry-After, capped at the longest wait of the schedule', () => {
    expect(nextDelaySeconds(1, 120, STANDARD_RETRY_SCHEDULE)).toBe(120);
    expect(nextDelaySeconds(1, 10 ** 9, STANDARD_RETRY_SCHEDULE)).toBe(36_000);
    expect(nextDelaySeconds(3, 1, STANDARD_RETRY_SCHEDULE)).toBeGreaterThanOrEqual(1440);
  });

  const at = Date.parse('2026-12-06T12:00:00Z');
  const day = 24 * 3600 * 1000;
  it.each([
    ['a 2xx', { status: 204, retryAfterSeconds: null }, 1, null, 'succeeded', null],
    ['a 500 on the first try', { status: 500, retryAfterSeconds: null }, 1, null, 'retry', null],
    ['no answer', { status: null, retryAfterSeconds: null }, 3, null, 'retry', null],
    ['a 3xx (redirects are not followed)', { status: 302, retryAfterSeconds: null }, 1, null, 'retry', null],
    ['410 Gone', { status: 410, retryAfterSeconds: null }, 1, null, 'failed', 'The endpoint answered 410 Gone'],
    ['the last try failing', { status: 503, retryAfterSeconds: null }, 8, null, 'failed', null],
    ['a failure 4 days into failing', { status: 503, retryAfterSeconds: null }, 2, at - 4 * day, 'retry', null],
    [
      'a failure 5 days into failing',
      { status: 503, retryAfterSeconds: null },
      2,
      at - 5 * day,
      'failed',
      'Every delivery failed for 5 days',
    ],
  ])('after %s', (_, result, attempt, failingSince, kind, disable) => {
    const outcome = decide(
      result,
      attempt,
      { failingSince: failingSince === null ? null : new Date(failingSince).toISOString() },
      at,
      STANDARD_RETRY_SCHEDULE,
    );
    expect(outcome.kind).toBe(kind);
    if (outcome.kind === 'failed') expect(outcome.disable).toBe(disable);
  });

  it('schedules a 429 no sooner than its Retry-After', () => {
    const outcome = decide({ status: 429, retryAfterSeconds: 900 }, 1, { failingSince: null }, at, STANDARD_RETRY_SCHEDULE);
    expect(outcome).toEqual({ kind: 'retry', dueMs: at + 900_000 });
  });

  it.each([
    ['120', 120],
    [' 7 ', 7],
    ['Wed, 21 Oct 2015 07:28:30 GMT', 30],
    ['soon', null],
    [undefined, null],
  ])('read Retry-After %s', (value, seconds) => {
    expect(parseRetryAfter(value, Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(seconds);
  });
});

describe('signatures (Standard Webhooks, verified with its reference library)', () => {
  const event = {
    id: '01JEVENT000000000000000000',
    type: 'client.created' as const,
    createdAt: '2026-12-06T21:00:00.000Z',
    data: { object: { id: 'c1' } },
  };
  const body = JSON.stringify(event);
  const current = `whsec_${Buffer.alloc(32, 1).toString('base64')}`;
  const previous = `whsec_${Buffer.alloc(32, 2).toString('base64')}`;

  it('sign id.timestamp.body with each secret; each alone verifies', () => {
    const headers = signedHeaders([current, previous], event, body);
    expect(headers['webhook-id']).toBe(event.id);
    expect(String(headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/=]+ v1,[A-Za-z0-9+/=]+$/);
    expect(new Webhook(current).verify(body, headers)).toEqual(event);
    expect(new Webhook(previous).verify(body, headers)).toEqual(event);
    expect(() => new Webhook(current).verify(`${body} `, headers)).toThrow();
  });

  it('use the previous secret for 24 h after a rotation only', () => {
    const at = Date.parse('2026-12-06T12:00:00Z');
    const secrets = [
      { secret: current, createdAt: '2026-12-06T11:00:00Z', retiresAt: null },
      { secret: previous, createdAt: '2026-01-01T00:00:00Z', retiresAt: '2026-12-07T11:00:00Z' },
    ];
    expect(signingSecrets({ secrets }, at)).toEqual([current, previous]);
    expect(signingSecrets({ secrets }, Date.parse('2026-12-07T11:00:01Z'))).toEqual([current]);
  });
});
