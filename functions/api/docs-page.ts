/**
 * `/api/docs`: the reference page, rendered in the browser by Redoc (maintained by Redocly) from
 * the served OpenAPI document. Its script is served by Carnet itself at `REDOC_SCRIPT_PATH` (from
 * S3 through CloudFront on AWS, by the local server locally), never from a CDN: the page works
 * offline, and its CSP allows scripts from Carnet's own origin only.
 */
export const REDOC_SCRIPT_PATH = '/docs-assets/redoc.standalone.js';

/**
 * Starts Redoc on the page's `#redoc` element, with its telemetry off (Redoc 3 otherwise reports
 * to Redocly's servers). A file of its own, served beside Redoc: the CSP allows no inline script.
 * Not a `<redoc>` element, which Redoc would start by itself with its defaults.
 */
export const DOCS_INIT_SCRIPT_PATH = '/docs-assets/api-docs.js';
export const DOCS_INIT_SCRIPT = `import { init } from './redoc.standalone.js';
const root = document.getElementById('redoc');
init(root.dataset.specUrl, { disableTelemetry: true, hideDownloadButtons: false }, root);
`;

/** The page's Content-Security-Policy: Redoc needs inline styles, data: images and a blob: worker. */
export const DOCS_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function docsPage(specUrl: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Carnet API reference</title>
</head><body>
<noscript>Carnet API reference: this page needs JavaScript. The OpenAPI document: <a href="${specUrl}">${specUrl}</a>.</noscript>
<div id="redoc" data-spec-url="${specUrl}"></div>
<script type="module" src="${DOCS_INIT_SCRIPT_PATH}"></script>
</body></html>`;
}
