import { Duration, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { Auth } from './auth';
import type { Database } from './database';
import type { Mail } from './mail';
import { NodeFunction } from './node-function';
import { services } from '../metrics';

export interface ApiProps {
  readonly stage: string;
  readonly database: Database;
  readonly auth: Auth;
  readonly mail: Mail;
  /**
   * The stage's ceiling across all callers (requests per second and burst): a bound on the bill.
   * Fairness between tenants is the function's budgets (RATE_LIMIT_*), well below it.
   */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
  /** Requests per minute per organisation and per anonymous address (functions/lib/rate-limit.ts). */
  readonly rateLimits?: { readonly perMinute: number; readonly anonymousPerMinute: number };
}

/** The REST API: one function (Hono) behind an HTTP API, every route handled by the app itself. */
export class Api extends Construct {
  readonly function: NodeFunction;
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  /** `https://<id>.execute-api.<region>.amazonaws.com` (the API lives under /api/v1). */
  readonly url: string;
  /** The execute-api host name, for CloudFront's origin. */
  readonly domainName: string;
  /**
   * A value only CloudFront sends (a custom origin header) and the function checks: it proves that
   * the viewer address header was set by CloudFront. The stack id's UUID: unique to this stack,
   * never in a URL, and no secret store (with its monthly price) is needed.
   */
  readonly originVerify: string;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.function = new NodeFunction(this, 'ApiFunction', {
      entry: 'functions/api/lambda.ts',
      description: 'Carnet REST API (Hono)',
      stage: props.stage,
      service: services.api,
      // More memory buys CPU: PDF rendering and MIME composition are CPU-bound.
      memorySize: 1024,
      timeout: Duration.seconds(25),
    });
    const fn = this.function.function;
    props.database.bindTable(fn, 'api');
    props.auth.bindUserAdministration(fn);
    props.mail.bindSending(fn);
    // Budgets counted across instances in the table (one item per key and minute, expiring by TTL).
    this.originVerify = Fn.select(2, Fn.split('/', Stack.of(this).stackId));
    fn.addEnvironment('RATE_LIMIT_SHARED', '1');
    fn.addEnvironment('ORIGIN_VERIFY', this.originVerify);
    fn.addEnvironment('RATE_LIMIT_PER_MINUTE', String(props.rateLimits?.perMinute ?? 1200));
    fn.addEnvironment('RATE_LIMIT_ANONYMOUS_PER_MINUTE', String(props.rateLimits?.anonymousPerMinute ?? 120));

    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: `carnet-${props.stage}`,
      description: 'Carnet REST API; authentication (Cognito JWT or API key) is checked by the function',
      defaultIntegration: new HttpLambdaIntegration('ApiIntegration', fn),
      createDefaultStage: false,
    });
    Validations.of(this.httpApi).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Every route authenticates in the function: a Cognito JWT (verified with jose) or an API key hashed in DynamoDB, which an API Gateway authorizer cannot check.',
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle ?? { rateLimit: 100, burstLimit: 200 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // HTTP API context variables (the REST API helpers use names HTTP APIs lack).
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            method: '$context.httpMethod',
            path: '$context.path',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            userAgent: '$context.identity.userAgent',
          }),
        ),
      },
    });

    this.domainName = `${this.httpApi.apiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`;
    this.url = `https://${this.domainName}`;
  }

  /**
   * The absolute URL integrators reach the API at, the OpenAPI document's server (API_PUBLIC_URL):
   * CloudFront's, known only once the web construct exists. No cycle: the distribution depends on
   * the HTTP API, not on this function.
   */
  servePublicUrl(url: string): void {
    this.function.function.addEnvironment('API_PUBLIC_URL', url);
  }
}
