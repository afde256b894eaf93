import { ulid } from 'ulid';
import type { Role, User, UserCreate, UserPatch } from '../../shared/schemas';
import { clean } from '../../shared/text';
import { AppError, notFound } from '../lib/errors';
import { orgPartition } from '../lib/keys';
import { getItem, now, query, transact, isConditionFailure } from '../lib/store';
import { createCognitoUser, setCognitoUserEnabled, temporaryPassword, updateCognitoNames } from './cognito';

/**
 * Users (employees) of an organisation. The user item lives under the organisation; a lookup item
 * keyed by the Cognito `sub` lets a token find its organisation and role with one GetItem.
 */
interface UserItem {
  pk: string;
  sk: string;
  type: 'user';
  orgId: string;
  userId: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  role: Role;
  status: 'active' | 'disabled';
  sub: string;
  createdAt: string;
  updatedAt: string;
}

interface SubLookupItem {
  pk: string;
  sk: 'SUB';
  type: 'userSub';
  orgId: string;
  userId: string;
  role: Role;
  status: 'active' | 'disabled';
}

const userKey = (orgId: string, userId: string) => ({ pk: orgPartition(orgId), sk: `USER#${userId}` });
const subKey = (sub: string) => ({ pk: `SUB#${sub}`, sk: 'SUB' as const });

const toUser = (i: UserItem): User => ({
  id: i.userId,
  email: i.email,
  firstName: i.firstName,
  lastName: i.lastName,
  role: i.role,
  status: i.status,
  createdAt: i.createdAt,
});

export async function createUser(orgId: string, input: UserCreate & { password?: string }): Promise<User & { temporaryPassword: string }> {
  const email = input.email.trim().toLowerCase();
  const firstName = clean(input.firstName);
  const lastName = clean(input.lastName);
  const password = input.password ?? temporaryPassword();
  const { sub } = await createCognitoUser({ email, firstName, lastName, password, permanent: Boolean(input.password) });
  const userId = ulid();
  const at = now();
  const role = input.role ?? 'member';
  const item: UserItem = {
    ...userKey(orgId, userId),
    type: 'user',
    orgId,
    userId,
    email,
    firstName,
    lastName,
    role,
    status: 'active',
    sub,
    createdAt: at,
    updatedAt: at,
  };
  const lookup: SubLookupItem = { ...subKey(sub), type: 'userSub', orgId, userId, role, status: 'active' };
  await transact([
    { Put: { Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
    { Put: { Item: lookup, ConditionExpression: 'attribute_not_exists(pk)' } },
  ]);
  return { ...toUser(item), temporaryPassword: password };
}

export async function listUsers(orgId: string): Promise<User[]> {
  const { items } = await query<UserItem>({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
    ExpressionAttributeValues: { ':pk': orgPartition(orgId), ':sk': 'USER#' },
  });
  return items.map(toUser);
}

export async function getUser(orgId: string, userId: string): Promise<User> {
  const item = await getItem<UserItem>(userKey(orgId, userId));
  if (!item) throw notFound('User');
  return toUser(item);
}

export async function updateUser(orgId: string, userId: string, patch: UserPatch): Promise<User> {
  const current = await getItem<UserItem>(userKey(orgId, userId));
  if (!current) throw notFound('User');
  const next: UserItem = {
    ...current,
    firstName: 'firstName' in patch ? clean(patch.firstName) : current.firstName,
    lastName: 'lastName' in patch ? clean(patch.lastName) : current.lastName,
    role: patch.role ?? current.role,
    status: patch.status ?? current.status,
    updatedAt: now(),
  };
  if (next.status !== current.status) await setCognitoUserEnabled(current.email, next.status === 'active');
  if (next.firstName !== current.firstName || next.lastName !== current.lastName) {
    await updateCognitoNames(current.email, next.firstName, next.lastName);
  }
  try {
    await transact(
      [
        { Put: { Item: next, ConditionExpression: 'updatedAt = :u', ExpressionAttributeValues: { ':u': current.updatedAt } } },
        {
          Update: {
            Key: subKey(current.sub),
            UpdateExpression: 'SET #role = :r, #status = :s',
            ExpressionAttributeNames: { '#role': 'role', '#status': 'status' },
            ExpressionAttributeValues: { ':r': next.role, ':s': next.status },
          },
        },
      ],
      () => new AppError('conflict', 'The user changed meanwhile; reload and try again'),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new AppError('conflict', 'The user changed meanwhile; reload and try again');
    throw error;
  }
  return toUser(next);
}

/** DELETE disables: the user can no longer sign in, and every send they made keeps their name. */
export async function disableUser(orgId: string, userId: string): Promise<User> {
  return updateUser(orgId, userId, { status: 'disabled' });
}

/** For authentication: the organisation, user and role behind a Cognito `sub`. */
export async function findUserBySub(sub: string): Promise<(User & { orgId: string }) | undefined> {
  const lookup = await getItem<SubLookupItem>(subKey(sub));
  if (!lookup) return undefined;
  const item = await getItem<UserItem>(userKey(lookup.orgId, lookup.userId));
  return item ? { ...toUser(item), orgId: item.orgId } : undefined;
}
