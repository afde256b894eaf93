/**
 * The API reference page in Chromium: Redoc renders the served OpenAPI document under the page's
 * CSP with every request kept on Carnet's own origin — any other request is recorded and refused.
 * @scalar/hono-api-reference is not used: its browser bundle (@scalar/api-reference) is not
 * installed, so it could only load it from jsDelivr (docs/decisions.md).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TAGS } from '../../functions/api/openapi';
import { type LocalStack, startLocalStack } from '../../infra/local/stack';
import { type Browser, launchChromium } from './browser';

let stack: LocalStack;
let browser: Browser;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'carnet-e2e-docs-'));
  stack = await startLocalStack({ dataDir, ports: 'free', seed: false });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('/api/docs in Chromium', () => {
  it('renders every tag and operation offline, with no CSP violation', async () => {
    const { page } = browser;
    const origin = new URL(stack.webUrl).origin;
    const elsewhere: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
      elsewhere.push(url);
      return route.abort();
    });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(String(e)));

    await page.goto(`${stack.webUrl}/api/docs`);
    await page
      .getByRole('heading', { name: /Carnet API/ })
      .first()
      .waitFor({ timeout: 30_000 });
    for (const tag of Object.keys(TAGS)) expect(await page.getByText(tag, { exact: true }).count(), tag).toBeGreaterThan(0);
    // An operation opened from the menu, with its summary and answers.
    await page.getByText('Sends', { exact: true }).first().click();
    await page.getByText('Send a document by email', { exact: true }).first().waitFor({ timeout: 15_000 });
    expect(elsewhere).toEqual([]);
    // Redoc's "API docs by Redocly" logo is an <img> from cdn.redoc.ly with no option to turn it
    // off: the CSP refuses it (Redoc then hides it), and that refusal is the only message allowed.
    // Its telemetry (to otel.cloud.redocly.com) is off: connect-src would refuse it here too.
    const logo = /Loading the image 'https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(-full)?\.svg' violates/;
    expect(problems.filter((p) => !logo.test(p))).toEqual([]);
  }, 90_000);
});
