import { z } from 'zod';
import { displayModules, displayOptionDefaults } from '../../shared/display-options';
import { me } from '../../shared/schemas';
import { getDisplayOptions, saveDisplayOptions } from '../display-options';
import { getOrganization } from '../organizations';
import { getUser } from '../users';
import { json, jsonBody, route, router } from './openapi';

const displayOptionsSchema = z
  .object(
    Object.fromEntries(
      displayModules.map((m) => [
        m,
        z.strictObject(Object.fromEntries(Object.keys(displayOptionDefaults[m]).map((f) => [f, z.boolean().optional()]))).optional(),
      ]),
    ),
  )
  .strict();

export const meRoutes = router()
  .openapi(
    route({
      method: 'get',
      path: '/me',
      summary: 'Who is calling, their organisation and its modules',
      responses: { 200: json(me, 'The caller') },
    }),
    async (c) => {
      const actor = c.get('actor');
      const org = await getOrganization(actor.orgId);
      const user = actor.userId ? await getUser(actor.orgId, actor.userId) : null;
      return c.json(
        {
          user: user ? { id: user.id, email: user.email, firstName: user.firstName, lastName: user.lastName, role: user.role } : null,
          apiKey: actor.apiKeyId ? { id: actor.apiKeyId, name: actor.name } : null,
          organization: { id: org.id, name: org.name },
          modules: org.settings.modules,
        },
        200,
      );
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/me/display-options',
      summary: "Options d'affichage: the caller's shown/hidden optional fields, per module",
      responses: { 200: json(displayOptionsSchema, 'Every module with its fields, defaults filled in') },
    }),
    async (c) => {
      const actor = c.get('actor');
      return c.json(await getDisplayOptions(actor.orgId, actor.principalId), 200);
    },
  )
  .openapi(
    route({
      method: 'put',
      path: '/me/display-options',
      summary: "Saves the caller's display options (missing fields keep their defaults)",
      request: { body: jsonBody(displayOptionsSchema) },
      responses: { 200: json(displayOptionsSchema, 'The saved options, defaults filled in') },
    }),
    async (c) => {
      const actor = c.get('actor');
      const body = c.req.valid('json') as Record<string, Record<string, boolean>>;
      return c.json(await saveDisplayOptions(actor.orgId, actor.principalId, body), 200);
    },
  );
