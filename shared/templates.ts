/**
 * Mail templates per document type (Paramètres → Modèles d'email): a subject and a body with
 * `{{variables}}`. The send dialog is pre-filled with the rendered template and what the user
 * leaves there is exactly what the recipient reads: a typed message REPLACES the body, greeting
 * and sign-off included, so nothing is ever doubled.
 */
import { z } from 'zod';
import { line, text } from './text';

export const templateType = z.enum(['invoice', 'quote', 'intervention', 'credit_note']);
export type TemplateType = z.infer<typeof templateType>;

export const TEMPLATE_VARIABLES = [
  'recipient.firstName',
  'recipient.lastName',
  'recipient.name',
  'document.type',
  'document.number',
  'document.date',
  'document.dueDate',
  'document.validUntil',
  'document.totalGross',
  'document.title',
  'client.name',
  'organization.name',
  'sender.name',
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];
export type TemplateValues = Partial<Record<TemplateVariable, string | null>>;

const VARIABLE = /\{\{\s*([a-zA-Z.]+)\s*\}\}/g;

/** Every `{{name}}` of a text that is not a known variable. */
export function unknownVariables(value: string): string[] {
  const known = new Set<string>(TEMPLATE_VARIABLES);
  return [...value.matchAll(VARIABLE)].map((m) => m[1] ?? '').filter((name) => !known.has(name));
}

const knownVariablesOnly = (v: string) => unknownVariables(v).length === 0;
const unknownMessage = { message: `uses an unknown variable; known: ${TEMPLATE_VARIABLES.map((v) => `{{${v}}}`).join(', ')}` };

export const mailTemplateInput = z.strictObject({
  subject: line(200)
    .refine((v) => v.trim().length > 0, 'is required')
    .refine(knownVariablesOnly, unknownMessage),
  body: text(10_000)
    .refine((v) => v.trim().length > 0, 'is required')
    .refine(knownVariablesOnly, unknownMessage),
});
export const mailTemplate = z.object({ subject: z.string(), body: z.string(), isDefault: z.boolean() });
export type MailTemplateInput = z.infer<typeof mailTemplateInput>;
export type MailTemplate = z.infer<typeof mailTemplate>;

const SIGN_OFF = 'Cordialement,\n{{sender.name}}\n{{organization.name}}';

export const DEFAULT_TEMPLATES: Record<TemplateType, MailTemplateInput> = {
  invoice: {
    subject: 'Facture {{document.number}} — {{organization.name}}',
    body: `Bonjour {{recipient.firstName}},\n\nVeuillez trouver ci-joint notre facture {{document.number}} du {{document.date}} d'un montant de {{document.totalGross}} TTC, à régler au plus tard le {{document.dueDate}}.\n\nNous restons à votre disposition pour toute question.\n\n${SIGN_OFF}`,
  },
  quote: {
    subject: 'Devis {{document.number}} — {{organization.name}}',
    body: `Bonjour {{recipient.firstName}},\n\nVeuillez trouver ci-joint notre devis {{document.number}} du {{document.date}} d'un montant de {{document.totalGross}} TTC, valable jusqu'au {{document.validUntil}}.\n\nNous restons à votre disposition pour toute question.\n\n${SIGN_OFF}`,
  },
  intervention: {
    subject: "Rapport d'intervention {{document.number}} — {{organization.name}}",
    body: `Bonjour {{recipient.firstName}},\n\nVeuillez trouver ci-joint le rapport de l'intervention {{document.number}} du {{document.date}}.\n\nNous restons à votre disposition pour toute question.\n\n${SIGN_OFF}`,
  },
  credit_note: {
    subject: 'Avoir {{document.number}} — {{organization.name}}',
    body: `Bonjour {{recipient.firstName}},\n\nVeuillez trouver ci-joint notre avoir {{document.number}} du {{document.date}} d'un montant de {{document.totalGross}} TTC.\n\nNous restons à votre disposition pour toute question.\n\n${SIGN_OFF}`,
  },
};

/**
 * Fills the variables; an empty one leaves no trace ("Bonjour {{recipient.firstName}}," becomes
 * "Bonjour," without a first name, and a line that held only empty variables disappears).
 */
export function renderTemplate(template: string, values: TemplateValues): string {
  return template
    .split('\n')
    .flatMap((row) => {
      const hadVariables = VARIABLE.test(row);
      VARIABLE.lastIndex = 0;
      const filled = row
        .replace(VARIABLE, (_, name: string) => values[name as TemplateVariable]?.trim() ?? '')
        .replace(/[ \t]+,/g, ',')
        .replace(/[ \t]{2,}/g, ' ')
        .trimEnd();
      return hadVariables && filled.trim() === '' ? [] : [filled];
    })
    .join('\n');
}

/** The HTML part of a mail from its text: paragraphs, line breaks, everything escaped. */
export function textToHtml(value: string): string {
  const escapeHtml = (s: string) =>
    s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
  return [
    '<!doctype html><html lang="fr"><body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222">',
    ...value
      .trim()
      .split(/\n{2,}/)
      .map((p) => `<p>${escapeHtml(p).replace(/\r?\n/g, '<br>')}</p>`),
    '</body></html>',
  ].join('\n');
}
