import { z } from '@hono/zod-openapi';
import { AppError } from '../lib/errors';
import { createApiKey, listApiKeys, revokeApiKey } from '../api-keys';
import { getSettings, updateSettings } from '../organizations';
import { createUser, disableUser, getUser, listUsers, updateUser } from '../users';
import { clearCredentialCache } from './auth';
import { adminRoute, empty, json, jsonBody, locationOf, params, route, router } from './openapi';
import { ApiKey, ApiKeyCreate, ApiKeyCreated, Settings, SettingsPatch, User, UserCreate, UserCreated, UserPatch } from './schemas';

const UserList = z.object({ items: z.array(User) }).openapi('UserList', { description: 'The organisation’s users.' });
const ApiKeyList = z.object({ items: z.array(ApiKey) }).openapi('ApiKeyList', { description: 'The API keys, without secrets.' });

/**
 * Paramètres: modules, sender, users and API keys. Every change here is an `adminRoute`: the role
 * check is the route's own middleware, declared once in openapi.ts.
 */
export const settingsRoutes = router()
  .openapi(
    route({
      method: 'get',
      path: '/settings',
      operationId: 'getSettings',
      tags: ['Settings'],
      summary: 'Get the settings',
      description: 'The organisation’s modules and sender.',
      responses: { 200: json(Settings, 'Settings') },
    }),
    async (c) => c.json(await getSettings(c.get('actor').orgId), 200),
  )
  .openapi(
    adminRoute({
      method: 'patch',
      path: '/settings',
      operationId: 'updateSettings',
      tags: ['Settings'],
      summary: 'Change the settings',
      description: 'Switches modules on or off (their data is kept), sets the sender name and reply-to.',
      request: { body: jsonBody(SettingsPatch) },
      responses: { 200: json(Settings, 'Settings') },
    }),
    async (c) => c.json(await updateSettings(c.get('actor').orgId, c.req.valid('json')), 200),
  )
  .openapi(
    adminRoute({
      method: 'get',
      path: '/users',
      operationId: 'listUsers',
      tags: ['Users'],
      summary: 'List users',
      description: 'The organisation’s users.',
      responses: { 200: json(UserList, 'Users') },
    }),
    async (c) => c.json({ items: await listUsers(c.get('actor').orgId) }, 200),
  )
  .openapi(
    adminRoute(
      {
        method: 'post',
        path: '/users',
        operationId: 'inviteUser',
        tags: ['Users'],
        summary: 'Invite a user',
        description: 'Creates a Cognito user with a temporary password, shown once in this answer.',
        request: { body: jsonBody(UserCreate) },
        responses: { 201: json(UserCreated, 'The invited user and their temporary password', 'Location') },
      },
      { 409: 'A user with this email exists.' },
    ),
    async (c) => {
      const created = await createUser(c.get('actor').orgId, c.req.valid('json'));
      c.header('Location', locationOf('users', created.id));
      return c.json(created, 201);
    },
  )
  .openapi(
    adminRoute({
      method: 'get',
      path: '/users/{userId}',
      operationId: 'getUser',
      tags: ['Users'],
      summary: 'Get a user',
      description: 'A user of the organisation.',
      request: { params: params.user },
      responses: { 200: json(User, 'The user') },
    }),
    async (c) => c.json(await getUser(c.get('actor').orgId, c.req.valid('param').userId), 200),
  )
  .openapi(
    adminRoute({
      method: 'patch',
      path: '/users/{userId}',
      operationId: 'updateUser',
      tags: ['Users'],
      summary: 'Update a user',
      description: 'Changes a user’s names, role or status.',
      request: { params: params.user, body: jsonBody(UserPatch) },
      responses: { 200: json(User, 'The user') },
    }),
    async (c) => {
      const updated = await updateUser(c.get('actor').orgId, c.req.valid('param').userId, c.req.valid('json'));
      clearCredentialCache();
      return c.json(updated, 200);
    },
  )
  .openapi(
    adminRoute({
      method: 'delete',
      path: '/users/{userId}',
      operationId: 'disableUser',
      tags: ['Users'],
      summary: 'Disable a user',
      description: 'Disables a user; their sends are never erased.',
      request: { params: params.user },
      responses: { 200: json(User, 'The disabled user') },
    }),
    async (c) => {
      const disabled = await disableUser(c.get('actor').orgId, c.req.valid('param').userId);
      clearCredentialCache();
      return c.json(disabled, 200);
    },
  )
  .openapi(
    adminRoute({
      method: 'get',
      path: '/api-keys',
      operationId: 'listApiKeys',
      tags: ['API keys'],
      summary: 'List API keys',
      description: 'The organisation’s API keys, without their secrets.',
      responses: { 200: json(ApiKeyList, 'Keys, without secrets') },
    }),
    async (c) => c.json({ items: await listApiKeys(c.get('actor').orgId) }, 200),
  )
  .openapi(
    adminRoute({
      method: 'post',
      path: '/api-keys',
      operationId: 'createApiKey',
      tags: ['API keys'],
      summary: 'Create an API key',
      description: 'Creates an API key; its secret appears only in this answer.',
      request: { body: jsonBody(ApiKeyCreate) },
      responses: { 201: json(ApiKeyCreated, 'The key with its secret', 'Location') },
    }),
    async (c) => {
      const created = await createApiKey(c.get('actor').orgId, c.req.valid('json'));
      c.header('Location', locationOf('api-keys', created.id));
      return c.json(created, 201);
    },
  )
  .openapi(
    adminRoute({
      method: 'get',
      path: '/api-keys/{keyId}',
      operationId: 'getApiKey',
      tags: ['API keys'],
      summary: 'Get an API key',
      description: 'An API key, without its secret.',
      request: { params: params.apiKey },
      responses: { 200: json(ApiKey, 'The key') },
    }),
    async (c) => {
      const { keyId } = c.req.valid('param');
      const found = (await listApiKeys(c.get('actor').orgId)).find((k) => k.id === keyId);
      if (!found) throw new AppError('not_found', 'API key not found');
      return c.json(found, 200);
    },
  )
  .openapi(
    adminRoute({
      method: 'delete',
      path: '/api-keys/{keyId}',
      operationId: 'revokeApiKey',
      tags: ['API keys'],
      summary: 'Revoke an API key',
      description: 'Revokes an API key: it is refused from then on.',
      request: { params: params.apiKey },
      responses: { 204: empty('Revoked') },
    }),
    async (c) => {
      await revokeApiKey(c.get('actor').orgId, c.req.valid('param').keyId);
      clearCredentialCache();
      return c.body(null, 204);
    },
  );
