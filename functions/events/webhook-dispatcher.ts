import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { eventOfItem } from '../events-feed';
import { instrumented } from '../lib/monitoring';
import { attemptQueued, dispatchEvents, type EndpointsCache, queuedDeliveryOfItem } from '../webhooks';

/**
 * The table's stream (new images) → webhook deliveries. On AWS a Lambda event source mapping
 * filtered to the feed's events and the API's queued deliveries calls this with batch item failures
 * reported; locally infra/local/stream-poller.ts reads DynamoDB Local's stream and calls the same
 * function. A failed record (the table unreachable) is retried from its sequence number; attempts
 * that fail at the receiver are not failures here: they are scheduled retries.
 */
async function handleRecord(record: DynamoDBRecord, endpoints: EndpointsCache): Promise<void> {
  if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) return;
  const image = unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>);
  const feedEvent = eventOfItem(image);
  if (feedEvent) return dispatchEvents([feedEvent], endpoints);
  const queued = queuedDeliveryOfItem(image);
  if (queued) return attemptQueued([queued]);
}

export async function handleStreamBatch(event: DynamoDBStreamEvent) {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  // Each organisation's endpoints are read once per batch.
  const endpoints: EndpointsCache = new Map();
  return processPartialResponse(event, (record: DynamoDBRecord) => handleRecord(record, endpoints), processor, {
    throwOnFullBatchFailure: false,
  });
}

export const handler = instrumented(handleStreamBatch);
