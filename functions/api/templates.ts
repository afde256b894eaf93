import { z } from 'zod';
import { mailTemplate, mailTemplateInput, templateType } from '../../shared/templates';
import { getMailTemplate, saveMailTemplate } from '../organizations/templates';
import { json, jsonBody, requireAdmin, route, router } from './openapi';

const templateParams = z.object({ type: templateType });

/** Paramètres → Modèles d'email: one template per document type (admins change them). */
export const templateRoutes = router()
  .openapi(
    route({
      method: 'get',
      path: '/settings/templates/{type}',
      summary: 'The mail template of a document type (the default one until an admin saves one)',
      request: { params: templateParams },
      responses: { 200: json(mailTemplate, 'The template') },
    }),
    async (c) => c.json(await getMailTemplate(c.get('actor').orgId, c.req.valid('param').type), 200),
  )
  .openapi(
    route({
      method: 'put',
      path: '/settings/templates/{type}',
      summary: 'Saves the mail template of a document type (admin); variables such as {{document.number}}',
      request: { params: templateParams, body: jsonBody(mailTemplateInput) },
      responses: { 200: json(mailTemplate, 'The saved template') },
    }),
    async (c) => {
      const actor = c.get('actor');
      requireAdmin(actor);
      return c.json(await saveMailTemplate(actor.orgId, c.req.valid('param').type, c.req.valid('json')), 200);
    },
  );
