import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tableConfig } from './config';
import { currentMetrics } from './metrics';

type CapacityUnits = { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number };

// The middleware sees the base client's command names (GetItemCommand, not the document client's GetCommand).
const READ_COMMANDS = new Set(['GetItemCommand', 'BatchGetItemCommand', 'QueryCommand', 'ScanCommand', 'TransactGetItemsCommand']);

function addCapacity(commandName: string, consumed: unknown): void {
  const metrics = currentMetrics();
  if (!metrics || !consumed) return;
  const list = (Array.isArray(consumed) ? consumed : [consumed]) as CapacityUnits[];
  const isRead = READ_COMMANDS.has(commandName);
  for (const c of list) {
    // TOTAL reports only CapacityUnits for most operations: attribute them by the command's kind.
    metrics.readCapacity += c.ReadCapacityUnits ?? (isRead ? (c.CapacityUnits ?? 0) : 0);
    metrics.writeCapacity += c.WriteCapacityUnits ?? (isRead ? 0 : (c.CapacityUnits ?? 0));
  }
}

function createClient(): DynamoDBDocumentClient {
  const cfg = tableConfig();
  const base = new DynamoDBClient({
    region: cfg.region,
    ...(cfg.endpoint ? { endpoint: cfg.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    // A stopped DynamoDB Local must not hang a request: fail fast, the API answers 503.
    maxAttempts: cfg.endpoint ? 2 : 3,
    requestHandler: { connectionTimeout: 1000, requestTimeout: 5000 },
  });
  const doc = DynamoDBDocumentClient.from(base, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  // Count each request and ask for (and add up) its consumed capacity.
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      const metrics = currentMetrics();
      const input = args.input as Record<string, unknown>;
      if (metrics) {
        metrics.requests += 1;
        metrics.commands.push(String(context.commandName ?? 'unknown').replace(/Command$/, ''));
        if (!('ReturnConsumedCapacity' in input)) input.ReturnConsumedCapacity = 'TOTAL';
      }
      const result = await next(args);
      const output = result.output as { ConsumedCapacity?: unknown };
      addCapacity(String(context.commandName), output?.ConsumedCapacity);
      return result;
    },
    { step: 'initialize', name: 'carnetMetrics' },
  );
  return doc;
}

let client: DynamoDBDocumentClient | undefined;

/** The process-wide document client (created on first use, after config is set). */
export function db(): DynamoDBDocumentClient {
  client ??= createClient();
  return client;
}

export function tableName(): string {
  return tableConfig().tableName;
}

/** For tests and the local stack after a config change. */
export function resetDb(): void {
  client?.destroy();
  client = undefined;
}
