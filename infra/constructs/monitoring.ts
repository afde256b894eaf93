import { Duration, Validations } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, type AlarmBase, ComparisonOperator, MathExpression, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type MetricName, metricNames, metricNamespace, type Service, services } from '../metrics';

export interface MonitoringProps {
  readonly stage: string;
  /** The HTTP API whose 5xx rate is watched. */
  readonly httpApi: IHttpApi;
  /** Who is told when an alarm fires or recovers (an SNS email subscription to confirm). */
  readonly alarmEmail?: string;
  /** Alarms defined elsewhere (dead-letter queues…) that should notify the same topic. */
  readonly alarms?: readonly AlarmBase[];
}

/** Rates are only meaningful above some volume: below it the expression is 0 (not breaching). */
const API_MIN_REQUESTS = 20;
const MIN_RECIPIENTS = 20;

/**
 * Where alarms go (one SNS topic, optionally mailed to someone) and the alarms on Carnet's health:
 * the API's 5xx rate (API Gateway's own metrics, so crashes and timeouts count too) and the bounce
 * rate (the functions' custom metrics, infra/metrics.ts). Other constructs add theirs with
 * `watch()` or the `alarms` prop; `deadLetterAlarm()` makes the usual one for a queue.
 */
export class Monitoring extends Construct {
  readonly alarmTopic: Topic;
  readonly serverErrorRateAlarm: Alarm;
  readonly bounceRateAlarm: Alarm;
  private readonly stage: string;
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.stage = props.stage;
    this.alarmTopic = new Topic(this, 'AlarmTopic', { displayName: 'Carnet alarms', enforceSSL: true });
    Validations.of(this.alarmTopic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm notifications hold no customer data; CloudWatch cannot publish to a topic under the AWS-managed SNS key and a customer-managed key costs a fixed monthly fee.',
    });
    if (props.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));
    this.action = new SnsAction(this.alarmTopic);

    const fiveMinutes = { period: Duration.minutes(5), statistic: 'Sum' };
    this.serverErrorRateAlarm = new Alarm(this, 'ServerErrorRateAlarm', {
      alarmDescription: `More than 5% of API requests answered 5xx (over ${API_MIN_REQUESTS}+ requests in 5 minutes): see the API function logs (request_id).`,
      metric: new MathExpression({
        expression: `IF(requests >= ${API_MIN_REQUESTS}, 100 * errors / requests, 0)`,
        usingMetrics: { errors: props.httpApi.metricServerError(fiveMinutes), requests: props.httpApi.metricCount(fiveMinutes) },
        period: Duration.minutes(5),
        label: 'API 5xx rate (%)',
      }),
      threshold: 5,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    // SES reviews an account whose bounce rate reaches 5% and may pause it at 10%: warn before.
    const hour = { period: Duration.hours(1), statistic: 'Sum' };
    this.bounceRateAlarm = new Alarm(this, 'BounceRateAlarm', {
      alarmDescription: `More than 4% of recipients hard-bounced over an hour (${MIN_RECIPIENTS}+ recipients): check the suppression list and the addresses being sent to (docs/sending.md).`,
      metric: new MathExpression({
        expression: `IF(sent >= ${MIN_RECIPIENTS}, 100 * FILL(bounces, 0) / sent, 0)`,
        usingMetrics: {
          bounces: this.metric(services.sesEvents, metricNames.bounces, hour),
          sent: this.metric(services.api, metricNames.sentRecipients, hour),
        },
        period: Duration.hours(1),
        label: 'Bounce rate (%)',
      }),
      threshold: 4,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    this.watch(this.serverErrorRateAlarm, this.bounceRateAlarm, ...(props.alarms ?? []));
  }

  /** One of Carnet's custom metrics (infra/metrics.ts), as emitted by `service`. */
  metric(service: Service, name: MetricName, options: { period: Duration; statistic: string }): Metric {
    return new Metric({ namespace: metricNamespace(this.stage), metricName: name, dimensionsMap: { service }, ...options });
  }

  /** Notifies the topic when each alarm fires and when it recovers. */
  watch(...alarms: AlarmBase[]): void {
    for (const alarm of alarms) {
      alarm.addAlarmAction(this.action);
      alarm.addOkAction(this.action);
    }
  }
}

/** The alarm for a dead-letter queue: anything in it is a message nobody handled. */
export function deadLetterAlarm(scope: Construct, id: string, queue: IQueue, description: string): Alarm {
  return new Alarm(scope, id, {
    alarmDescription: description,
    metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
}
