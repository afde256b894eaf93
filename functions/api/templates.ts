import { z } from 'zod';
import { mailTemplate, mailTemplateInput, templateType } from '../../shared/templates';
import { getMailTemplate, saveMailTemplate } from '../organizations/templates';
import { adminRoute, json, jsonBody, route, router } from './openapi';
import { withOpenApi } from './schemas';

const templateParams = z.object({ type: withOpenApi(templateType, { param: { description: 'The document type the template is for.' } }) });
const MailTemplate = withOpenApi(mailTemplate, 'MailTemplate', {
  description: 'A mail template; `isDefault` until an admin saves one.',
  example: { subject: 'Facture {{document.number}}', body: 'Bonjour {{recipient.firstName}},', isDefault: true },
});
const MailTemplateInput = withOpenApi(mailTemplateInput, 'MailTemplateInput', {
  description: 'A mail template with variables such as `{{document.number}}`.',
});

/** Paramètres → Modèles d'email: one template per document type (admins change them). */
export const templateRoutes = router()
  .openapi(
    route({
      method: 'get',
      path: '/settings/templates/{type}',
      operationId: 'getMailTemplate',
      tags: ['Settings'],
      summary: 'Get the mail template of a document type',
      description: 'The mail template of a document type: the default one until an admin saves one.',
      request: { params: templateParams },
      responses: { 200: json(MailTemplate, 'The template') },
    }),
    async (c) => c.json(await getMailTemplate(c.get('actor').orgId, c.req.valid('param').type), 200),
  )
  .openapi(
    adminRoute({
      method: 'put',
      path: '/settings/templates/{type}',
      operationId: 'saveMailTemplate',
      tags: ['Settings'],
      summary: 'Save the mail template of a document type',
      description: 'Saves the mail template of a document type; variables such as `{{document.number}}` are filled in when sending.',
      request: { params: templateParams, body: jsonBody(MailTemplateInput) },
      responses: { 200: json(MailTemplate, 'The saved template') },
    }),
    async (c) => c.json(await saveMailTemplate(c.get('actor').orgId, c.req.valid('param').type, c.req.valid('json')), 200),
  );
