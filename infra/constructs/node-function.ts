import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, type IDestination } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { metricNamespace, type Service } from '../metrics';

/** The repository root: entries are given relative to it. */
export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface NodeFunctionProps {
  /** The handler's file, relative to the repository root (it exports `handler`). */
  readonly entry: string;
  readonly description: string;
  /** `dev`, `prod`…: the functions read it as STAGE. */
  readonly stage: string;
  /** Its name in logs and the `service` dimension of its metrics (infra/metrics.ts). */
  readonly service: Service;
  readonly memorySize: number;
  readonly timeout: Duration;
  /** Where asynchronous invocations go once Lambda gives up on them. */
  readonly onFailure?: IDestination;
}

/**
 * One Lambda function the way Carnet runs them: Node.js 22 on arm64, one ESM bundle per entry with
 * only what it imports (the runtime's AWS SDK v3 excluded), its own log group kept a month, and a
 * role that can write to that log group and nothing else until a `bind…()` call grants more.
 */
export class NodeFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: NodeFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Our own role rather than AWSLambdaBasicExecutionRole, which may create log groups anywhere.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.entry}`,
    });
    this.logGroup.grantWrite(role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(projectRoot, props.entry),
      handler: 'handler',
      projectRoot,
      depsLockFilePath: path.join(projectRoot, 'package-lock.json'),
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      onFailure: props.onFailure,
      environment: {
        STAGE: props.stage,
        NODE_OPTIONS: '--enable-source-maps',
        // functions/lib/logger.ts and monitoring.ts (Powertools).
        POWERTOOLS_SERVICE_NAME: props.service,
        POWERTOOLS_METRICS_NAMESPACE: metricNamespace(props.stage),
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: false,
        mainFields: ['module', 'main'],
        // The runtime provides AWS SDK v3; everything else is bundled, so only what is imported ships.
        externalModules: ['@aws-sdk/*'],
        // CommonJS dependencies call require(): give the ES module one.
        banner:
          "import { createRequire as __carnetCreateRequire } from 'node:module'; const require = __carnetCreateRequire(import.meta.url);",
        forceDockerBundling: false,
      },
    });

    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'Node.js 22 is the runtime Carnet is built and tested on (engines, esbuild target); upgrades are deliberate.',
    });
  }
}
