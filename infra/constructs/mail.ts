import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { ConfigurationSet, EmailIdentity, EmailSendingEvent, EventDestination, Identity, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Database } from './database';
import { deadLetterAlarm } from './monitoring';
import { NodeFunction } from './node-function';
import { services } from '../metrics';

/** The SES events that update a send's status (docs/sending.md). */
export const trackedMailEvents = [
  EmailSendingEvent.SEND,
  EmailSendingEvent.DELIVERY,
  EmailSendingEvent.BOUNCE,
  EmailSendingEvent.COMPLAINT,
  EmailSendingEvent.REJECT,
  EmailSendingEvent.DELIVERY_DELAY,
] as const;

export interface MailProps {
  /** The domain SES verifies (Easy DKIM) and sends from. */
  readonly domain: string;
  /** The From address; must belong to `domain`. */
  readonly senderAddress: string;
  readonly stage: string;
  /** The SES-events function records events on the sends. */
  readonly database: Database;
}

/**
 * Sending and its feedback: the SES domain identity, a configuration set publishing delivery
 * events to SNS, and the function that records them, with a dead-letter queue and its alarm.
 */
export class Mail extends Construct {
  readonly identity: EmailIdentity;
  readonly configurationSet: ConfigurationSet;
  readonly eventsTopic: Topic;
  readonly eventsFunction: NodeFunction;
  /** Events that could not be delivered to, or handled by, the events function. */
  readonly deadLetterQueue: Queue;
  readonly deadLetterAlarm: Alarm;
  private readonly senderAddress: string;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    this.senderAddress = props.senderAddress;

    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: `carnet-${props.stage}`,
      reputationMetrics: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    // Easy DKIM (2048-bit) is the default: the three CNAME records are in the console and docs/deploy.md.
    this.identity = new EmailIdentity(this, 'Identity', {
      identity: Identity.domain(props.domain),
      configurationSet: this.configurationSet,
    });

    this.eventsTopic = new Topic(this, 'EventsTopic', {
      displayName: `Carnet ${props.stage} SES events`,
      enforceSSL: true,
    });
    Validations.of(this.eventsTopic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'SES cannot publish to a topic encrypted with the AWS-managed SNS key; a customer-managed key costs a fixed monthly fee for transient delivery events. Transport is TLS-only (enforceSSL).',
    });
    this.configurationSet.addEventDestination('ToSns', {
      destination: EventDestination.snsTopic(this.eventsTopic),
      events: [...trackedMailEvents],
    });

    this.deadLetterQueue = new Queue(this, 'EventsDeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the SES-events subscription and function.',
    });

    this.eventsFunction = new NodeFunction(this, 'EventsFunction', {
      entry: 'functions/events/ses-events.ts',
      description: 'Records SES delivery events (from SNS) on the sends',
      stage: props.stage,
      service: services.sesEvents,
      memorySize: 256,
      timeout: Duration.seconds(30),
      // Handler errors, after Lambda's two retries, land in the same queue as SNS delivery failures.
      onFailure: new SqsDestination(this.deadLetterQueue),
    });
    props.database.bindTable(this.eventsFunction.function, 'sesEvents');
    this.eventsTopic.addSubscription(new LambdaSubscription(this.eventsFunction.function, { deadLetterQueue: this.deadLetterQueue }));

    this.deadLetterAlarm = deadLetterAlarm(
      this,
      'DeadLetterAlarm',
      this.deadLetterQueue,
      'SES events could not be recorded: inspect the dead-letter queue (docs/deploy.md).',
    );
  }

  /** The ARN of the configuration set (the construct exposes only its name). */
  get configurationSetArn(): string {
    return Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });
  }

  /**
   * Lets `fn` send raw mail through the identity and the configuration set (nothing else), and
   * tells it the From address and the configuration set, in one call.
   */
  bindSending(fn: LambdaFunction): void {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendRawEmail'],
        resources: [this.identity.emailIdentityArn, this.configurationSetArn],
      }),
    );
    fn.addEnvironment('MAIL_FROM_ADDRESS', this.senderAddress);
    fn.addEnvironment('SES_CONFIGURATION_SET', this.configurationSet.configurationSetName);
  }
}
