/**
 * Configuration, in small readers: each function reads only what the code it runs needs, on first
 * use, and fails at once naming a missing variable. On AWS the construct that grants a permission
 * sets its variables in the same call (`Database.bindTable`, `Mail.bindSending`,
 * `Auth.bindTokenVerification`); locally `infra/local/stack.ts` sets them all.
 */
export interface TableConfig {
  /** The single DynamoDB table. */
  readonly tableName: string;
  readonly region: string;
  /** Local only: DynamoDB Local's endpoint. */
  readonly endpoint: string | undefined;
}

export interface MailConfig {
  readonly region: string;
  /** The verified address mail is sent from; the organisation's sender name goes in front of it. */
  readonly fromAddress: string;
  /** SES configuration set whose event destination feeds functions/events/ses-events.ts. */
  readonly configurationSet: string | undefined;
  /** Local only: the SES stand-in's endpoint. */
  readonly endpoint: string | undefined;
}

export interface AuthConfig {
  readonly region: string;
  readonly userPoolId: string;
  readonly clientId: string;
  /** Local only: cognito-local's endpoint. */
  readonly endpoint: string | undefined;
  /** The JWT issuer: `https://cognito-idp.<region>.amazonaws.com/<pool>` on AWS. */
  readonly issuer: string;
}

/** The API function's own settings: request budgets, CloudFront's proof, internal headers. */
export interface ApiConfig {
  /** Requests per minute per organisation and per anonymous source address (API.md, rate limits). */
  readonly rateLimit: {
    readonly perMinute: number;
    readonly anonymousPerMinute: number;
    /** Count across Lambda instances in DynamoDB (functions/lib/rate-limit.ts); off locally. */
    readonly shared: boolean;
  };
  /**
   * Sent by CloudFront on every request it forwards (a custom origin header): proves that the
   * viewer address header came from CloudFront, not from a caller of the API's own URL.
   */
  readonly originVerify: string | undefined;
  /** Local and bench only: answers carry `x-carnet-ddb-*` (DynamoDB requests and capacity of the call). */
  readonly dynamoMetricsHeaders: boolean;
}

export interface WebhookConfig {
  /** Seconds to wait after each failed try before the next (Standard Webhooks' schedule by default). */
  readonly retrySchedule: readonly number[];
  /** Set by the local stack only: loopback `http` targets are allowed (receivers on the laptop). */
  readonly allowLoopbackHttp: boolean;
}

/** Standard Webhooks' schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h after the previous try. */
export const STANDARD_RETRY_SCHEDULE = [5, 300, 1800, 7200, 18000, 36000, 36000] as const;

type Env = NodeJS.ProcessEnv;

function positive(env: Env, name: string, fallback: number): number {
  const value = env[name];
  if (!value) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name}=${value} is not a positive whole number`);
  return n;
}

function required(env: Env, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`Missing environment variable ${name}`);
  return value;
}

const optional = (env: Env, name: string): string | undefined => env[name] || undefined;

/** Lambda sets AWS_REGION; scripts may only have AWS_DEFAULT_REGION. */
export const region = (env: Env = process.env): string => env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'eu-west-3';

/** `local` on a laptop and in tests, the stage name on AWS. */
export const stage = (env: Env = process.env): string => env.STAGE || 'local';

export function readTableConfig(env: Env = process.env): TableConfig {
  return { tableName: required(env, 'TABLE_NAME'), region: region(env), endpoint: optional(env, 'DYNAMODB_ENDPOINT') };
}

export function readMailConfig(env: Env = process.env): MailConfig {
  return {
    region: region(env),
    fromAddress: required(env, 'MAIL_FROM_ADDRESS'),
    configurationSet: optional(env, 'SES_CONFIGURATION_SET'),
    endpoint: optional(env, 'SES_ENDPOINT'),
  };
}

function retrySchedule(value: string | undefined): readonly number[] {
  if (!value) return STANDARD_RETRY_SCHEDULE;
  const seconds = value.split(',').map((s) => Number(s.trim()));
  if (!seconds.length || seconds.some((s) => !Number.isFinite(s) || s < 0)) {
    throw new Error(`WEBHOOK_RETRY_SCHEDULE=${value} is not a comma-separated list of seconds`);
  }
  return seconds;
}

export function readWebhookConfig(env: Env = process.env): WebhookConfig {
  return {
    retrySchedule: retrySchedule(env.WEBHOOK_RETRY_SCHEDULE),
    allowLoopbackHttp: env.WEBHOOK_ALLOW_LOOPBACK_HTTP === 'true',
  };
}

export function readAuthConfig(env: Env = process.env): AuthConfig {
  const userPoolId = required(env, 'COGNITO_USER_POOL_ID');
  const endpoint = optional(env, 'COGNITO_ENDPOINT');
  const home = endpoint ? endpoint.replace(/\/$/, '') : `https://cognito-idp.${region(env)}.amazonaws.com`;
  return {
    region: region(env),
    userPoolId,
    clientId: required(env, 'COGNITO_CLIENT_ID'),
    endpoint,
    issuer: optional(env, 'COGNITO_ISSUER') ?? `${home}/${userPoolId}`,
  };
}

export function readApiConfig(env: Env = process.env): ApiConfig {
  const local = stage(env) === 'local';
  return {
    // Locally, limits no one meets by hand (the tests and benches run thousands of calls a minute).
    rateLimit: {
      perMinute: positive(env, 'RATE_LIMIT_PER_MINUTE', local ? 100_000 : 1_200),
      anonymousPerMinute: positive(env, 'RATE_LIMIT_ANONYMOUS_PER_MINUTE', local ? 10_000 : 120),
      shared: env.RATE_LIMIT_SHARED === '1',
    },
    originVerify: optional(env, 'ORIGIN_VERIFY'),
    // Never on AWS: only the local stage honours the flag.
    dynamoMetricsHeaders: local && env.CARNET_DDB_HEADERS === '1',
  };
}

const resets: (() => void)[] = [];

/** A reader that reads the environment once, on first use. */
function once<T>(read: () => T): () => T {
  let value: T | undefined;
  resets.push(() => {
    value = undefined;
  });
  return () => {
    value ??= read();
    return value;
  };
}

/** The table (every function that touches DynamoDB). */
export const tableConfig = once(() => readTableConfig());
/** Sending mail (the API). */
export const mailConfig = once(() => readMailConfig());
/** Delivering webhooks (the dispatcher, the sweeper, the API's URL check). */
export const webhookConfig = once(() => readWebhookConfig());
/** Verifying tokens and managing users (the API). */
export const authConfig = once(() => readAuthConfig());
/**
 * The API's absolute base URL as integrators reach it, the OpenAPI document's server
 * (`API_PUBLIC_URL`, set by `Api.servePublicUrl`: CloudFront's URL + `/api/v1`; locally
 * `http://127.0.0.1:PORT/api/v1`). Unset: the API takes the request's own origin.
 */
export const apiPublicUrl = once(() => optional(process.env, 'API_PUBLIC_URL')?.replace(/\/+$/, ''));
/** Budgets and internal headers (the API). */
export const apiConfig = once(() => readApiConfig());

/** Tests and the local stack set the environment, then call this to re-read it. */
export function resetConfig(): void {
  for (const reset of resets) reset();
}
