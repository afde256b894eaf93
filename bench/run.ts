/**
 * `npm run bench`: every benchmark, one after the other, figures printed and saved to
 * bench/results/latest.json (`npm run bench cost` runs only the parts named). Each part can also
 * run alone (`npx tsx bench/<part>.ts`).
 *
 * Each part runs in its own Node process: a part starts its own embedded stack on free ports, and
 * the functions keep process-wide clients and caches (Cognito client, JWKS, credentials) that
 * would still point at the previous part's stack.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.LOG_LEVEL ??= 'silent';
// The figures come from the x-carnet-ddb-* headers, which only this flag turns on (local stage).
process.env.CARNET_DDB_HEADERS ??= '1';

const parts: [string, string, string][] = [
  ['foundation', './foundation', 'benchFoundation'],
  ['documents', './documents', 'benchDocuments'],
  ['web', './web', 'benchWeb'],
  ['cost', './cost', 'benchCost'],
  ['coldstart', './coldstart', 'benchColdstart'],
  ['memory', './memory', 'benchMemory'],
  ['webhooks', './webhooks', 'benchWebhooks'],
];

const args = process.argv.slice(2);

if (args[0] === '--child') {
  // One part, in this process: its figures go to the file the parent named.
  const [, name, out] = args;
  const part = parts.find(([n]) => n === name);
  if (!part || !out) throw new Error(`--child needs a known part and an output file, got ${name} ${out}`);
  const [, file, fn] = part;
  const mod = (await import(file)) as Record<string, (() => Promise<unknown>) | undefined>;
  const run = mod[fn];
  if (!run) throw new Error(`${file} exports no ${fn}`);
  const started = Date.now();
  const figures = await run();
  console.log(JSON.stringify(figures, null, 2));
  console.log(`(${name}: ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  writeFileSync(out, JSON.stringify(figures));
  process.exit(0);
}

const results: Record<string, unknown> = { at: new Date().toISOString(), node: process.version };
const scratch = mkdtempSync(join(tmpdir(), 'carnet-bench-run-'));
for (const [name] of parts) {
  if (args.length && !args.includes(name)) continue;
  console.log(`\n=== ${name} ===`);
  const out = join(scratch, `${name}.json`);
  const child = spawnSync(process.execPath, [...process.execArgv, import.meta.filename, '--child', name, out], {
    stdio: 'inherit',
    env: process.env,
  });
  try {
    results[name] = JSON.parse(readFileSync(out, 'utf8'));
  } catch {
    console.error(`${name} failed (exit ${child.status ?? child.signal})`);
    results[name] = { error: `exit ${child.status ?? child.signal}` };
    process.exitCode = 1;
  }
}
rmSync(scratch, { recursive: true, force: true });
const dir = join(import.meta.dirname, 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'latest.json'), JSON.stringify(results, null, 2));
console.log(`\nFigures saved to bench/results/latest.json`);
