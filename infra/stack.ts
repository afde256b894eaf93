import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Api } from './constructs/api';
import { Auth } from './constructs/auth';
import { Database } from './constructs/database';
import { Mail } from './constructs/mail';
import { Monitoring } from './constructs/monitoring';
import { Web } from './constructs/web';
import { Webhooks } from './constructs/webhooks';
import type { CarnetContext } from './context';

export interface CarnetStackProps extends StackProps {
  readonly context: CarnetContext;
  /** The built web app (defaults to web/dist); tests point it elsewhere. */
  readonly webDistDirectory?: string;
}

/** All of Carnet on AWS, composed from one construct per concern. */
export class CarnetStack extends Stack {
  readonly database: Database;
  readonly auth: Auth;
  readonly mail: Mail;
  readonly api: Api;
  readonly web: Web;
  readonly webhooks: Webhooks;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: CarnetStackProps) {
    super(scope, id, props);
    const { stage, domain, senderAddress, alarmEmail } = props.context;

    this.database = new Database(this, 'Database');
    this.auth = new Auth(this, 'Auth', { stage });
    this.mail = new Mail(this, 'Mail', { stage, domain, senderAddress, database: this.database });
    this.api = new Api(this, 'Api', { stage, database: this.database, auth: this.auth, mail: this.mail });
    this.web = new Web(this, 'Web', { api: this.api, auth: this.auth, distDirectory: props.webDistDirectory });
    this.api.servePublicUrl(`${this.web.url}/api/v1`);
    this.webhooks = new Webhooks(this, 'Webhooks', { stage, database: this.database });
    this.monitoring = new Monitoring(this, 'Monitoring', {
      stage,
      alarmEmail,
      httpApi: this.api.httpApi,
      alarms: [this.mail.deadLetterAlarm, this.webhooks.deadLetterAlarm],
    });

    new CfnOutput(this, 'WebUrl', { description: 'The app (CloudFront)', value: this.web.url });
    new CfnOutput(this, 'ApiUrl', {
      description: 'The HTTP API, direct (the app calls /api/v1 through CloudFront)',
      value: `${this.api.url}/api/v1`,
    });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.auth.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: this.database.table.tableName });
    new CfnOutput(this, 'SesEventsDeadLetterQueueUrl', { value: this.mail.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'WebhooksDeadLetterQueueUrl', { value: this.webhooks.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.alarmTopic.topicArn });
  }
}
