import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Validations } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';
import { userAdministrationActions } from '../../infra/constructs/auth';
import { tableAccess } from '../../infra/constructs/database';
import { spaRewriteFunctionCode, viewerAddressFunctionCode } from '../../infra/constructs/web';
import { tableDefinition } from '../../infra/table';
import { at, entry } from '../../shared/at';

/** One synthesis (with cdk-nag and real esbuild bundling) shared by every assertion of this file. */
const context = {
  'carnet:domain': 'example.org',
  'carnet:senderAddress': 'mail@example.org',
  'carnet:stage': 'test',
  'carnet:alarmEmail': 'ops@example.org',
};
const REGION = 'eu-west-3';
// Managed CloudFront policy ids (AWS documentation, "Use managed cache/origin request policies").
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';
const WEBHOOK_DISPATCHER = 'Fans the events of the table stream out to webhook endpoints';
const WEBHOOK_SWEEPER = 'Attempts the webhook deliveries whose retry is due';

type Resource = { Type: string; Properties: Record<string, any>; Metadata?: Record<string, unknown> };
type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

let tmp: string;
let assembly: CloudAssembly;
let template: Template;
let resources: Record<string, Resource>;
let stackName: string;

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const only = (type: string) => {
  const found = ofType(type);
  expect(found, type).toHaveLength(1);
  return at(found, 0, type);
};
const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

function lambdaByDescription(fragment: string): [string, Resource] {
  const found = ofType('AWS::Lambda::Function').filter(([, r]) => String(r.Properties.Description ?? '').includes(fragment));
  expect(found, fragment).toHaveLength(1);
  return at(found, 0, fragment);
}

/** Every statement of the identity policies attached to the function's role. */
function roleStatements(fn: Resource): Statement[] {
  const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
  expect(entry(resources, roleId, 'the template').Properties.ManagedPolicyArns ?? []).toEqual([]);
  return ofType('AWS::IAM::Policy')
    .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(`"${roleId}"`))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk.out-carnet-'));
  // A stand-in for web/dist, so the test does not depend on (or wait for) the web build.
  const dist = path.join(tmp, 'dist');
  fs.mkdirSync(path.join(dist, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><script type="module" src="/assets/app-1234.js"></script>');
  fs.writeFileSync(path.join(dist, 'assets', 'app-1234.js'), 'console.log("carnet")');
  const built = buildApp({ outdir: path.join(tmp, 'assembly'), context, webDistDirectory: dist });
  stackName = built.stack.stackName;
  // Throws if cdk-nag reports any unacknowledged error.
  assembly = built.app.synth();
  const stack = assembly.getStackByName(stackName);
  template = Template.fromJSON(stack.template);
  resources = stack.template.Resources;
});

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('cdk-nag (AwsSolutions)', () => {
  it('reports no finding at all: every rule passes or is acknowledged next to its resource', () => {
    const report = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8'));
    const findings = report.pluginReports.flatMap((p: { violations: { ruleName: string; severity: string }[] }) =>
      p.violations.map((v) => `${v.severity} ${v.ruleName}`),
    );
    expect(findings).toEqual([]);
  });

  it('is really checking: an unacknowledged bucket fails the synth', () => {
    const app = new App({ outdir: path.join(tmp, 'nag-probe') });
    new Bucket(new Stack(app, 'Probe'), 'Bucket');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow();
    const report = JSON.parse(fs.readFileSync(path.join(tmp, 'nag-probe', 'validation-report.json'), 'utf8'));
    expect(report.pluginReports[0].violations.map((v: { ruleName: string }) => v.ruleName)).toContain('AwsSolutions-S1');
  });

  it('gives every acknowledgement a reason', () => {
    const tree = JSON.stringify(JSON.parse(fs.readFileSync(path.join(assembly.directory, 'tree.json'), 'utf8')));
    expect(tree).not.toMatch(/"reason":""/);
  });

  it('names the stack after the stage and deploys to the context region', () => {
    expect(stackName).toBe('Carnet-test');
    expect(assembly.getStackByName(stackName).environment.region).toBe(REGION);
  });
});

describe('database', () => {
  it('has exactly the keys and indexes of infra/table.ts', () => {
    const [, table] = only('AWS::DynamoDB::Table');
    const p = table.Properties;
    const def = tableDefinition;
    expect(p.KeySchema).toEqual([
      { AttributeName: def.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: def.sortKey.name, KeyType: 'RANGE' },
    ]);
    const expectedAttributes = new Map<string, string>();
    for (const a of [def.partitionKey, def.sortKey]) expectedAttributes.set(a.name, a.type);
    for (const i of def.globalSecondaryIndexes) {
      expectedAttributes.set(i.partitionKey.name, i.partitionKey.type);
      expectedAttributes.set(i.sortKey.name, i.sortKey.type);
    }
    for (const i of def.localSecondaryIndexes) expectedAttributes.set(i.sortKey.name, i.sortKey.type);
    expect(new Map(p.AttributeDefinitions.map((a: any) => [a.AttributeName, a.AttributeType]))).toEqual(expectedAttributes);
    expect(p.GlobalSecondaryIndexes).toEqual(
      def.globalSecondaryIndexes.map((i) => ({
        IndexName: i.indexName,
        KeySchema: [
          { AttributeName: i.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: i.sortKey.name, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    );
    expect(p.LocalSecondaryIndexes).toEqual(
      def.localSecondaryIndexes.map((i) => ({
        IndexName: i.indexName,
        KeySchema: [
          { AttributeName: def.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: i.sortKey.name, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    );
  });

  it('is on demand, with point-in-time recovery, deletion protection, the TTL attribute and a stream of new images', () => {
    const [, table] = only('AWS::DynamoDB::Table');
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
    });
    expect(table.Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
    expect((table as any).DeletionPolicy).toBe('Retain');
  });
});

describe('functions', () => {
  it('run Node.js 22 on arm64 with a month of logs', () => {
    const functions = [
      lambdaByDescription('REST API'),
      lambdaByDescription('SES delivery events'),
      lambdaByDescription(WEBHOOK_DISPATCHER),
      lambdaByDescription(WEBHOOK_SWEEPER),
    ];
    for (const [, fn] of functions) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler' });
      const logGroupId = fn.Properties.LoggingConfig.LogGroup.Ref as string;
      expect(entry(resources, logGroupId, 'the template').Properties.RetentionInDays).toBe(30);
    }
  });

  it('configure the API function by environment', () => {
    const [, api] = lambdaByDescription('REST API');
    const env = api.Properties.Environment.Variables;
    expect(Object.keys(env).sort()).toEqual(
      [
        'API_PUBLIC_URL',
        'COGNITO_CLIENT_ID',
        'COGNITO_USER_POOL_ID',
        'MAIL_FROM_ADDRESS',
        'NODE_OPTIONS',
        'ORIGIN_VERIFY',
        'RATE_LIMIT_ANONYMOUS_PER_MINUTE',
        'RATE_LIMIT_PER_MINUTE',
        'RATE_LIMIT_SHARED',
        'POWERTOOLS_METRICS_NAMESPACE',
        'POWERTOOLS_SERVICE_NAME',
        'SES_CONFIGURATION_SET',
        'STAGE',
        'TABLE_NAME',
      ].sort(),
    );
    expect(env).toMatchObject({
      MAIL_FROM_ADDRESS: 'mail@example.org',
      STAGE: 'test',
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_SERVICE_NAME: 'api',
      POWERTOOLS_METRICS_NAMESPACE: 'Carnet/test',
    });
    expect(env.TABLE_NAME).toEqual({ Ref: only('AWS::DynamoDB::Table')[0] });
    expect(env.COGNITO_USER_POOL_ID).toEqual({ Ref: only('AWS::Cognito::UserPool')[0] });
    expect(env.COGNITO_CLIENT_ID).toEqual({ Ref: only('AWS::Cognito::UserPoolClient')[0] });
    expect(env.SES_CONFIGURATION_SET).toEqual({ Ref: only('AWS::SES::ConfigurationSet')[0] });
  });

  it('gives the API function its public URL, CloudFront’s /api/v1 (the OpenAPI server), without a dependency cycle', () => {
    const [apiId, api] = lambdaByDescription('REST API');
    const [distributionId] = only('AWS::CloudFront::Distribution');
    expect(api.Properties.Environment.Variables.API_PUBLIC_URL).toEqual({
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, '/api/v1']],
    });
    // CloudFormation refuses a template whose resources depend on each other in a circle.
    const all = assembly.getStackByName(stackName).template.Resources as Record<string, { DependsOn?: string | string[] }>;
    const dependencies = (id: string): string[] => {
      const found = new Set<string>([all[id]?.DependsOn ?? []].flat());
      JSON.stringify(all[id], (key, value) => {
        if (key === 'Ref' && typeof value === 'string' && all[value]) found.add(value);
        if (key === 'Fn::GetAtt' && Array.isArray(value) && all[value[0]]) found.add(value[0]);
        return value;
      });
      return [...found];
    };
    const state = new Map<string, 'visiting' | 'done'>();
    const cycle: string[] = [];
    const visit = (id: string, path: string[]): boolean => {
      if (state.get(id) === 'done') return false;
      if (state.get(id) === 'visiting') {
        cycle.push(...path.slice(path.indexOf(id)), id);
        return true;
      }
      state.set(id, 'visiting');
      for (const next of dependencies(id)) if (visit(next, [...path, id])) return true;
      state.set(id, 'done');
      return false;
    };
    for (const id of Object.keys(all)) if (visit(id, [])) break;
    expect(cycle).toEqual([]);
    expect(dependencies(apiId)).toContain(distributionId);
  });

  it('configure the SES-events function by environment: its table only (no mail settings, no Cognito ids)', () => {
    const [, events] = lambdaByDescription('SES delivery events');
    const env = events.Properties.Environment.Variables;
    expect(Object.keys(env).sort()).toEqual(
      ['NODE_OPTIONS', 'POWERTOOLS_METRICS_NAMESPACE', 'POWERTOOLS_SERVICE_NAME', 'STAGE', 'TABLE_NAME'].sort(),
    );
    expect(env).toMatchObject({ POWERTOOLS_SERVICE_NAME: 'ses-events', POWERTOOLS_METRICS_NAMESPACE: 'Carnet/test' });
  });

  it('ship minified ES module bundles that create require() and leave @aws-sdk to the runtime', () => {
    const [, api] = lambdaByDescription('REST API');
    // The asset's hash names both the S3 key and its folder in the assembly.
    const assetPath = `asset.${String(api.Properties.Code.S3Key).replace(/\.zip$/, '')}`;
    const bundle = fs.readFileSync(path.join(assembly.directory, assetPath, 'index.mjs'), 'utf8');
    expect(bundle.startsWith("import { createRequire as __carnetCreateRequire } from 'node:module';")).toBe(true);
    expect(bundle).toMatch(/from\s*"@aws-sdk\/client-dynamodb"/);
    const sources: string[] = JSON.parse(fs.readFileSync(path.join(assembly.directory, assetPath, 'index.mjs.map'), 'utf8')).sources;
    expect(sources.some((s) => s.includes('node_modules/hono/'))).toBe(true);
    expect(sources.filter((s) => s.includes('node_modules/@aws-sdk/'))).toEqual([]);
    const check = spawnSync(process.execPath, ['--check', path.join(assembly.directory, assetPath, 'index.mjs')], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });
});

describe('least-privilege IAM', () => {
  const tableStatements = (statements: Statement[]) => {
    const tableId = only('AWS::DynamoDB::Table')[0];
    return statements.filter(
      (s) => JSON.stringify(s.Resource).includes(`"${tableId}"`) && !JSON.stringify(s.Resource).includes('StreamArn'),
    );
  };
  const tableResources = () => {
    const tableId = only('AWS::DynamoDB::Table')[0];
    const arn = { 'Fn::GetAtt': [tableId, 'Arn'] };
    return [arn, { 'Fn::Join': ['', [arn, '/index/*']] }];
  };

  it.each([
    ['REST API', tableAccess.api],
    ['SES delivery events', tableAccess.sesEvents],
    [WEBHOOK_DISPATCHER, tableAccess.webhooks],
    [WEBHOOK_SWEEPER, tableAccess.webhooks],
  ])('gives the %s function exactly its table actions, on the table and its indexes', (description, expected) => {
    const statements = roleStatements(lambdaByDescription(description)[1]);
    const onTable = tableStatements(statements);
    expect(onTable.flatMap(actions).sort()).toEqual([...expected].sort());
    for (const s of onTable) expect(s.Resource).toEqual(tableResources());
    // No DynamoDB permission anywhere else (the dispatcher's stream reading is checked below).
    expect(
      statements
        .filter((s) => !onTable.includes(s) && !JSON.stringify(s.Resource).includes('StreamArn'))
        .filter((s) => !(description === WEBHOOK_DISPATCHER && s.Resource === '*' && actions(s).join() === 'dynamodb:ListStreams'))
        .flatMap(actions)
        .filter((a) => a.startsWith('dynamodb:')),
    ).toEqual([]);
  });

  it('pins the expected action lists', () => {
    expect([...tableAccess.api].sort()).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:ConditionCheckItem',
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    expect([...tableAccess.sesEvents].sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
  });

  it('lets the API function send raw mail through the identity and configuration set, and manage users', () => {
    const statements = roleStatements(lambdaByDescription('REST API')[1]);
    const all = statements.flatMap(actions);
    const ses = statements.filter((s) => actions(s).some((a) => a.startsWith('ses:')));
    expect(ses.flatMap(actions)).toEqual(['ses:SendRawEmail']);
    const sesResources = JSON.stringify(at(ses, 0, 'SES statements').Resource);
    expect(sesResources).toContain(':identity/');
    expect(sesResources).toContain(`"${only('AWS::SES::EmailIdentity')[0]}"`);
    expect(sesResources).toContain(':configuration-set/');
    const cognito = statements.filter((s) => actions(s).some((a) => a.startsWith('cognito-idp:')));
    expect(cognito.flatMap(actions).sort()).toEqual([...userAdministrationActions].sort());
    expect(at(cognito, 0, 'Cognito statements').Resource).toEqual({ 'Fn::GetAtt': [only('AWS::Cognito::UserPool')[0], 'Arn'] });
    // Besides: writing its own logs, nothing.
    const rest = all.filter((a) => !/^(dynamodb|ses|cognito-idp):/.test(a));
    expect(rest.sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
  });

  it('lets the SES-events function do nothing but its table actions, its logs and its dead letters', () => {
    const statements = roleStatements(lambdaByDescription('SES delivery events')[1]);
    const all = statements.flatMap(actions);
    // The on-failure destination's grant (CDK's grantSendMessages): only on the dead-letter queue.
    expect(all.filter((a) => !a.startsWith('dynamodb:')).sort()).toEqual([
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:SendMessage',
    ]);
    const sqs = statements.filter((s) => actions(s).some((a) => a.startsWith('sqs:')));
    const [mailQueue] = ofType('AWS::SQS::Queue').find(([id]) => id.startsWith('Mail')) ?? [];
    expect(sqs.map((s) => s.Resource)).toEqual([{ 'Fn::GetAtt': [mailQueue, 'Arn'] }]);
  });

  it('lets the webhook dispatcher read only the table’s stream, write only to its dead-letter queue, and nothing else', () => {
    const [dispatcherId, dispatcher] = lambdaByDescription(WEBHOOK_DISPATCHER);
    const statements = roleStatements(dispatcher);
    const tableId = only('AWS::DynamoDB::Table')[0];
    const [webhookQueue] = ofType('AWS::SQS::Queue').find(([id]) => id.startsWith('Webhooks')) ?? [];
    const stream = statements.filter((s) => JSON.stringify(s.Resource).includes('StreamArn'));
    expect(stream.flatMap(actions).sort()).toEqual(['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator']);
    for (const s of stream) expect(s.Resource).toEqual({ 'Fn::GetAtt': [tableId, 'StreamArn'] });
    const others = statements.filter((s) => !JSON.stringify(s.Resource).includes(`"${tableId}"`));
    const byAction = Object.fromEntries(others.flatMap((s) => actions(s).map((a) => [a, s.Resource])));
    expect(Object.keys(byAction).sort()).toEqual(
      [
        'dynamodb:ListStreams',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:SendMessage',
      ].sort(),
    );
    expect(byAction['dynamodb:ListStreams']).toBe('*');
    expect(byAction['sqs:SendMessage']).toEqual({ 'Fn::GetAtt': [webhookQueue, 'Arn'] });

    const [, mapping] = only('AWS::Lambda::EventSourceMapping');
    expect(mapping.Properties).toMatchObject({
      FunctionName: { Ref: dispatcherId },
      EventSourceArn: { 'Fn::GetAtt': [tableId, 'StreamArn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [webhookQueue, 'Arn'] } } },
    });
    // Only the feed's new events and the API's queued deliveries wake the dispatcher.
    const patterns = mapping.Properties.FilterCriteria.Filters.map((f: { Pattern: string }) => JSON.parse(f.Pattern));
    expect(patterns).toEqual([
      { eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: ['feedEvent'] } } } },
      { eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: ['webhookDelivery'] }, queued: { BOOL: [true] } } } },
    ]);
  });

  it('sweeps due webhook retries every minute, and alarms on the webhooks’ dead letters', () => {
    const [sweeperId] = lambdaByDescription(WEBHOOK_SWEEPER);
    const rules = ofType('AWS::Events::Rule').filter(([, r]) => JSON.stringify(r.Properties.Targets).includes(`"${sweeperId}"`));
    expect(rules).toHaveLength(1);
    expect(rules[0]?.[1].Properties.ScheduleExpression).toBe('rate(1 minute)');
    const [webhookQueue] = ofType('AWS::SQS::Queue').find(([id]) => id.startsWith('Webhooks')) ?? [];
    const alarms = ofType('AWS::CloudWatch::Alarm').filter(([, a]) =>
      JSON.stringify(a.Properties.Dimensions ?? []).includes(`"${webhookQueue}"`),
    );
    expect(alarms).toHaveLength(1);
    expect(alarms[0]?.[1].Properties.AlarmActions).toHaveLength(1);
  });
});

describe('auth', () => {
  it('signs in by email with a strong password policy, optional TOTP, and no self sign-up', () => {
    const [, pool] = only('AWS::Cognito::UserPool');
    expect(pool.Properties).toMatchObject({
      UsernameAttributes: ['email'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: {
        PasswordPolicy: {
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
          TemporaryPasswordValidityDays: 7,
        },
      },
    });
  });

  it('has a public client (no secret) for USER_PASSWORD_AUTH, SRP and refresh tokens', () => {
    const [, client] = only('AWS::Cognito::UserPoolClient');
    expect(client.Properties.GenerateSecret).toBe(false);
    expect([...client.Properties.ExplicitAuthFlows].sort()).toEqual([
      'ALLOW_REFRESH_TOKEN_AUTH',
      'ALLOW_USER_PASSWORD_AUTH',
      'ALLOW_USER_SRP_AUTH',
    ]);
  });
});

describe('api', () => {
  it('routes every request to the function through a throttled, access-logged $default stage', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: '$default' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
  });
});

describe('mail', () => {
  it('verifies the context domain with Easy DKIM', () => {
    const [, identity] = only('AWS::SES::EmailIdentity');
    expect(identity.Properties.EmailIdentity).toBe('example.org');
    expect(identity.Properties.DkimSigningAttributes?.DomainSigningPrivateKey).toBeUndefined();
  });

  it('publishes exactly the tracked SES events to the SNS topic', () => {
    const [, destination] = only('AWS::SES::ConfigurationSetEventDestination');
    const topics = ofType('AWS::SNS::Topic').filter(([, t]) => String(t.Properties.DisplayName).includes('SES events'));
    expect(topics).toHaveLength(1);
    expect(destination.Properties.EventDestination.SnsDestination).toEqual({ TopicARN: { Ref: at(topics, 0, 'SES event topics')[0] } });
    expect([...destination.Properties.EventDestination.MatchingEventTypes].sort()).toEqual([
      'bounce',
      'complaint',
      'delivery',
      'deliveryDelay',
      'reject',
      'send',
    ]);
  });

  it('subscribes the SES-events function with an encrypted, SSL-only dead-letter queue and its alarm', () => {
    const [eventsId] = lambdaByDescription('SES delivery events');
    const [queueId, queue] = ofType('AWS::SQS::Queue').find(([id]) => id.startsWith('Mail')) ?? [];
    expect(queue?.Properties.SqsManagedSseEnabled).toBe(true);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      Endpoint: { 'Fn::GetAtt': [eventsId, 'Arn'] },
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      Threshold: 1,
      AlarmActions: Match.anyValue(),
    });
  });

  it('mails the alarms to the context address', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.org' });
  });
});

describe('monitoring', () => {
  const alarmTopic = () =>
    at(
      ofType('AWS::SNS::Topic').filter(([, t]) => t.Properties.DisplayName === 'Carnet alarms'),
      0,
      'alarm topics',
    )[0];
  const alarms = () => ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
  const byDescription = (fragment: string) =>
    at(
      alarms().filter((a) => String(a.AlarmDescription).includes(fragment)),
      0,
      `alarms on ${fragment}`,
    );
  type Query = { Id: string; Expression?: string; ReturnData?: boolean; MetricStat?: { Metric: Record<string, any>; Stat: string } };

  it('every alarm notifies the alarm topic when it fires and when it recovers', () => {
    expect(alarms().map((a) => a.AlarmDescription)).toHaveLength(4);
    for (const alarm of alarms()) {
      expect(alarm.AlarmActions, alarm.AlarmDescription).toEqual([{ Ref: alarmTopic() }]);
      expect(alarm.OKActions, alarm.AlarmDescription).toEqual([{ Ref: alarmTopic() }]);
    }
  });

  it("alarms on the API's 5xx rate (over 5% twice in a row, from 20 requests per 5 minutes)", () => {
    const alarm = byDescription('5xx');
    expect(alarm).toMatchObject({
      Threshold: 5,
      EvaluationPeriods: 2,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
    const queries = alarm.Metrics as Query[];
    expect(queries.find((q) => q.ReturnData !== false)?.Expression).toBe('IF(requests >= 20, 100 * errors / requests, 0)');
    const api = only('AWS::ApiGatewayV2::Api')[0];
    for (const [id, name] of [
      ['errors', '5xx'],
      ['requests', 'Count'],
    ]) {
      const stat = queries.find((q) => q.Id === id)?.MetricStat;
      expect(stat, id).toMatchObject({ Metric: { Namespace: 'AWS/ApiGateway', MetricName: name }, Stat: 'Sum' });
      expect(stat?.Metric.Dimensions).toEqual([{ Name: 'ApiId', Value: { Ref: api } }]);
    }
  });

  it('alarms on the bounce rate: hard bounces (SES-events function) over recipients sent (API), per hour', () => {
    const alarm = byDescription('hard-bounced');
    expect(alarm).toMatchObject({ Threshold: 4, EvaluationPeriods: 1, ComparisonOperator: 'GreaterThanThreshold' });
    const queries = alarm.Metrics as Query[];
    expect(queries.find((q) => q.ReturnData !== false)?.Expression).toBe('IF(sent >= 20, 100 * FILL(bounces, 0) / sent, 0)');
    expect(queries.find((q) => q.Id === 'bounces')?.MetricStat).toEqual({
      Metric: { Namespace: 'Carnet/test', MetricName: 'Bounces', Dimensions: [{ Name: 'service', Value: 'ses-events' }] },
      Period: 3600,
      Stat: 'Sum',
    });
    expect(queries.find((q) => q.Id === 'sent')?.MetricStat).toEqual({
      Metric: { Namespace: 'Carnet/test', MetricName: 'SentRecipients', Dimensions: [{ Name: 'service', Value: 'api' }] },
      Period: 3600,
      Stat: 'Sum',
    });
  });
});

describe('web', () => {
  const distributionConfig = () => only('AWS::CloudFront::Distribution')[1].Properties.DistributionConfig;

  it('serves a private, encrypted, SSL-only bucket through origin access control', () => {
    const [bucketId, bucket] = only('AWS::S3::Bucket');
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe(
      'AES256',
    );
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Allow', Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject' }),
        ]),
      },
    });
    const [oacId, oac] = only('AWS::CloudFront::OriginAccessControl');
    expect(oac.Properties.OriginAccessControlConfig).toMatchObject({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always' });
    const s3Origin = distributionConfig().Origins.find((o: any) => o.S3OriginConfig);
    expect(s3Origin.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [oacId, 'Id'] });
  });

  it('rewrites app routes with the CloudFront Function on the default behavior', () => {
    const found = ofType('AWS::CloudFront::Function').find(([, f]) => f.Properties.FunctionCode === spaRewriteFunctionCode);
    expect(found).toBeDefined();
    const [fnId] = found!;
    const dflt = distributionConfig().DefaultCacheBehavior;
    expect(dflt.FunctionAssociations).toEqual([{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [fnId, 'FunctionARN'] } }]);
    expect(dflt.CachePolicyId).toBe(CACHING_OPTIMIZED);
    expect(dflt.ViewerProtocolPolicy).toBe('redirect-to-https');
  });

  it('routes /api/* to the HTTP API, uncached, all methods, all viewer headers but Host', () => {
    const behaviors = distributionConfig().CacheBehaviors;
    expect(behaviors).toHaveLength(1);
    const api = behaviors[0];
    expect(api).toMatchObject({
      PathPattern: '/api/*',
      CachePolicyId: CACHING_DISABLED,
      OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
    });
    const origin = distributionConfig().Origins.find((o: any) => o.Id === api.TargetOriginId);
    expect(origin.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
    expect(JSON.stringify(origin.DomainName)).toContain(only('AWS::ApiGatewayV2::Api')[0]);
    expect(JSON.stringify(origin.DomainName)).toContain('.execute-api.');
  });

  it('passes the viewer address to the API, vouched for by an origin header the function checks', () => {
    const api = distributionConfig().CacheBehaviors[0];
    const fn = ofType('AWS::CloudFront::Function').find(([, f]) => f.Properties.FunctionCode === viewerAddressFunctionCode);
    expect(fn).toBeDefined();
    expect(api.FunctionAssociations).toEqual([{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [fn![0], 'FunctionARN'] } }]);
    const origin = distributionConfig().Origins.find((o: any) => o.Id === api.TargetOriginId);
    const verify = origin.OriginCustomHeaders.find((h: any) => h.HeaderName === 'x-carnet-origin-verify');
    expect(verify).toBeDefined();
    const [, apiFunction] = lambdaByDescription('REST API');
    const env = apiFunction.Properties.Environment.Variables;
    // The same value on both sides (the stack id's UUID), never a literal in the template.
    expect(env.ORIGIN_VERIFY).toEqual(verify.HeaderValue);
    expect(JSON.stringify(env.ORIGIN_VERIFY)).toContain('AWS::StackId');
    expect(env).toMatchObject({ RATE_LIMIT_SHARED: '1', RATE_LIMIT_PER_MINUTE: '1200', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '120' });
    // The runtime of the function: the viewer's address, overwriting any header of that name.
    const request = { uri: '/api/v1/me', headers: { 'x-carnet-viewer-address': { value: '6.6.6.6' } } };
    const handler = new Function(`${viewerAddressFunctionCode}; return handler;`)();
    expect(handler({ request, viewer: { ip: '203.0.113.9' } }).headers['x-carnet-viewer-address']).toEqual({ value: '203.0.113.9' });
  });

  it('throttles the HTTP API stage as a ceiling above the per-organisation budgets', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
    });
  });

  it("sends a CSP of 'self' plus the Cognito endpoint, HSTS, frame denial, nosniff and a referrer policy", () => {
    const policies = ofType('AWS::CloudFront::ResponseHeadersPolicy');
    const app = policies.find(([, p]) => p.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy);
    expect(app).toBeDefined();
    const headers = app![1].Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(distributionConfig().DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: app![0] });
    const cognito = `https://cognito-idp.${REGION}.amazonaws.com`;
    const csp: string = headers.ContentSecurityPolicy.ContentSecurityPolicy;
    const sources = csp.split(';').flatMap((d) => d.trim().split(/\s+/).slice(1));
    // blob: only where the Rapport tab's PDF (fetched with the token) is framed.
    expect(new Set(sources)).toEqual(new Set(["'self'", "'none'", cognito, 'blob:']));
    expect(csp).toContain("frame-src 'self' blob:");
    expect(csp).toContain(`connect-src 'self' ${cognito}`);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(headers.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 31536000, IncludeSubdomains: true, Override: true });
    expect(headers.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
    expect(headers.ReferrerPolicy).toEqual({ ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true });
  });

  it('deploys the hashed assets (immutable) and the entry files plus config.json (no-cache, invalidated)', () => {
    const deployments = ofType('Custom::CDKBucketDeployment');
    expect(deployments).toHaveLength(2);
    const assets = deployments.find(([, d]) => d.Properties.DestinationBucketKeyPrefix === 'assets/');
    const site = deployments.find(([, d]) => d.Properties.DestinationBucketKeyPrefix === undefined);
    expect(assets![1].Properties).toMatchObject({
      Prune: false,
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
    });
    expect(site![1].Properties).toMatchObject({
      Exclude: ['assets/*'],
      SystemMetadata: { 'cache-control': 'no-cache' },
      DistributionId: { Ref: only('AWS::CloudFront::Distribution')[0] },
      DistributionPaths: ['/*'],
    });
    // config.json carries the pool and client ids, filled in at deploy time.
    const markers = JSON.stringify(site![1].Properties.SourceMarkers);
    expect(markers).toContain(`"Ref":"${only('AWS::Cognito::UserPool')[0]}"`);
    expect(markers).toContain(`"Ref":"${only('AWS::Cognito::UserPoolClient')[0]}"`);
  });
});

describe('outputs', () => {
  it('gives the web URL, API URL, pool and client ids and the table name', () => {
    const outputs = assembly.getStackByName(stackName).template.Outputs;
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['WebUrl', 'ApiUrl', 'UserPoolId', 'UserPoolClientId', 'TableName']));
  });
});
