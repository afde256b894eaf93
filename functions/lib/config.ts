/**
 * Configuration, read once at cold start. On AWS the CDK stack sets these variables in the same
 * call that grants the matching permission; locally `infra/local/` sets them.
 */
export interface Config {
  /** The single DynamoDB table. */
  readonly tableName: string;
  readonly region: string;
  /** Local only: DynamoDB Local's endpoint. */
  readonly dynamodbEndpoint: string | undefined;
  /** Local only: the SES stand-in's endpoint. */
  readonly sesEndpoint: string | undefined;
  /** SES configuration set whose event destination feeds functions/events/ses-events.ts. */
  readonly sesConfigurationSet: string | undefined;
  /** The verified address mail is sent from; the organisation's sender name goes in front of it. */
  readonly mailFromAddress: string;
  readonly cognito: {
    readonly userPoolId: string;
    readonly clientId: string;
    /** Local only: cognito-local's endpoint. */
    readonly endpoint: string | undefined;
    /** The JWT issuer: `https://cognito-idp.<region>.amazonaws.com/<pool>` on AWS. */
    readonly issuer: string;
  };
  /** `local` on a laptop and in tests, the stage name on AWS. */
  readonly stage: string;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`Missing environment variable ${name}`);
  return value;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'eu-west-3';
  const userPoolId = required(env, 'COGNITO_USER_POOL_ID');
  const endpoint = env.COGNITO_ENDPOINT || undefined;
  return {
    tableName: env.TABLE_NAME || 'carnet',
    region,
    dynamodbEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    sesEndpoint: env.SES_ENDPOINT || undefined,
    sesConfigurationSet: env.SES_CONFIGURATION_SET || undefined,
    mailFromAddress: env.MAIL_FROM_ADDRESS || 'no-reply@carnet.localhost',
    cognito: {
      userPoolId,
      clientId: required(env, 'COGNITO_CLIENT_ID'),
      endpoint,
      issuer:
        env.COGNITO_ISSUER ||
        (endpoint ? `${endpoint.replace(/\/$/, '')}/${userPoolId}` : `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`),
    },
    stage: env.STAGE || 'local',
  };
}

let current: Config | undefined;

/** The process-wide configuration, read on first use (fails fast if a variable is missing). */
export function config(): Config {
  current ??= readConfig();
  return current;
}

/** Tests and the local stack set the environment, then call this to re-read it. */
export function resetConfig(): void {
  current = undefined;
}
