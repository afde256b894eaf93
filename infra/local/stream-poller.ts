import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';

/**
 * What Lambda's event source mapping does on AWS, for DynamoDB Local: reads every shard of the
 * table's stream and hands each batch of records to the same handler the dispatcher Lambda runs
 * (functions/events/webhook-dispatcher.ts), retrying from the first failed record as Lambda does
 * with batch item failures. Shards are read from their oldest record: the dispatcher ignores what
 * it has already handled.
 */
export interface StreamPoller {
  stop(): Promise<void>;
}

type Handler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

interface ShardState {
  iterator: string | undefined;
  lastSequence: string | undefined;
  /** Records handed over that failed: retried before reading more. */
  pending: StreamRecord[];
  closed: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function startStreamPoller(endpoint: string, tableName: string, handle: Handler, idleMs = 200): StreamPoller {
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const common = { endpoint, region: 'local', credentials, maxAttempts: 1 };
  const tables = new DynamoDBClient(common);
  const streams = new DynamoDBStreamsClient(common);
  const shards = new Map<string, ShardState>();
  let streamArn: string | undefined;
  let running = true;

  async function refreshShards(): Promise<void> {
    if (!streamArn) {
      const { Table } = await tables.send(new DescribeTableCommand({ TableName: tableName }));
      streamArn = Table?.LatestStreamArn;
      if (!streamArn) throw new Error(`The table ${tableName} has no stream`);
    }
    let start: string | undefined;
    do {
      const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }));
      for (const shard of StreamDescription?.Shards ?? []) {
        if (shard.ShardId && !shards.has(shard.ShardId)) {
          shards.set(shard.ShardId, { iterator: undefined, lastSequence: undefined, pending: [], closed: false });
        }
      }
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
  }

  async function iteratorOf(shardId: string, state: ShardState): Promise<string | undefined> {
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ...(state.lastSequence
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: state.lastSequence }
          : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    return ShardIterator;
  }

  /** Hands records to the handler; keeps those from the first failure on for the next round. */
  async function deliver(state: ShardState, records: StreamRecord[]): Promise<void> {
    const event = {
      Records: records.map((r) => ({
        eventID: r.eventID,
        eventName: r.eventName,
        eventVersion: r.eventVersion,
        eventSource: 'aws:dynamodb',
        awsRegion: 'local',
        eventSourceARN: streamArn,
        dynamodb: {
          ...r.dynamodb,
          ApproximateCreationDateTime: r.dynamodb?.ApproximateCreationDateTime
            ? r.dynamodb.ApproximateCreationDateTime.getTime() / 1000
            : undefined,
        },
      })),
    } as DynamoDBStreamEvent;
    const { batchItemFailures } = await handle(event);
    const failed = new Set(batchItemFailures.map((f) => f.itemIdentifier));
    const firstFailed = records.findIndex((r) => failed.has(r.dynamodb?.SequenceNumber ?? ''));
    state.pending = firstFailed === -1 ? [] : records.slice(firstFailed);
    const done = firstFailed === -1 ? records : records.slice(0, firstFailed);
    const last = done.at(-1)?.dynamodb?.SequenceNumber;
    if (last) state.lastSequence = last;
  }

  async function pollShard(shardId: string, state: ShardState): Promise<boolean> {
    if (state.pending.length) {
      await deliver(state, state.pending);
      return state.pending.length === 0;
    }
    state.iterator ??= await iteratorOf(shardId, state);
    if (!state.iterator) {
      state.closed = true;
      return false;
    }
    const out = await streams.send(new GetRecordsCommand({ ShardIterator: state.iterator, Limit: 100 }));
    state.iterator = out.NextShardIterator;
    if (!out.NextShardIterator) state.closed = true;
    const records = out.Records ?? [];
    if (records.length) await deliver(state, records);
    return records.length > 0;
  }

  const loop = (async () => {
    let rounds = 0;
    let failures = 0;
    while (running) {
      let busy = false;
      try {
        if (rounds++ % 25 === 0 || shards.size === 0) await refreshShards();
        for (const [shardId, state] of shards) {
          if (!running) break;
          if (state.closed && !state.pending.length) continue;
          busy = (await pollShard(shardId, state)) || busy;
        }
        failures = 0;
      } catch {
        // DynamoDB Local stopped or restarted (failure tests): go on from what was handled, or,
        // if the shards are gone, from their start again.
        streamArn = undefined;
        for (const state of shards.values()) state.iterator = undefined;
        if (++failures > 3) shards.clear();
        await sleep(1000);
      }
      if (!busy) await sleep(idleMs);
    }
  })();

  return {
    stop: async () => {
      running = false;
      await loop;
      tables.destroy();
      streams.destroy();
    },
  };
}

/** The sweep of due retries, every `intervalMs` (an EventBridge schedule on AWS). */
export function startSweeper(sweep: () => Promise<unknown>, intervalMs = 1000): StreamPoller {
  let running = true;
  const loop = (async () => {
    while (running) {
      await sweep().catch(() => undefined);
      await sleep(intervalMs);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
    },
  };
}
