import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';

export interface MonitoringProps {
  /** Who is told when an alarm fires or recovers (an SNS email subscription to confirm). */
  readonly alarmEmail?: string;
}

/** Where alarms go: one SNS topic, optionally mailed to someone. */
export class Monitoring extends Construct {
  readonly alarmTopic: Topic;

  constructor(scope: Construct, id: string, props: MonitoringProps = {}) {
    super(scope, id);
    this.alarmTopic = new Topic(this, 'AlarmTopic', { displayName: 'Carnet alarms', enforceSSL: true });
    Validations.of(this.alarmTopic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm notifications hold no customer data; CloudWatch cannot publish to a topic under the AWS-managed SNS key and a customer-managed key costs a fixed monthly fee.',
    });
    if (props.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));
  }

  /** Notifies the topic when `alarm` fires and when it recovers. */
  watch(...alarms: Alarm[]): void {
    const action = new SnsAction(this.alarmTopic);
    for (const alarm of alarms) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
  }
}
