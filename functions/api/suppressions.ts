import { suppressionParams } from '../../shared/suppressions';
import { liftSuppression, listSuppressions } from '../sending';
import { adminRoute, empty, json, route, router } from './openapi';
import { SuppressionList, withOpenApi } from './schemas';

const emailParam = suppressionParams.extend({
  email: withOpenApi(suppressionParams.shape.email, {
    param: { description: 'The address, URL-encoded.' },
    example: 'bounce%40example.org',
  }),
});

/** "Adresses en échec": addresses that bounced hard or complained, and lifting one (admin). */
export const suppressionRoutes = router()
  .openapi(
    route({
      method: 'get',
      path: '/suppressions',
      operationId: 'listSuppressions',
      tags: ['Suppressions'],
      summary: 'List suppressed addresses',
      description: 'The organisation’s addresses that bounced hard or complained and are no longer sent to, most recent first.',
      responses: { 200: json(SuppressionList, 'Suppressed addresses') },
    }),
    async (c) => c.json({ items: await listSuppressions(c.get('actor').orgId) }, 200),
  )
  .openapi(
    adminRoute({
      method: 'delete',
      path: '/suppressions/{email}',
      operationId: 'liftSuppression',
      tags: ['Suppressions'],
      summary: 'Lift a suppression',
      description: 'Lifts the suppression of an address so it can be sent to again; who and when are recorded.',
      request: { params: emailParam },
      responses: { 204: empty('Lifted') },
    }),
    async (c) => {
      const actor = c.get('actor');
      await liftSuppression(actor.orgId, c.req.valid('param').email, { userId: actor.userId, apiKeyId: actor.apiKeyId, name: actor.name });
      return c.body(null, 204);
    },
  );
