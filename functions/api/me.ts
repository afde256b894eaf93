import { getDisplayOptions, saveDisplayOptions } from '../display-options';
import { getOrganization } from '../organizations';
import { getUser } from '../users';
import { json, jsonBody, route, router } from './openapi';
import { DisplayOptions, Me } from './schemas';

export const meRoutes = router()
  .openapi(
    route({
      method: 'get',
      path: '/me',
      operationId: 'getMe',
      tags: ['Me'],
      summary: 'Who is calling',
      description: 'The caller (a user or an API key), their organisation and its modules.',
      responses: { 200: json(Me, 'The caller') },
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
      operationId: 'getDisplayOptions',
      tags: ['Me'],
      summary: 'Get the caller’s display options',
      description: "Options d'affichage: the caller's shown and hidden optional fields, per module, defaults filled in.",
      responses: { 200: json(DisplayOptions, 'Every module with its fields, defaults filled in') },
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
      operationId: 'saveDisplayOptions',
      tags: ['Me'],
      summary: 'Save the caller’s display options',
      description: "Saves the caller's display options; missing fields keep their defaults.",
      request: { body: jsonBody(DisplayOptions) },
      responses: { 200: json(DisplayOptions, 'The saved options, defaults filled in') },
    }),
    async (c) => {
      const actor = c.get('actor');
      const body = c.req.valid('json') as Record<string, Record<string, boolean>>;
      return c.json(await saveDisplayOptions(actor.orgId, actor.principalId, body), 200);
    },
  );
