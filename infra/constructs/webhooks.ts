import { Duration, Validations } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaTarget } from 'aws-cdk-lib/aws-events-targets';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { streamFilterPattern } from '../../functions/events-feed';
import { queuedStreamFilterPattern } from '../../functions/webhooks';
import type { Database } from './database';
import { services } from '../metrics';
import { deadLetterAlarm } from './monitoring';
import { NodeFunction } from './node-function';

export interface WebhooksProps {
  readonly stage: string;
  readonly database: Database;
}

/**
 * Webhook delivery (docs/webhooks.md): the table's stream, filtered to the feed's events and the
 * API's queued deliveries, feeds the dispatcher; a schedule runs the sweep of due retries every
 * minute. What neither can handle lands in a dead-letter queue with an alarm.
 */
export class Webhooks extends Construct {
  readonly dispatcher: NodeFunction;
  readonly sweeper: NodeFunction;
  readonly deadLetterQueue: Queue;
  readonly deadLetterAlarm: Alarm;

  constructor(scope: Construct, id: string, props: WebhooksProps) {
    super(scope, id);

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the webhook dispatcher and sweeper.',
    });

    this.dispatcher = new NodeFunction(this, 'Dispatcher', {
      entry: 'functions/events/webhook-dispatcher.ts',
      description: 'Fans the events of the table stream out to webhook endpoints',
      stage: props.stage,
      service: services.webhooks,
      memorySize: 256,
      // Attempts of a batch run in parallel, each at most 10 s.
      timeout: Duration.seconds(60),
    });
    this.sweeper = new NodeFunction(this, 'Sweeper', {
      entry: 'functions/events/webhook-sweeper.ts',
      description: 'Attempts the webhook deliveries whose retry is due',
      stage: props.stage,
      service: services.webhooks,
      memorySize: 256,
      timeout: Duration.seconds(60),
      onFailure: new SqsDestination(this.deadLetterQueue),
    });
    for (const fn of [this.dispatcher.function, this.sweeper.function]) props.database.bindTable(fn, 'webhooks');

    this.dispatcher.function.addEventSource(
      new DynamoEventSource(props.database.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 25,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        retryAttempts: 8,
        maxRecordAge: Duration.hours(24),
        reportBatchItemFailures: true,
        parallelizationFactor: 2,
        onFailure: new SqsDlq(this.deadLetterQueue),
        filters: [FilterCriteria.filter(streamFilterPattern), FilterCriteria.filter(queuedStreamFilterPattern)],
      }),
    );
    Validations.of(this.dispatcher.function.role ?? this.dispatcher).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Lambda’s DynamoDB event source needs ListStreams, which has no resource-level permission; reading is limited to the table’s stream.',
    });

    new Rule(this, 'SweepSchedule', {
      description: 'Attempts the webhook retries that are due',
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaTarget(this.sweeper.function, { retryAttempts: 2, deadLetterQueue: this.deadLetterQueue })],
    });

    this.deadLetterAlarm = deadLetterAlarm(
      this,
      'DeadLetterAlarm',
      this.deadLetterQueue,
      'Webhook events could not be dispatched or retries swept: inspect the dead-letter queue (docs/webhooks.md).',
    );
  }
}
