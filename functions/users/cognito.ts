import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { randomInt } from 'node:crypto';
import { authConfig } from '../lib/config';
import { AppError } from '../lib/errors';
import { logger } from '../lib/logger';

/** The user pool: employees sign in with their email. */
let client: CognitoIdentityProviderClient | undefined;
function cognito() {
  const cfg = authConfig();
  client ??= new CognitoIdentityProviderClient({
    region: cfg.region,
    ...(cfg.endpoint ? { endpoint: cfg.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  return client;
}

class UsernameExists extends Error {}

async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'UsernameExistsException') throw new UsernameExists();
    logger.error('cognito call failed', { what, error: String(error) });
    throw new AppError('upstream_failed', 'The sign-in service did not answer; try again');
  }
}

/** A temporary password that satisfies the pool's policy (upper, lower, digit, symbol, 12+). */
export function temporaryPassword(): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!@#%&*?'];
  const chars = sets.map((s) => s[randomInt(s.length)]);
  const all = sets.join('');
  while (chars.length < 14) chars.push(all[randomInt(all.length)]);
  return chars.sort(() => randomInt(3) - 1).join('');
}

const subOf = (attributes: { Name?: string; Value?: string }[] | undefined) => attributes?.find((a) => a.Name === 'sub')?.Value;

/**
 * Creates the Cognito user, or finds it when the email is already a username (`existed`): the
 * caller decides whether that is someone else's account or an interrupted invite to resume.
 */
export async function createCognitoUser(input: CognitoUserInput): Promise<{ sub: string; existed: boolean }> {
  const cfg = authConfig();
  let sub: string | undefined;
  try {
    const out = await call('AdminCreateUser', () =>
      cognito().send(
        new AdminCreateUserCommand({
          UserPoolId: cfg.userPoolId,
          Username: input.email,
          UserAttributes: attributesOf(input),
          TemporaryPassword: input.password,
          // Locally nobody receives Cognito's invitation mail: the admin hands the password over.
          MessageAction: cfg.endpoint || input.permanent ? 'SUPPRESS' : undefined,
        }),
      ),
    );
    sub = subOf(out.User?.Attributes) ?? out.User?.Username;
  } catch (error) {
    if (!(error instanceof UsernameExists)) throw error;
    const existing = await call('AdminGetUser', () =>
      cognito().send(new AdminGetUserCommand({ UserPoolId: cfg.userPoolId, Username: input.email })),
    );
    const found = subOf(existing.UserAttributes) ?? existing.Username;
    if (!found) throw new AppError('upstream_failed', 'The sign-in service returned no user id');
    return { sub: found, existed: true };
  }
  if (input.permanent) await setPassword(input.email, input.password, true);
  if (!sub) throw new AppError('upstream_failed', 'The sign-in service returned no user id');
  return { sub, existed: false };
}

/** Resumes an interrupted invite: the Cognito user gets the new password and names, and is enabled. */
export async function adoptCognitoUser(input: CognitoUserInput): Promise<void> {
  const cfg = authConfig();
  await setPassword(input.email, input.password, input.permanent);
  await call('AdminUpdateUserAttributes', () =>
    cognito().send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: cfg.userPoolId,
        Username: input.email,
        UserAttributes: attributesOf(input),
      }),
    ),
  );
  await setCognitoUserEnabled(input.email, true);
}

interface CognitoUserInput {
  email: string;
  firstName: string | null;
  lastName: string | null;
  password: string;
  permanent: boolean;
}

const attributesOf = (input: CognitoUserInput) => [
  { Name: 'email', Value: input.email },
  { Name: 'email_verified', Value: 'true' },
  ...(input.firstName ? [{ Name: 'given_name', Value: input.firstName }] : []),
  ...(input.lastName ? [{ Name: 'family_name', Value: input.lastName }] : []),
];

async function setPassword(email: string, password: string, permanent: boolean) {
  const cfg = authConfig();
  await call('AdminSetUserPassword', () =>
    cognito().send(
      new AdminSetUserPasswordCommand({ UserPoolId: cfg.userPoolId, Username: email, Password: password, Permanent: permanent }),
    ),
  );
}

export async function setCognitoUserEnabled(email: string, enabled: boolean) {
  const cfg = authConfig();
  const Command = enabled ? AdminEnableUserCommand : AdminDisableUserCommand;
  await call('AdminEnable/DisableUser', () => cognito().send(new Command({ UserPoolId: cfg.userPoolId, Username: email })));
}

export async function updateCognitoNames(email: string, firstName: string | null, lastName: string | null) {
  const cfg = authConfig();
  await call('AdminUpdateUserAttributes', () =>
    cognito().send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: cfg.userPoolId,
        Username: email,
        UserAttributes: [
          { Name: 'given_name', Value: firstName ?? '' },
          { Name: 'family_name', Value: lastName ?? '' },
        ],
      }),
    ),
  );
}
