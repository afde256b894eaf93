import { DEFAULT_TEMPLATES, type MailTemplate, type MailTemplateInput, type TemplateType } from '../../shared/templates';
import { orgPartition } from '../lib/keys';
import { uncounted } from '../lib/metrics';
import { getItem, now, putItem } from '../lib/store';

/**
 * The organisation's mail templates (Paramètres → Modèles d'email), one item per document type
 * under the organisation; a type never saved reads as the default template.
 */
interface TemplateItem {
  pk: string;
  sk: string;
  type: 'mailTemplate';
  templateType: TemplateType;
  subject: string;
  body: string;
  updatedAt: string;
}

const templateKey = (orgId: string, type: TemplateType) => ({ pk: orgPartition(orgId), sk: `TEMPLATE#${type}` });

const fromItem = (type: TemplateType, item: TemplateItem | undefined): MailTemplate =>
  item ? { subject: item.subject, body: item.body, isDefault: false } : { ...DEFAULT_TEMPLATES[type], isDefault: true };

// Read on every send: cached briefly per instance, like the settings (and not counted as the call's).
const CACHE_MS = 5_000;
const cache = new Map<string, { at: number; template: MailTemplate }>();

export async function getMailTemplate(orgId: string, type: TemplateType): Promise<MailTemplate> {
  const id = `${orgId}|${type}`;
  const hit = cache.get(id);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.template;
  const template = fromItem(type, await uncounted(() => getItem<TemplateItem>(templateKey(orgId, type), false)));
  cache.set(id, { at: Date.now(), template });
  return template;
}

export async function saveMailTemplate(orgId: string, type: TemplateType, input: MailTemplateInput): Promise<MailTemplate> {
  const item: TemplateItem = {
    ...templateKey(orgId, type),
    type: 'mailTemplate',
    templateType: type,
    subject: input.subject.trim(),
    body: input.body.replace(/\r\n/g, '\n').trim(),
    updatedAt: now(),
  };
  await putItem(item);
  cache.delete(`${orgId}|${type}`);
  return fromItem(type, item);
}
