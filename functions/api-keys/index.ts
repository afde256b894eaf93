import { createHash, randomBytes } from 'node:crypto';
import { ulid } from 'ulid';
import type { ApiKey, Role } from '../../shared/schemas';
import { notFound } from '../lib/errors';
import { orgPartition } from '../lib/keys';
import { getItem, now, query, transact, updateItem } from '../lib/store';

/**
 * API keys for integrations: `ck_` + 32 random bytes. Only the SHA-256 of the secret is stored;
 * a lookup item keyed by that hash finds the key's organisation with one GetItem.
 */
interface ApiKeyItem {
  pk: string;
  sk: string;
  type: 'apiKey';
  orgId: string;
  keyId: string;
  name: string;
  role: Role;
  hash: string;
  createdAt: string;
  lastUsedAt: string | null;
}

interface HashLookupItem {
  pk: string;
  sk: 'KEYHASH';
  type: 'apiKeyHash';
  orgId: string;
  keyId: string;
  name: string;
  role: Role;
}

const keyKey = (orgId: string, keyId: string) => ({ pk: orgPartition(orgId), sk: `APIKEY#${keyId}` });
const hashKey = (hash: string) => ({ pk: `KEYHASH#${hash}`, sk: 'KEYHASH' as const });
const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

const toApiKey = (i: ApiKeyItem): ApiKey => ({
  id: i.keyId,
  name: i.name,
  role: i.role,
  createdAt: i.createdAt,
  lastUsedAt: i.lastUsedAt,
});

export const isApiKeySecret = (token: string) => token.startsWith('ck_');

export async function createApiKey(orgId: string, input: { name: string; role?: Role }): Promise<ApiKey & { secret: string }> {
  const secret = `ck_${randomBytes(32).toString('base64url')}`;
  const hash = hashOf(secret);
  const keyId = ulid();
  const role = input.role ?? 'admin';
  const name = input.name.trim();
  const item: ApiKeyItem = {
    ...keyKey(orgId, keyId),
    type: 'apiKey',
    orgId,
    keyId,
    name,
    role,
    hash,
    createdAt: now(),
    lastUsedAt: null,
  };
  const lookup: HashLookupItem = { ...hashKey(hash), type: 'apiKeyHash', orgId, keyId, name, role };
  await transact([
    { Put: { Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
    { Put: { Item: lookup, ConditionExpression: 'attribute_not_exists(pk)' } },
  ]);
  return { ...toApiKey(item), secret };
}

export async function listApiKeys(orgId: string): Promise<ApiKey[]> {
  const { items } = await query<ApiKeyItem>({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
    ExpressionAttributeValues: { ':pk': orgPartition(orgId), ':sk': 'APIKEY#' },
  });
  return items.map(toApiKey);
}

export async function revokeApiKey(orgId: string, keyId: string): Promise<void> {
  const item = await getItem<ApiKeyItem>(keyKey(orgId, keyId));
  if (!item) throw notFound('API key');
  await transact([{ Delete: { Key: keyKey(orgId, keyId) } }, { Delete: { Key: hashKey(item.hash) } }]);
}

/** For authentication: the key behind a secret, or undefined. Records when it was last used. */
export async function findApiKeyBySecret(secret: string): Promise<{ orgId: string; id: string; name: string; role: Role } | undefined> {
  const lookup = await getItem<HashLookupItem>(hashKey(hashOf(secret)));
  if (!lookup) return undefined;
  await updateItem({
    Key: keyKey(lookup.orgId, lookup.keyId),
    UpdateExpression: 'SET lastUsedAt = :t',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':t': now() },
  }).catch(() => undefined);
  return { orgId: lookup.orgId, id: lookup.keyId, name: lookup.name, role: lookup.role };
}
