import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerType } from '@hono/node-server';
import { resetConfig } from '../../functions/lib/config';
import { handleStreamBatch } from '../../functions/events/webhook-dispatcher';
import { sweep } from '../../functions/events/webhook-sweeper';
import { resetDb } from '../../functions/lib/dynamo';
import { organizationExists } from '../../functions/organizations';
import { TABLE_NAME_DEFAULT } from '../table';
import { startCognito, type LocalCognito } from './cognito';
import { ensureTable, startDynamo, type LocalDynamo } from './dynamodb';
import { freePort } from './ports';
import { seedDemoData, type SeededOrganization } from './seed';
import { startServer } from './server';
import { startStreamPoller, startSweeper } from './stream-poller';
import { startSes, type LocalSes } from './ses';
import { plugSesSimulator } from './ses-simulator';

/**
 * The embedded stack: DynamoDB Local, the SES stand-in, cognito-local and the API + web app on
 * @hono/node-server, all speaking the AWS APIs the Lambda code uses. `npm start` and the tests
 * both start it through this function.
 */
export interface LocalCredentials {
  apiUrl: string;
  webUrl: string;
  mailboxUrl: string;
  cognito: { endpoint: string; userPoolId: string; clientId: string };
  organizations: SeededOrganization[];
}

export interface LocalStackOptions {
  /** Where records, mail and the user pool are kept (default: $DATA_DIR or .data). */
  dataDir?: string;
  /** 'free' picks free ports (tests); otherwise env variables, then the defaults in README.md. */
  ports?: 'free' | 'default';
  /** Seed the demo data when the table has none (default true). */
  seed?: boolean;
  /** Use DYNAMODB_ENDPOINT / SES_ENDPOINT from the environment when set (default true). */
  useEnvEndpoints?: boolean;
  /** Force an SES endpoint (e.g. a closed port, to test SES failures). */
  sesEndpoint?: string;
  /** Progress lines (default: silent). */
  log?: (line: string) => void;
}

export interface LocalStack {
  apiUrl: string;
  webUrl: string;
  mailboxUrl: string;
  dataDir: string;
  tableName: string;
  credentials: LocalCredentials;
  /** The variables the functions read (set in this process too), for handlers run elsewhere. */
  env: Readonly<Record<string, string>>;
  /** Stop and start DynamoDB Local alone (failure tests). */
  stopDynamo(): Promise<void>;
  startDynamo(): Promise<void>;
  stop(): Promise<void>;
}

// Lambda runs Node 22; this machine's Node 20 is supported by the pinned SDK, so the notice is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export const projectRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

const envPort = (name: string, fallback: number) => {
  const v = process.env[name];
  if (!v) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0 || n > 65535) throw new Error(`${name}=${v} is not a port number`);
  return n;
};

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const log = options.log ?? (() => undefined);
  const dataDir = resolve(options.dataDir ?? process.env.DATA_DIR ?? join(projectRoot, '.data'));
  if (!isAbsolute(dataDir)) throw new Error('dataDir must be absolute');
  mkdirSync(dataDir, { recursive: true });
  const free = options.ports === 'free';
  const port = free ? await freePort() : envPort('PORT', 3000);
  const dynamoPort = free ? await freePort() : envPort('DYNAMODB_PORT', 8000);
  const sesPort = free ? await freePort() : envPort('SES_PORT', 8005);
  const cognitoPort = free ? await freePort() : envPort('COGNITO_PORT', 9229);
  const useEnv = options.useEnvEndpoints ?? !free;
  const tableName = process.env.TABLE_NAME || TABLE_NAME_DEFAULT;

  const stoppers: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stoppers.splice(0).reverse()) await stop().catch(() => undefined);
  };

  try {
    // DynamoDB
    let dynamo: LocalDynamo | undefined;
    let dynamoEndpoint = useEnv ? process.env.DYNAMODB_ENDPOINT : undefined;
    const dynamoDir = join(dataDir, 'dynamodb');
    if (!dynamoEndpoint) {
      log(`Démarrage de DynamoDB Local (port ${dynamoPort})…`);
      dynamo = await startDynamo(dynamoDir, dynamoPort);
      dynamoEndpoint = dynamo.endpoint;
      stoppers.push(() => dynamo!.stop());
    }
    const created = await ensureTable(dynamoEndpoint, tableName);
    log(created === 'created' ? `Table ${tableName} créée.` : `Table ${tableName} trouvée.`);

    // SES
    let sesEndpoint = options.sesEndpoint ?? (useEnv ? process.env.SES_ENDPOINT : undefined);
    let mailboxUrl = sesEndpoint ?? '';
    if (!sesEndpoint) {
      log(`Démarrage du serveur mail local (port ${sesPort})…`);
      const ses: LocalSes = await startSes(sesPort, join(dataDir, 'mailbox.json'));
      stoppers.push(() => ses.stop());
      sesEndpoint = ses.endpoint;
      mailboxUrl = ses.endpoint;
    }

    // Cognito
    log(`Démarrage de cognito-local (port ${cognitoPort})…`);
    const cognito: LocalCognito = await startCognito(join(dataDir, 'cognito'), cognitoPort);
    stoppers.push(() => cognito.stop());

    // The functions read their configuration from the environment, as on Lambda (functions/lib/config.ts).
    const env = {
      TABLE_NAME: tableName,
      DYNAMODB_ENDPOINT: dynamoEndpoint,
      SES_ENDPOINT: sesEndpoint,
      MAIL_FROM_ADDRESS: process.env.MAIL_FROM_ADDRESS || 'no-reply@carnet.localhost',
      COGNITO_USER_POOL_ID: cognito.userPoolId,
      COGNITO_CLIENT_ID: cognito.clientId,
      COGNITO_ENDPOINT: cognito.endpoint,
      AWS_REGION: process.env.AWS_REGION || 'eu-west-3',
      STAGE: 'local',
      // The OpenAPI document's server. 127.0.0.1, where the server listens, rather than localhost,
      // which Redocly's recommended rules flag as a placeholder (no-server-example.com).
      API_PUBLIC_URL: `http://127.0.0.1:${port}/api/v1`,
      // Webhook receivers on this machine (http://127.0.0.1:…) are allowed here, never on AWS.
      WEBHOOK_ALLOW_LOOPBACK_HTTP: 'true',
    };
    Object.assign(process.env, env);
    delete process.env.COGNITO_ISSUER;
    resetConfig();
    resetDb();
    // The SES stand-in publishes no events: the simulator feeds the events entry as SNS does on AWS.
    plugSesSimulator();

    // Demo data, once per data dir (again if the table was emptied).
    const credentialsFile = join(dataDir, 'local-credentials.json');
    let organizations: SeededOrganization[] = [];
    if (existsSync(credentialsFile)) {
      const saved = JSON.parse(readFileSync(credentialsFile, 'utf8')) as LocalCredentials;
      const first = saved.organizations[0];
      const stillThere = first ? await organizationExists(first.id) : false;
      if (stillThere && saved.cognito.userPoolId === cognito.userPoolId) organizations = saved.organizations;
    }
    if (!organizations.length && options.seed !== false) {
      log('Création des données de démonstration…');
      organizations = await seedDemoData();
    }

    const server = await startServer(
      port,
      {
        apiUrl: '/api/v1',
        cognito: {
          region: env.AWS_REGION,
          userPoolId: cognito.userPoolId,
          clientId: cognito.clientId,
          endpoint: cognito.endpoint,
        },
      },
      join(projectRoot, 'web', 'dist'),
    ).catch((error) => {
      throw error;
    });
    stoppers.push(() => closeServer(server.server));

    // Webhooks: the dispatcher Lambda's code on DynamoDB Local's stream, and the sweep of retries.
    const poller = startStreamPoller(dynamoEndpoint, tableName, handleStreamBatch);
    stoppers.push(() => poller.stop());
    const sweeper = startSweeper(sweep);
    stoppers.push(() => sweeper.stop());

    const credentials: LocalCredentials = {
      apiUrl: `${server.url}/api/v1`,
      webUrl: server.url,
      mailboxUrl,
      cognito: { endpoint: cognito.endpoint, userPoolId: cognito.userPoolId, clientId: cognito.clientId },
      organizations,
    };
    writeFileSync(credentialsFile, JSON.stringify(credentials, null, 2));

    return {
      apiUrl: credentials.apiUrl,
      webUrl: server.url,
      mailboxUrl,
      dataDir,
      tableName,
      credentials,
      env,
      stopDynamo: async () => {
        if (!dynamo) throw new Error('DynamoDB is external here (DYNAMODB_ENDPOINT)');
        await dynamo.stop();
      },
      startDynamo: async () => {
        if (!dynamo) throw new Error('DynamoDB is external here (DYNAMODB_ENDPOINT)');
        const again = await startDynamo(dynamoDir, dynamoPort);
        dynamo.stop = again.stop;
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function closeServer(server: ServerType): Promise<void> {
  return new Promise((resolve) => {
    const s = server as ServerType & { closeAllConnections?: () => void };
    s.closeAllConnections?.();
    s.close(() => resolve());
  });
}
