import type { Construct } from 'constructs';
import { z } from 'zod';

/** The deployment's settings, read from CDK context (cdk.json, or `-c key=value` on the command line). */
export interface CarnetContext {
  /** The domain mail is sent from; SES verifies it with Easy DKIM. */
  readonly domain: string;
  /** The address every mail is sent from; the organisation's sender name goes in front of it. */
  readonly senderAddress: string;
  /** Names the stack and its resources: `dev`, `prod`… */
  readonly stage: string;
  /** The AWS region to deploy to (Paris by default). */
  readonly region: string;
  /** Optional: who receives the alarms (an SNS email subscription). */
  readonly alarmEmail: string | undefined;
}

export const contextKeys = {
  domain: 'carnet:domain',
  senderAddress: 'carnet:senderAddress',
  stage: 'carnet:stage',
  region: 'carnet:region',
  alarmEmail: 'carnet:alarmEmail',
} as const;

const hostname = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

const contextSchema = z
  .object({
    [contextKeys.domain]: z.string().regex(hostname, 'must be a lower-case domain name such as example.com'),
    [contextKeys.senderAddress]: z.email('must be an email address'),
    [contextKeys.stage]: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,19}$/, 'must be 1 to 20 lower-case letters, digits or dashes, starting with a letter'),
    [contextKeys.region]: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-west-3')
      .default('eu-west-3'),
    [contextKeys.alarmEmail]: z.email('must be an email address').optional(),
  })
  .refine(
    (c) => {
      const senderDomain = c[contextKeys.senderAddress].split('@')[1]?.toLowerCase() ?? '';
      const domain = c[contextKeys.domain];
      return senderDomain === domain || senderDomain.endsWith(`.${domain}`);
    },
    { path: [contextKeys.senderAddress], message: 'must be an address of the verified domain (carnet:domain)' },
  );

/** Validates the context; the error names every missing or invalid key at once. */
export function parseContext(values: Record<string, unknown>): CarnetContext {
  const input = Object.fromEntries(Object.values(contextKeys).map((key) => [key, values[key] === '' ? undefined : values[key]]));
  const result = contextSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '');
      return input[key] === undefined ? `${key} is missing` : `${key} ${issue.message}`;
    });
    throw new Error(`Invalid CDK context: ${problems.join('; ')}. Set it in cdk.json or pass -c key=value to cdk.`);
  }
  const c = result.data;
  return {
    domain: c[contextKeys.domain],
    senderAddress: c[contextKeys.senderAddress],
    stage: c[contextKeys.stage],
    region: c[contextKeys.region],
    alarmEmail: c[contextKeys.alarmEmail],
  };
}

/** Reads and validates the Carnet keys of the app's context. */
export function readContext(scope: Construct): CarnetContext {
  return parseContext(Object.fromEntries(Object.values(contextKeys).map((key) => [key, scope.node.tryGetContext(key)])));
}
