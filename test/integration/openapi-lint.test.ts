import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stack } from './helpers';

/**
 * The served OpenAPI document, linted as an integrator's tools would: Redocly CLI with the
 * recommended rules and the spectral:oas equivalents of redocly.yaml (0 errors, 0 warnings), and
 * the spectral:oas rules Redocly has no equivalent for, checked here (@stoplight/spectral-cli is not
 * installed). Each check is also run on a broken copy, to show it does catch what it is meant to.
 */
const run = promisify(execFile);
const CLI = join(process.cwd(), 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');

type Json = Record<string, any>;
interface Lint {
  totals: { errors: number; warnings: number };
  problems: { ruleId: string; severity: string; message: string; location: { pointer?: string }[] }[];
}

let dir: string;
let spec: Json;

async function redocly(document: Json, name: string): Promise<Lint> {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(document));
  const args = [CLI, 'lint', file, '--config', join(process.cwd(), 'redocly.yaml'), '--format=json'];
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
  // It exits 1 when it finds errors: the report is on stdout either way.
  const out = await run(process.execPath, args, { env, maxBuffer: 32 * 1024 * 1024 }).catch((e: { stdout?: string }) => ({
    stdout: e.stdout ?? '',
  }));
  return JSON.parse(out.stdout) as Lint;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Every object of the document with its JSON pointer. */
function* walk(node: unknown, pointer = '#'): Generator<[Json, string]> {
  if (!node || typeof node !== 'object') return;
  yield [node as Json, pointer];
  for (const [k, v] of Object.entries(node)) yield* walk(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
}

/** The recommended spectral:oas rules, those Redocly has no rule for first, each as `rule at pointer`. */
function spectralOas(doc: Json): string[] {
  const found: string[] = [];
  const fail = (rule: string, at: string) => found.push(`${rule} at ${at}`);
  if (!doc.info?.contact) fail('info-contact', '#/info');
  if (!doc.info?.description) fail('info-description', '#/info');
  if (!Array.isArray(doc.servers) || doc.servers.length === 0 || doc.servers.some((s: unknown) => typeof s !== 'object'))
    fail('oas3-api-servers', '#/servers');
  for (const s of doc.servers ?? []) if (/.\/$/.test(s.url)) fail('oas3-server-trailing-slash', s.url);
  const tags = new Set<string>();
  for (const t of doc.tags ?? []) {
    if (tags.has(t.name)) fail('openapi-tags-uniqueness', t.name);
    tags.add(t.name);
  }
  const schemes = new Set(Object.keys(doc.components?.securitySchemes ?? {}));
  const operationIds = new Set<string>();
  for (const [path, item] of Object.entries<Json>(doc.paths ?? {})) {
    if (/.+\/$/.test(path)) fail('path-keys-no-trailing-slash', path);
    if (path.includes('?')) fail('path-not-include-query', path);
    if (path.includes('{}')) fail('path-declarations-must-exist', path);
    for (const method of METHODS) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      const at = `${method} ${path}`;
      if (!op.description) fail('operation-description', at);
      if (!op.operationId) fail('operation-operationId', at);
      else {
        if (!/^[A-Za-z0-9-._~:/?#[\]@!$&'()*+,;=]*$/.test(op.operationId)) fail('operation-operationId-valid-in-url', at);
        if (operationIds.has(op.operationId)) fail('operation-operationId-unique', at);
        operationIds.add(op.operationId);
      }
      if (!Array.isArray(op.tags) || op.tags.length === 0) fail('operation-tags', at);
      for (const t of op.tags ?? []) if (!tags.has(t)) fail('operation-tag-defined', `${at} ${t}`);
      if (!Object.keys(op.responses ?? {}).some((s) => /^[23]/.test(s))) fail('operation-success-response', at);
      for (const requirement of op.security ?? doc.security ?? [])
        for (const name of Object.keys(requirement)) if (!schemes.has(name)) fail('oas3-operation-security-defined', `${at} ${name}`);
    }
  }
  for (const [node, at] of walk(doc)) {
    if (Array.isArray(node.enum) && new Set(node.enum.map((v: unknown) => JSON.stringify(v))).size !== node.enum.length)
      fail('duplicated-entry-in-enum', at);
    const types = Array.isArray(node.type) ? node.type : [node.type];
    if (types.includes('array') && !node.items) fail('array-items', at);
    if (node.examples && !Array.isArray(node.examples) && typeof node.examples === 'object' && /\/(content|headers|parameters)\//.test(at))
      for (const [k, e] of Object.entries<Json>(node.examples))
        if ('value' in e === 'externalValue' in e) fail('oas3-examples-value-or-externalValue', `${at}/examples/${k}`);
    for (const field of ['description', 'title'])
      if (typeof node[field] === 'string') {
        if (/eval\(/.test(node[field])) fail('no-eval-in-markdown', at);
        if (/<script/.test(node[field])) fail('no-script-tags-in-markdown', at);
      }
  }
  return found;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'carnet-openapi-lint-'));
  const res = await fetch(`${stack().apiUrl}/openapi.json`);
  expect(res.status).toBe(200);
  spec = (await res.json()) as Json;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the served OpenAPI document, linted', () => {
  it('Redocly (recommended + the spectral:oas equivalents): 0 errors, 0 warnings', async () => {
    const lint = await redocly(spec, 'served.json');
    expect(lint.problems.map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`)).toEqual([]);
    expect(lint.totals).toMatchObject({ errors: 0, warnings: 0 });
  }, 60_000);

  it('the spectral:oas rules checked here: no finding', () => {
    expect(spectralOas(spec)).toEqual([]);
  });

  it('both catch a broken document (no operationId, description, tags or security scheme; a bad example)', async () => {
    const broken = structuredClone(spec);
    const op = broken.paths['/clients'].post;
    delete op.operationId;
    delete op.description;
    op.tags = [];
    delete broken.components.securitySchemes;
    delete broken.info.contact;
    broken.components.schemas.Client.example = { ...broken.components.schemas.Client.example, kind: 'robot' };
    broken.components.schemas.Client.properties.kind.enum = ['company', 'company'];
    const rules = new Set((await redocly(broken, 'broken.json')).problems.map((p) => p.ruleId));
    for (const rule of [
      'operation-operationId',
      'operation-description',
      'rule/operation-tags',
      'security-defined',
      'info-contact',
      'no-invalid-schema-examples',
    ])
      expect(rules, rule).toContain(rule);
    const spectral = spectralOas(broken).map((f) => f.split(' ')[0]);
    for (const rule of [
      'operation-operationId',
      'operation-description',
      'operation-tags',
      'info-contact',
      'oas3-operation-security-defined',
      'duplicated-entry-in-enum',
    ])
      expect(spectral, rule).toContain(rule);
  }, 60_000);
});
