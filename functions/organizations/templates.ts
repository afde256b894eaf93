import { DEFAULT_TEMPLATES, type MailTemplate, type MailTemplateInput, type TemplateType } from '../../shared/templates';
import { orgPartition } from '../lib/keys';
import { batchGet, getItem, now, putItem } from '../lib/store';

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

export async function getMailTemplate(orgId: string, type: TemplateType): Promise<MailTemplate> {
  return fromItem(type, await getItem<TemplateItem>(templateKey(orgId, type), false));
}

export async function getMailTemplates(orgId: string, types: TemplateType[]): Promise<Map<TemplateType, MailTemplate>> {
  const items = await batchGet<TemplateItem>(types.map((t) => templateKey(orgId, t)));
  return new Map(
    types.map((t) => [
      t,
      fromItem(
        t,
        items.find((i) => i.templateType === t),
      ),
    ]),
  );
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
  return fromItem(type, item);
}
