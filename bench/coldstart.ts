/**
 * `npm run bench coldstart`: what a Lambda cold start loads, side by side with a floor.
 *
 * - the reference: a bare Hono app that reads one item with the DynamoDB document client, bundled
 *   by esbuild with the same options as the stack's functions, but WITH the AWS SDK inside (the
 *   smallest thing that could serve `/me`);
 * - every function of the stack, as `cdk synth` bundles it (infra/constructs/node-function.ts),
 *   read from the synthesised assets.
 *
 * For each: minified and gzip sizes, and the median time a fresh Node process takes to import the
 * bundle (a proxy for Lambda's INIT), then the ratios to the reference. The real functions leave
 * `@aws-sdk/*` to the runtime: here it is resolved from the project's node_modules, so its import
 * time is counted in both columns.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildApp } from '../infra/app';
import { projectRoot } from '../infra/constructs/node-function';

const RUNS = 7;

const REFERENCE = `
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const app = new Hono().get('/api/v1/me', async (c) => c.json((await db.send(new GetCommand({ TableName: 't', Key: { pk: 'a', sk: 'b' } }))).Item ?? {}));
export const handler = handle(app);
`;

interface Measured {
  name: string;
  bytes: number;
  gzipBytes: number;
  importMedianMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** Imports the bundle in RUNS fresh processes; the median of the import times. */
function measure(name: string, file: string): Measured {
  const dir = join(file, '..');
  if (!existsSync(join(dir, 'node_modules'))) symlinkSync(join(projectRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const script = `const t = performance.now(); const m = await import(${JSON.stringify(pathToFileURL(file).href)}); if (typeof m.handler !== 'function') throw new Error('no handler'); console.log(performance.now() - t);`;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: dir,
      encoding: 'utf8',
      // The functions read their configuration lazily; what an import needs is given here.
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', AWS_REGION: 'eu-west-3', LOG_LEVEL: 'silent' },
    });
    if (r.status !== 0) throw new Error(`importing ${name} failed: ${r.stderr}`);
    times.push(Number(r.stdout.trim().split('\n').pop()));
  }
  const code = readFileSync(file);
  return { name, bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length, importMedianMs: Math.round(median(times) * 10) / 10 };
}

function buildReference(dir: string): string {
  const entry = join(dir, 'reference.mjs');
  writeFileSync(entry, REFERENCE);
  const out = join(dir, 'reference', 'index.mjs');
  execFileSync(
    join(projectRoot, 'node_modules', '.bin', 'esbuild'),
    [
      entry,
      '--bundle',
      '--minify',
      '--format=esm',
      '--platform=node',
      '--target=node22',
      '--main-fields=module,main',
      "--banner:js=import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
      `--outfile=${out}`,
      '--log-level=warning',
    ],
    { cwd: projectRoot, stdio: 'pipe', env: { ...process.env, NODE_PATH: join(projectRoot, 'node_modules') } },
  );
  return out;
}

/** The stack's functions as `cdk synth` bundles them: logical name → its index.mjs. */
function synthFunctions(dir: string): Map<string, string> {
  const { app, stack } = buildApp({
    outdir: join(dir, 'cdk.out'),
    context: {
      'carnet:domain': 'example.org',
      'carnet:senderAddress': 'mail@example.org',
      'carnet:stage': 'bench',
      'carnet:alarmEmail': 'ops@example.org',
    },
  });
  const assembly = app.synth();
  const template = assembly.getStackByName(stack.stackName).template as {
    Resources: Record<string, { Type: string; Properties: { Code?: { S3Key?: string } }; Metadata?: Record<string, string> }>;
  };
  const found = new Map<string, string>();
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    // The code's S3 key is `<asset hash>.zip`; the bundle sits in `asset.<hash>/` of the assembly.
    const hash = resource.Properties.Code?.S3Key?.replace(/\.zip$/, '');
    if (!hash) continue;
    const file = join(assembly.directory, `asset.${hash}`, 'index.mjs');
    if (existsSync(file)) found.set(logicalId.replace(/[0-9A-F]{8}$/, ''), file);
  }
  return found;
}

export async function benchColdstart() {
  const dir = mkdtempSync(join(tmpdir(), 'carnet-coldstart-'));
  try {
    const reference = measure('reference (Hono + lib-dynamodb, SDK inside)', buildReference(dir));
    const functions = [...synthFunctions(dir)].map(([name, file]) => measure(name, file));
    const rows = functions.map((f) => ({
      ...f,
      gzipRatio: Math.round((f.gzipBytes / reference.gzipBytes) * 100) / 100,
      importRatio: Math.round((f.importMedianMs / reference.importMedianMs) * 100) / 100,
    }));
    return { runs: RUNS, reference, functions: rows };
  } finally {
    // The assembly (bundles included) was written inside this folder.
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await benchColdstart(), null, 2));
}
