import { suppressionList, suppressionParams } from '../../shared/suppressions';
import { liftSuppression, listSuppressions } from '../sending';
import { json, requireAdmin, route, router } from './openapi';

/** "Adresses en échec": addresses that bounced hard or complained, and lifting one (admin). */
export const suppressionRoutes = router()
  .openapi(
    route({
      method: 'get',
      path: '/suppressions',
      summary: 'The organisation’s addresses that bounced hard or complained and are no longer sent to, most recent first',
      responses: { 200: json(suppressionList, 'Suppressed addresses') },
    }),
    async (c) => c.json({ items: await listSuppressions(c.get('actor').orgId) }, 200),
  )
  .openapi(
    route({
      method: 'delete',
      path: '/suppressions/{email}',
      summary: 'Lifts the suppression of an address (URL-encoded), so it can be sent to again; who and when are recorded (admin)',
      request: { params: suppressionParams },
      responses: { 204: { description: 'Lifted' }, 403: { description: 'Not an administrator' } },
    }),
    async (c) => {
      const actor = c.get('actor');
      requireAdmin(actor);
      await liftSuppression(actor.orgId, c.req.valid('param').email, { userId: actor.userId, apiKeyId: actor.apiKeyId, name: actor.name });
      return c.body(null, 204);
    },
  );
