/**
 * `npm run bench`: every benchmark, one after the other, figures printed and saved to
 * bench/results/latest.json. Each part can also run alone (`npx tsx bench/<part>.ts`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.LOG_LEVEL ??= 'silent';

const parts: [string, string, string][] = [
  ['foundation', './foundation', 'benchFoundation'],
  ['documents', './documents', 'benchDocuments'],
  ['web', './web', 'benchWeb'],
];

const only = process.argv.slice(2);
const results: Record<string, unknown> = { at: new Date().toISOString(), node: process.version };
for (const [name, file, fn] of parts) {
  if (only.length && !only.includes(name)) continue;
  console.log(`\n=== ${name} ===`);
  try {
    const mod = (await import(file)) as Record<string, () => Promise<unknown>>;
    const started = Date.now();
    results[name] = await mod[fn]();
    console.log(JSON.stringify(results[name], null, 2));
    console.log(`(${name}: ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    console.error(`${name} failed:`, error);
    results[name] = { error: String(error) };
    process.exitCode = 1;
  }
}
const dir = join(import.meta.dirname, 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'latest.json'), JSON.stringify(results, null, 2));
console.log(`\nFigures saved to bench/results/latest.json`);
