import { describe, expect, it } from 'vitest';
import { DOCS_PAGE_CSP } from '../../functions/api/docs-page';
import { appContentSecurityPolicy } from '../../infra/security-headers';
import { orgs, stack } from './helpers';

/**
 * The local server sends the security headers CloudFront sends on AWS, from the same definition
 * (infra/security-headers.ts; test/infra/stack.test.ts checks the CloudFront side), HSTS apart:
 * it is plain HTTP here. Internal headers stay off answers unless the local flag asks for them.
 */
describe('security headers of the local server', () => {
  it.each(['/', '/clients/01ABC', '/config.json'])(
    'the web app at %s: CSP with the sign-in endpoint, nosniff, no framing, referrer policy',
    async (path) => {
      const res = await fetch(`${stack().webUrl}${path}`);
      expect(res.headers.get('content-security-policy')).toBe(appContentSecurityPolicy(stack().credentials.cognito.endpoint));
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(res.headers.get('strict-transport-security')).toBeNull();
    },
  );

  it('the API: nosniff, no framing, referrer policy; no app CSP (the /api/docs page brings its own)', async () => {
    const key = orgs()[0]?.apiKey ?? '';
    for (const res of [
      await fetch(`${stack().apiUrl}/me`, { headers: { authorization: `Bearer ${key}` } }),
      await fetch(`${stack().apiUrl}/me`),
      await fetch(`${stack().webUrl}/api/docs`),
    ]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(res.headers.get('content-security-policy')).toBe(res.url.endsWith('/api/docs') ? DOCS_PAGE_CSP : null);
    }
  });
});
