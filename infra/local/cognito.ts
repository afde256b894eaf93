import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { assertPortFree, waitFor } from './ports';

/** cognito-local, its database under `dir`; the user pool and app client made on first start. */
export interface LocalCognito {
  endpoint: string;
  userPoolId: string;
  clientId: string;
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);

export async function startCognito(dir: string, port: number): Promise<LocalCognito> {
  await assertPortFree(port, 'cognito-local', 'COGNITO_PORT');
  mkdirSync(join(dir, '.cognito'), { recursive: true });
  const endpoint = `http://localhost:${port}`;
  writeFileSync(
    join(dir, '.cognito', 'config.json'),
    JSON.stringify({ TokenConfig: { IssuerDomain: endpoint }, ServerConfig: { hostname: '127.0.0.1', port } }, null, 2),
  );
  // Started directly with node (not through npx) so that stopping it leaves no orphan.
  const entry = require.resolve('cognito-local/lib/bin/start.js');
  const child: ChildProcess = spawn(process.execPath, [entry], {
    cwd: dir,
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output = (output + String(d)).slice(-2000)));
  child.stderr?.on('data', (d) => (output = (output + String(d)).slice(-2000)));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    });
  const client = new CognitoIdentityProviderClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    // An early exit ends the wait at once, with what cognito-local said.
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`cognito-local stopped at start (exit code ${code}): ${output.trim().slice(-500)}`))),
    );
    exited.catch(() => undefined);
    await Promise.race([
      exited,
      waitFor('cognito-local', async () => {
        const res = await fetch(`${endpoint}/health`).catch(() => undefined);
        return res !== undefined;
      }),
    ]);
    const ids = await ensurePool(client, join(dir, 'pool.json'));
    return { endpoint, ...ids, stop };
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
}

async function ensurePool(client: CognitoIdentityProviderClient, file: string): Promise<{ userPoolId: string; clientId: string }> {
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { userPoolId: string; clientId: string };
    const exists = await client
      .send(new DescribeUserPoolCommand({ UserPoolId: saved.userPoolId }))
      .then(() => true)
      .catch(() => false);
    if (exists) return saved;
  }
  const pool = await client.send(
    new CreateUserPoolCommand({
      PoolName: 'carnet-local',
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      Policies: {
        PasswordPolicy: { MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true },
      },
    }),
  );
  const userPoolId = pool.UserPool!.Id!;
  const appClient = await client.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: 'carnet-web',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  );
  const ids = { userPoolId, clientId: appClient.UserPoolClient!.ClientId! };
  writeFileSync(file, JSON.stringify(ids, null, 2));
  return ids;
}
