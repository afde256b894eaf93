/**
 * The web app's figures: the initial JavaScript (gzip) of the built entry — the script and
 * modulepreload tags of web/dist/index.html — and the time from navigation to a client record
 * fully rendered, in headless Chromium against the local stack (median of 5).
 * `npx tsx bench/web.ts` alone, or through `npm run bench`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { startLocalStack } from '../infra/local/stack';
import { ensureWebBuilt } from '../infra/local/web-build';
import { launchChromium, signIn } from '../test/e2e/browser';
import { median, round as roundTo } from './stats';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'web', 'dist');
const RUNS = 5;

const round = (n: number) => roundTo(n, 1);

/** The JS the browser loads before any route: the entry script and what it modulepreloads. */
export function initialJs(): { files: { file: string; bytes: number; gzipBytes: number }[]; gzipBytes: number; css: number } {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const paths = new Set<string>();
  for (const m of html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)) paths.add(m[1]!);
  for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) paths.add(m[1]!);
  const files = [...paths].map((p) => {
    const content = readFileSync(join(dist, p.replace(/^\//, '')));
    return { file: p, bytes: content.length, gzipBytes: gzipSync(content).length };
  });
  let css = 0;
  for (const m of html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)) {
    css += gzipSync(readFileSync(join(dist, m[1]!.replace(/^\//, '')))).length;
  }
  return { files, gzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0), css };
}

export async function benchWeb() {
  ensureWebBuilt(() => undefined);
  const js = initialJs();
  const dataDir = mkdtempSync(join(tmpdir(), 'carnet-bench-web-'));
  const stack = await startLocalStack({ dataDir, ports: 'free', seed: true });
  const browser = await launchChromium();
  try {
    const { page } = browser;
    const admin = stack.credentials.organizations[0]!.users.find((u) => u.role === 'admin')!;
    await signIn(page, stack.webUrl, admin.email, admin.password);
    const first = page.getByRole('table', { name: 'Liste des clients' }).getByRole('link').first();
    const clientName = (await first.textContent())!.trim();
    const recordUrl = new URL((await first.getAttribute('href'))!, stack.webUrl).href;

    const runs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await page.goto('about:blank');
      await page.goto(recordUrl, { waitUntil: 'commit' });
      // performance.now() counts from the navigation's start: read it when the record is on screen.
      const handle = await page.waitForFunction(
        (name) => {
          const title = document.querySelector('h1')?.textContent?.trim();
          const label = [...document.querySelectorAll('label')].find((l) => l.textContent?.trim() === 'Nom du client');
          const input = label ? (document.getElementById(label.htmlFor) as HTMLInputElement | null) : null;
          return title === name && input?.value === name ? performance.now() : false;
        },
        clientName,
        { polling: 'raf', timeout: 15_000 },
      );
      runs.push((await handle.jsonValue()) as number);
    }
    return {
      initialJsGzipKib: round(js.gzipBytes / 1024),
      initialJsBudgetKib: 60,
      initialFiles: js.files.map((f) => ({ ...f, gzipKib: round(f.gzipBytes / 1024) })),
      cssGzipKib: round(js.css / 1024),
      clientRecordRenderedMedianMs: round(median(runs)),
      clientRecordRenderedRunsMs: runs.map((r) => round(r)),
      note: 'navigation start → client record (title and Données form) rendered; headless Chromium, local stack, same browser profile (first run cold)',
    };
  } finally {
    await browser.close();
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = Date.now();
  benchWeb()
    .then((figures) => {
      console.log(JSON.stringify(figures, null, 2));
      console.log(`(web: ${((Date.now() - started) / 1000).toFixed(1)} s)`);
      process.exit(0);
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
