import { z } from 'zod';
import {
  apiKey,
  apiKeyCreate,
  apiKeyCreated,
  settings,
  settingsPatch,
  user,
  userCreate,
  userCreated,
  userPatch,
} from '../../shared/schemas';
import { createApiKey, listApiKeys, revokeApiKey } from '../api-keys';
import { getSettings, updateSettings } from '../organizations';
import { createUser, disableUser, listUsers, updateUser } from '../users';
import { clearCredentialCache } from './auth';
import { json, jsonBody, requireAdmin, route, router } from './openapi';

const userParams = z.object({ userId: z.string().max(64) });
const keyParams = z.object({ keyId: z.string().max(64) });

/** Paramètres: modules, sender, users and API keys (admins only, except reading settings). */
export const settingsRoutes = router()
  .openapi(
    route({ method: 'get', path: '/settings', summary: 'The organisation’s settings', responses: { 200: json(settings, 'Settings') } }),
    async (c) => c.json(await getSettings(c.get('actor').orgId), 200),
  )
  .openapi(
    route({
      method: 'patch',
      path: '/settings',
      summary: 'Switches modules on or off (data is kept), sets the sender name and reply-to (admin)',
      request: { body: jsonBody(settingsPatch) },
      responses: { 200: json(settings, 'Settings') },
    }),
    async (c) => {
      const actor = c.get('actor');
      requireAdmin(actor);
      return c.json(await updateSettings(actor.orgId, c.req.valid('json')), 200);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/users',
      summary: 'The organisation’s users (admin)',
      responses: { 200: json(z.object({ items: z.array(user) }), 'Users') },
    }),
    async (c) => {
      const actor = c.get('actor');
      requireAdmin(actor);
      return c.json({ items: await listUsers(actor.orgId) }, 200);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/users',
      summary: 'Invites a user: a Cognito user with a temporary password, shown once (admin)',
      request: { body: jsonBody(userCreate) },
      responses: { 201: json(userCreated, 'The invited user and their temporary password') },
    }),
    async (c) => {
      const actor = c.get('actor');
      requireAdmin(actor);
      return c.json(await createUser(actor.orgId, c.req.valid('json')), 201);
    },
  )
  .openapi(
    route({
      method: 'patch',
      path: '/users/{userId}',
      summary: 'Changes a user’s names, role or status (admin)',
      request: { params: userParams, body: jsonBody(userPatch) },
      responses: { 200: json(user, 'The user') },
    }),
    async (c) => {
      const actor = c.get('actor');
      requireAdmin(actor);
      const updated = await updateUser(actor.orgId, c.req.valid('param').userId, c.req.valid('json'));
      clearCredentialCache();
      return c.json(updated, 200);
    },
  )
  .openapi(
    route({
      method: 'delete',
      path: '/users/{userId}',
      summary: 'Disables a user (never erases their sends) (admin)',
      request: { params: userParams },
      responses: { 200: json(user, 'The disabled user') },
    }),
    async (c) => {
      const actor = c.get('actor');
      requireAdmin(actor);
      const disabled = await disableUser(actor.orgId, c.req.valid('param').userId);
      clearCredentialCache();
      return c.json(disabled, 200);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/api-keys',
      summary: 'API keys (admin)',
      responses: { 200: json(z.object({ items: z.array(apiKey) }), 'Keys, without secrets') },
    }),
    async (c) => {
      const actor = c.get('actor');
      requireAdmin(actor);
      return c.json({ items: await listApiKeys(actor.orgId) }, 200);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/api-keys',
      summary: 'Creates an API key; its secret appears only in this answer (admin)',
      request: { body: jsonBody(apiKeyCreate) },
      responses: { 201: json(apiKeyCreated, 'The key with its secret') },
    }),
    async (c) => {
      const actor = c.get('actor');
      requireAdmin(actor);
      return c.json(await createApiKey(actor.orgId, c.req.valid('json')), 201);
    },
  )
  .openapi(
    route({
      method: 'delete',
      path: '/api-keys/{keyId}',
      summary: 'Revokes an API key (admin)',
      request: { params: keyParams },
      responses: { 204: { description: 'Revoked' } },
    }),
    async (c) => {
      const actor = c.get('actor');
      requireAdmin(actor);
      await revokeApiKey(actor.orgId, c.req.valid('param').keyId);
      clearCredentialCache();
      return c.body(null, 204);
    },
  );
