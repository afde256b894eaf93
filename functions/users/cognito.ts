import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { randomInt } from 'node:crypto';
import { config } from '../lib/config';
import { AppError } from '../lib/errors';
import { logger } from '../lib/logger';

/** The user pool: employees sign in with their email. */
let client: CognitoIdentityProviderClient | undefined;
function cognito() {
  const cfg = config();
  client ??= new CognitoIdentityProviderClient({
    region: cfg.region,
    ...(cfg.cognito.endpoint ? { endpoint: cfg.cognito.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  return client;
}

async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'UsernameExistsException') throw new AppError('conflict', 'A user with this email already exists');
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

export async function createCognitoUser(input: {
  email: string;
  firstName: string | null;
  lastName: string | null;
  password: string;
  permanent: boolean;
}): Promise<{ sub: string }> {
  const cfg = config();
  const attributes = [
    { Name: 'email', Value: input.email },
    { Name: 'email_verified', Value: 'true' },
    ...(input.firstName ? [{ Name: 'given_name', Value: input.firstName }] : []),
    ...(input.lastName ? [{ Name: 'family_name', Value: input.lastName }] : []),
  ];
  const out = await call('AdminCreateUser', () =>
    cognito().send(
      new AdminCreateUserCommand({
        UserPoolId: cfg.cognito.userPoolId,
        Username: input.email,
        UserAttributes: attributes,
        TemporaryPassword: input.password,
        // Locally nobody receives Cognito's invitation mail: the admin hands the password over.
        MessageAction: cfg.cognito.endpoint || input.permanent ? 'SUPPRESS' : undefined,
      }),
    ),
  );
  if (input.permanent) {
    await call('AdminSetUserPassword', () =>
      cognito().send(
        new AdminSetUserPasswordCommand({
          UserPoolId: cfg.cognito.userPoolId,
          Username: input.email,
          Password: input.password,
          Permanent: true,
        }),
      ),
    );
  }
  const sub = out.User?.Attributes?.find((a) => a.Name === 'sub')?.Value ?? out.User?.Username;
  if (!sub) throw new AppError('upstream_failed', 'The sign-in service returned no user id');
  return { sub };
}

export async function setCognitoUserEnabled(email: string, enabled: boolean) {
  const cfg = config();
  const Command = enabled ? AdminEnableUserCommand : AdminDisableUserCommand;
  await call('AdminEnable/DisableUser', () => cognito().send(new Command({ UserPoolId: cfg.cognito.userPoolId, Username: email })));
}

export async function updateCognitoNames(email: string, firstName: string | null, lastName: string | null) {
  const cfg = config();
  await call('AdminUpdateUserAttributes', () =>
    cognito().send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: cfg.cognito.userPoolId,
        Username: email,
        UserAttributes: [
          { Name: 'given_name', Value: firstName ?? '' },
          { Name: 'family_name', Value: lastName ?? '' },
        ],
      }),
    ),
  );
}
