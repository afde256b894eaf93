import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { LocalStack } from '../infra/local/stack';
import { ensureWebBuilt } from '../infra/local/web-build';

/**
 * Starts ONE embedded stack (DynamoDB Local, SES stand-in, cognito-local, the API) on free ports
 * for the integration tests, with fresh demo data; its URLs and credentials reach the tests
 * through `inject('stack')`. Only when an integration test is part of the run.
 */
let stack: LocalStack | undefined;
let dir: string | undefined;

declare module 'vitest' {
  export interface ProvidedContext {
    stack: {
      apiUrl: string;
      webUrl: string;
      mailboxUrl: string;
      credentials: LocalStack['credentials'];
      /** The functions' environment, for tests that call a handler in their own process (Lambda entry). */
      env: Record<string, string>;
    } | null;
  }
}

export default async function setup(project: TestProject) {
  // The API runs in this process: keep its warnings (e.g. a simulated SES event landing after the
  // stack stopped) out of the test report; errors still show.
  process.env.LOG_LEVEL ??= 'error';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  // `npx vitest run test/unit` (or infra, e2e) needs no stack: start it only when integration
  // tests can be part of the run.
  const filters = process.argv.slice(2).filter((a) => !a.startsWith('-') && a !== 'run');
  // The web app is built once, here, before any test file runs: the browser tests and the
  // `npm start` test then find web/dist current and never build it concurrently.
  if (filters.length === 0 || filters.some((f) => f.includes('e2e') || f.includes('integration'))) ensureWebBuilt(() => undefined);
  if (filters.length > 0 && !filters.some((f) => f.includes('integration'))) {
    project.provide('stack', null);
    return;
  }
  // The tests read the DynamoDB requests of each call from x-carnet-ddb-* (local stage only).
  process.env.CARNET_DDB_HEADERS ??= '1';
  // Webhook retries in seconds rather than hours, so a receiver taken down and brought back is seen through.
  process.env.WEBHOOK_RETRY_SCHEDULE ??= '1,1,2,2,3,3,3';
  dir = mkdtempSync(join(tmpdir(), 'carnet-test-'));
  // Imported only now: the logger and the metrics read LOG_LEVEL and POWERTOOLS_* when loaded.
  const { startLocalStack } = await import('../infra/local/stack');
  stack = await startLocalStack({ dataDir: dir, ports: 'free', seed: true });
  const env = { ...stack.env, CARNET_DDB_HEADERS: process.env.CARNET_DDB_HEADERS ?? '' };
  project.provide('stack', {
    apiUrl: stack.apiUrl,
    webUrl: stack.webUrl,
    mailboxUrl: stack.mailboxUrl,
    credentials: stack.credentials,
    env,
  });
  return async () => {
    await stack?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}
