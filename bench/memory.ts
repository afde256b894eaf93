/**
 * The memory of `npm start` (issue 16): starts `npm start` as a user does (own process group, free
 * ports, a throwaway data dir), creates 500 customers through the API (a client, 3 addresses and
 * 5 contacts each, 10 at a time) and reads each back, then prints the resident memory (RSS) of
 * every process of the group and their total. Linux (reads /proc).
 *
 *   npm run bench memory          (or `npx tsx bench/memory.ts`; BENCH_CUSTOMERS=… to change 500)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../infra/local/ports';
import { projectRoot } from '../infra/local/stack';
import { pool } from './stats';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 500);
const IN_FLIGHT = 10;
const LIMIT_MIB = 600;

interface ProcessMemory {
  pid: number;
  command: string;
  rssMiB: number;
}

/** Every process whose ancestry reaches `root`, with its RSS, from /proc. */
export function processTree(root: number): ProcessMemory[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command may hold spaces and parentheses: the fields after the last ')' are fixed.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(fields[1]));
    } catch {
      // gone meanwhile
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; p = parents.get(p) ?? 0, hops++) if (p === root) return true;
    return false;
  };
  const result: ProcessMemory[] = [];
  for (const pid of parents.keys()) {
    if (!inTree(pid)) continue;
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\u0000').filter(Boolean);
      result.push({ pid, command: describe(cmdline), rssMiB: Math.round((rssKiB / 1024) * 10) / 10 });
    } catch {
      // gone meanwhile
    }
  }
  return result.sort((a, b) => a.pid - b.pid);
}

/** A short name: `java LoopbackDynamoDB`, `node cognito-local`, `node tsx infra/local/start.ts`… */
function describe(cmdline: string[]): string {
  const base = (s: string) => s.split('/').pop() ?? s;
  const [exe, ...rest] = cmdline;
  if (!exe) return '?';
  if (base(exe) === 'java') return `java ${rest.find((a) => !a.startsWith('-') && !a.includes('/') && !a.includes(':')) ?? ''}`.trim();
  const script = rest.filter((a) => !a.startsWith('-')).map((a) => a.replace(`${projectRoot}/`, '').replace(/.*node_modules\//, ''));
  return [base(exe), ...script.slice(0, 2)].join(' ');
}

export async function benchMemory() {
  const dataDir = mkdtempSync(join(tmpdir(), 'carnet-bench-memory-'));
  const ports = { PORT: await freePort(), DYNAMODB_PORT: await freePort(), SES_PORT: await freePort(), COGNITO_PORT: await freePort() };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    DATA_DIR: dataDir,
  };
  for (const name of ['DYNAMODB_ENDPOINT', 'SES_ENDPOINT', 'TABLE_NAME', 'COGNITO_USER_POOL_ID', 'COGNITO_CLIENT_ID', 'COGNITO_ENDPOINT'])
    delete env[name];
  const child: ChildProcess = spawn('npm', ['start'], { cwd: projectRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => (output += String(d)));
  child.stderr?.on('data', (d) => (output += String(d)));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid, 'SIGINT');
    const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const started = Date.now();
    while (!output.includes('Ctrl-C pour arrêter')) {
      if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
      if (Date.now() - started > 120_000) throw new Error(`npm start did not get ready:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const atStart = processTree(child.pid ?? 0);
    const credentials = JSON.parse(readFileSync(join(dataDir, 'local-credentials.json'), 'utf8')) as {
      apiUrl: string;
      organizations: { apiKey: string }[];
    };
    const key = credentials.organizations[0]?.apiKey;
    if (!key) throw new Error('npm start seeded no organisation');
    let errors = 0;
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${credentials.apiUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const json = (await res.json()) as { id?: string };
      if (res.status >= 400) errors++;
      return json;
    };
    await call('PATCH', '/settings', { modules: { secondaryContacts: true } });
    const loadStarted = Date.now();
    const ids = await pool(CUSTOMERS, IN_FLIGHT, async (i) => {
      const client = await call('POST', '/clients', { name: `Mémoire ${i} SARL`, kind: 'company', reference: `MEM-${i}` });
      for (let a = 0; a < 3; a++)
        await call('POST', `/clients/${client.id}/addresses`, {
          label: `Site ${a}`,
          line1: `${a + 1} rue du Test`,
          postalCode: '13001',
          city: 'Marseille',
        });
      for (let c = 0; c < 5; c++)
        await call('POST', `/clients/${client.id}/contacts`, {
          firstName: `Prénom${c}`,
          lastName: `Nom${i}`,
          email: `c${c}.${i}@example.test`,
        });
      return client.id ?? '';
    });
    await pool(ids.length, IN_FLIGHT, async (i) => {
      await call('GET', `/clients/${ids[i]}/overview`);
      await call('GET', `/clients/${ids[i]}`);
    });
    const loadSeconds = (Date.now() - loadStarted) / 1000;
    const after = processTree(child.pid ?? 0);
    const total = (list: ProcessMemory[]) => Math.round(list.reduce((s, p) => s + p.rssMiB, 0) * 10) / 10;
    console.log(`\nRSS after creating and reading ${CUSTOMERS} customers (${errors} errors, ${loadSeconds.toFixed(1)} s):`);
    for (const p of after) console.log(`  ${String(p.pid).padStart(7)}  ${p.rssMiB.toFixed(1).padStart(7)} MiB  ${p.command}`);
    console.log(
      `  total    ${total(after).toFixed(1).padStart(7)} MiB  (limit ${LIMIT_MIB} MiB; at start ${total(atStart).toFixed(1)} MiB)`,
    );
    return {
      customers: CUSTOMERS,
      errors,
      loadSeconds,
      totalMiBAtStart: total(atStart),
      totalMiB: total(after),
      withinLimit: total(after) <= LIMIT_MIB,
      processes: after,
    };
  } finally {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await benchMemory();
  if (!figures.withinLimit || figures.errors) process.exitCode = 1;
}
