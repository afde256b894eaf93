import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/ports';
import { projectRoot } from '../../infra/local/stack';

/**
 * The README's promise, as a newcomer meets it: `npm start` prints the URLs and demo logins, serves
 * the web app, the API and the mailbox, and Ctrl-C (SIGINT to the process group) stops everything,
 * leaving no port taken. Run on free ports in a throwaway data dir.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'carnet-npm-start-'));
let child: ChildProcess | undefined;

const running = (p: ChildProcess | undefined) => Boolean(p && p.exitCode === null && p.signalCode === null);

afterAll(() => {
  // Only if the test failed half-way: nothing of the group may outlive the run.
  if (running(child)) {
    try {
      process.kill(-child!.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
});

/**
 * The addresses the listening TCP sockets on `ports` are bound to, from /proc/net/tcp{,6} (what
 * `ss -ltn` reads): `127.0.0.1`, `::1`, `::ffff:127.0.0.1`, or anything else.
 */
function listeners(ports: number[]): { port: number; address: string }[] {
  const found: { port: number; address: string }[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state !== '0A' || !local) continue; // 0A: LISTEN
      const [hex = '', portHex = ''] = local.split(':');
      const port = Number.parseInt(portHex, 16);
      if (!ports.includes(port)) continue;
      // Each 32-bit word is in host (little-endian) order.
      const words = hex.match(/.{8}/g) ?? [];
      const bytes = words.flatMap((w) => (w.match(/../g) ?? []).reverse().map((b) => Number.parseInt(b, 16)));
      const address =
        bytes.length === 4
          ? bytes.join('.')
          : bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 255 && bytes[11] === 255
            ? `::ffff:${bytes.slice(12).join('.')}`
            : bytes.slice(0, 15).every((b) => b === 0) && bytes[15] === 1
              ? '::1'
              : bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
      found.push({ port, address });
    }
  }
  return found;
}

const portTaken = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

describe('npm start', () => {
  it('starts Carnet, prints where it is and how to sign in, and stops cleanly on Ctrl-C', async () => {
    const ports = { PORT: await freePort(), DYNAMODB_PORT: await freePort(), SES_PORT: await freePort(), COGNITO_PORT: await freePort() };
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
      DATA_DIR: dataDir,
    };
    for (const name of ['DYNAMODB_ENDPOINT', 'SES_ENDPOINT', 'TABLE_NAME', 'COGNITO_USER_POOL_ID', 'COGNITO_CLIENT_ID', 'COGNITO_ENDPOINT'])
      delete env[name];
    child = spawn('npm', ['start'], { cwd: projectRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (d) => (output += String(d)));
    child.stderr!.on('data', (d) => (output += String(d)));
    const started = Date.now();
    while (!output.includes('Ctrl-C pour arrêter')) {
      if (!running(child)) throw new Error(`npm start exited early:\n${output}`);
      if (Date.now() - started > 90_000) throw new Error(`npm start did not get ready:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }

    // What it prints: the URLs, and each demo login with its password and the API keys.
    const credentials = JSON.parse(readFileSync(join(dataDir, 'local-credentials.json'), 'utf8'));
    expect(output).toContain(`http://localhost:${ports.PORT}`);
    expect(output).toContain(`http://localhost:${ports.SES_PORT}`);
    for (const org of credentials.organizations) {
      expect(output).toContain(org.apiKey);
      for (const user of org.users) expect(output).toContain(user.email);
    }

    // What it serves: the web app, its config, the API with a demo key, the mailbox.
    const page = await fetch(`http://localhost:${ports.PORT}/clients`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const config = await (await fetch(`http://localhost:${ports.PORT}/config.json`)).json();
    expect(config).toMatchObject({ apiUrl: '/api/v1', cognito: { userPoolId: credentials.cognito.userPoolId } });
    const me = await fetch(`${credentials.apiUrl}/me`, { headers: { authorization: `Bearer ${credentials.organizations[0].apiKey}` } });
    expect(me.status).toBe(200);
    expect((await me.json()).organization.name).toBe(credentials.organizations[0].name);
    expect((await fetch(`http://localhost:${ports.SES_PORT}/store`)).status).toBe(200);

    // Where it listens (issue 13): loopback only, DynamoDB Local included (`ss -ltn` reads the same).
    if (process.platform === 'linux') {
      const bound = listeners(Object.values(ports));
      expect(new Set(bound.map((l) => l.port))).toEqual(new Set(Object.values(ports)));
      for (const l of bound)
        expect(['127.0.0.1', '::1', '::ffff:127.0.0.1'], `port ${l.port} listens on ${l.address}`).toContain(l.address);
    } else {
      console.warn('npm start test: the loopback check reads /proc/net and runs on Linux only');
    }

    // Ctrl-C: every process of the group ends and every port is free again.
    process.kill(-child.pid!, 'SIGINT');
    await new Promise<void>((resolve) => (running(child) ? child!.once('exit', () => resolve()) : resolve()));
    await new Promise((r) => setTimeout(r, 500));
    expect(output).toContain('arrêt de Carnet');
    for (const port of Object.values(ports)) expect(await portTaken(port), `port ${port} still taken`).toBe(false);
  }, 120_000);
});
