import { ulid } from 'ulid';
import type { Role, User, UserCreate, UserPatch } from '../../shared/schemas';
import { clean } from '../../shared/text';
import { AppError, notFound } from '../lib/errors';
import { orgPartition } from '../lib/keys';
import { getItem, now, queryAll, transact, type TransactItem } from '../lib/store';
import { adoptCognitoUser, createCognitoUser, setCognitoUserEnabled, temporaryPassword, updateCognitoNames } from './cognito';

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

const USER_PREFIX = 'USER#';
const userKey = (orgId: string, userId: string) => ({ pk: orgPartition(orgId), sk: `${USER_PREFIX}${userId}` });
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

/**
 * Invites a user: a Cognito user, then (one transaction) the user item and its `SUB#` lookup.
 * Cognito and DynamoDB cannot share a transaction, so an invite interrupted between the two (a
 * DynamoDB outage) leaves a Cognito user without membership; inviting the same email again adopts
 * that user (new temporary password, names, enabled) instead of refusing it. An email that does
 * belong to someone (its lookup exists) answers 409.
 */
export async function createUser(orgId: string, input: UserCreate & { password?: string }): Promise<User & { temporaryPassword: string }> {
  const email = input.email.trim().toLowerCase();
  const firstName = clean(input.firstName);
  const lastName = clean(input.lastName);
  const password = input.password ?? temporaryPassword();
  const permanent = Boolean(input.password);
  const created = await createCognitoUser({ email, firstName, lastName, password, permanent });
  const sub = created.sub;
  if (created.existed) {
    if (await getItem<SubLookupItem>(subKey(sub))) throw new AppError('conflict', 'A user with this email already exists');
    await adoptCognitoUser({ email, firstName, lastName, password, permanent });
  }
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
  await transact(
    [
      { Put: { Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { Item: lookup, ConditionExpression: 'attribute_not_exists(pk)' } },
    ],
    // Two invites of the same email at once: the lookup lets one of them in.
    (reasons) => (reasons[1] === 'ConditionalCheckFailed' ? new AppError('conflict', 'A user with this email already exists') : undefined),
  );
  return { ...toUser(item), temporaryPassword: password };
}

async function listUserItems(orgId: string): Promise<UserItem[]> {
  return queryAll<UserItem>({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
    ExpressionAttributeValues: { ':pk': orgPartition(orgId), ':sk': USER_PREFIX },
  });
}

export async function listUsers(orgId: string): Promise<User[]> {
  return (await listUserItems(orgId)).map(toUser);
}

export async function getUser(orgId: string, userId: string): Promise<User> {
  const item = await getItem<UserItem>(userKey(orgId, userId));
  if (!item) throw notFound('User');
  return toUser(item);
}

const isActiveAdmin = (u: Pick<UserItem, 'role' | 'status'>) => u.role === 'admin' && u.status === 'active';

/**
 * Changes names, role or status. The organisation always keeps one active admin: demoting or
 * disabling the last one answers 409 `last_admin`. The transaction that does it checks that
 * another admin is still an active admin at commit time, so two admins demoting each other at
 * once cannot both succeed. DynamoDB is written first (the API trusts the `SUB#` lookup's status),
 * then Cognito is brought in line; a status given again re-syncs Cognito if that step failed.
 */
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
  const checks: TransactItem[] = [];
  if (isActiveAdmin(current) && !isActiveAdmin(next)) {
    const other = (await listUserItems(orgId)).find((u) => u.userId !== userId && isActiveAdmin(u));
    if (!other) throw lastAdmin();
    checks.push({
      ConditionCheck: {
        Key: userKey(orgId, other.userId),
        ConditionExpression: '#role = :admin AND #status = :active',
        ExpressionAttributeNames: { '#role': 'role', '#status': 'status' },
        ExpressionAttributeValues: { ':admin': 'admin', ':active': 'active' },
      },
    });
  }
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
      ...checks,
    ],
    (reasons) => (reasons[2] === 'ConditionalCheckFailed' ? lastAdmin() : changedMeanwhile()),
  );
  if (patch.status) await setCognitoUserEnabled(current.email, next.status === 'active');
  if (next.firstName !== current.firstName || next.lastName !== current.lastName) {
    await updateCognitoNames(current.email, next.firstName, next.lastName);
  }
  return toUser(next);
}

const lastAdmin = () =>
  new AppError('conflict', 'This is the organisation’s last active admin: make another user admin first', { reason: 'last_admin' });
const changedMeanwhile = () => new AppError('conflict', 'The user changed meanwhile; reload and try again');

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
