/**
 * THE security headers of Carnet's answers: CloudFront's response headers policies on AWS
 * (infra/constructs/web.ts) and the local server (infra/local/server.ts) both build theirs from
 * this file, so that `npm start` behaves as the deployed app does (a CSP violation shows locally).
 */
export const HSTS_MAX_AGE_SECONDS = 365 * 24 * 3600;
export const FRAME_OPTIONS = 'DENY';
export const REFERRER_POLICY = 'strict-origin-when-cross-origin';

/** The web app's CSP: everything from itself, plus the sign-in endpoint (Cognito or cognito-local). */
export function appContentSecurityPolicy(cognitoEndpoint: string): string {
  return [
    "default-src 'self'",
    `connect-src 'self' ${cognitoEndpoint}`,
    "img-src 'self'",
    "style-src 'self'",
    "script-src 'self'",
    "font-src 'self'",
    // The Rapport tab shows the PDF from a blob: URL in an iframe (it is fetched with the bearer
    // token); a blob document inherits this policy, so its PDF viewer needs blob: too.
    "frame-src 'self' blob:",
    "object-src 'self' blob:",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The headers as an HTTP server sends them. `app`: the web app's pages and files (with the CSP);
 * `api`: JSON answers and the /api/docs page, which loads its own scripts (no CSP). HSTS only over
 * HTTPS (browsers ignore it over HTTP, and it would pin localhost for other local servers).
 */
export function securityHeaders(kind: 'app' | 'api', options: { cognitoEndpoint: string; https: boolean }): Record<string, string> {
  return {
    ...(options.https ? { 'Strict-Transport-Security': `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains` } : {}),
    'X-Frame-Options': FRAME_OPTIONS,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': REFERRER_POLICY,
    ...(kind === 'app' ? { 'Content-Security-Policy': appContentSecurityPolicy(options.cognitoEndpoint) } : {}),
  };
}
