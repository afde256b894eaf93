/** Paramètres → Modèles d'email: subject and text per document type, with variables and a live preview. */
import { action, createAsync, useAction, useSubmission } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { renderTemplate, TEMPLATE_VARIABLES, type TemplateValues } from '../../../shared/templates';
import { SelectField, TextArea, TextField } from '../../components/fields';
import { FormActions } from '../../components/form-actions';
import { t } from '../../i18n';
import { api, getMailTemplate, type MailTemplate, type TemplateType } from '../../lib/api';
import { fieldErrors } from '../../lib/forms';
import { Panel, type SettingsSection } from './section';

const TYPES: TemplateType[] = ['invoice', 'quote', 'intervention', 'credit_note'];

/** What the preview fills the variables with: an example, not a real document. */
const EXAMPLE: TemplateValues = {
  'recipient.firstName': 'Karim',
  'recipient.lastName': 'Benali',
  'recipient.name': 'Karim Benali',
  'document.type': 'Facture',
  'document.number': 'F-2026-0003',
  'document.date': '06/12/2026',
  'document.dueDate': '05/01/2027',
  'document.validUntil': '05/01/2027',
  'document.totalGross': '664,00 €',
  'document.title': 'Remplacement du circulateur',
  'client.name': 'Syndic Les Tilleuls',
  'organization.name': 'Dupont Chauffage & Fils',
  'sender.name': 'Claire Dupont',
};

const saveTemplate = action(
  async (type: TemplateType, subject: string, body: string) => api.saveMailTemplate(type, { subject, body }),
  'saveMailTemplate',
);

export const TemplatesSection: SettingsSection = () => {
  const [type, setType] = createSignal<TemplateType>('invoice');
  const template = createAsync(() => getMailTemplate(type()));
  return (
    <Panel id="templates" title={t('settings.templates')}>
      <p class="muted">{t('templates.intro')}</p>
      <SelectField
        label={t('templates.type')}
        value={type()}
        onChange={(v) => setType(v as TemplateType)}
        options={TYPES.map((value) => ({ value, label: t(`templates.type.${value}`) }))}
      />
      <Show when={template()} keyed>
        {(current) => <TemplateForm type={type()} template={current} />}
      </Show>
    </Panel>
  );
};

function TemplateForm(props: { type: TemplateType; template: MailTemplate }) {
  const [subject, setSubject] = createSignal(props.template.subject);
  const [body, setBody] = createSignal(props.template.body);
  const [saved, setSaved] = createSignal(false);
  const save = useAction(saveTemplate);
  const submission = useSubmission(saveTemplate);
  const errors = () => fieldErrors(submission.error);
  return (
    <form
      class="stack"
      novalidate
      onSubmit={(event) => {
        event.preventDefault();
        setSaved(false);
        save(props.type, subject(), body()).then(
          () => setSaved(true),
          () => undefined,
        );
      }}
    >
      <div class="template-editor">
        <div class="stack">
          <TextField label={t('templates.subject')} value={subject()} onInput={setSubject} error={errors().subject} />
          <TextArea label={t('templates.body')} value={body()} onInput={setBody} rows={12} error={errors().body} />
          <details>
            <summary>{t('templates.variables')}</summary>
            <ul class="template-variables">
              <For each={TEMPLATE_VARIABLES}>{(name) => <li>{`{{${name}}}`}</li>}</For>
            </ul>
          </details>
        </div>
        <section class="template-preview" aria-label={t('templates.preview')}>
          <h3>{t('templates.preview')}</h3>
          <p class="template-preview__subject">{renderTemplate(subject(), EXAMPLE)}</p>
          <pre class="template-preview__body">{renderTemplate(body(), EXAMPLE)}</pre>
        </section>
      </div>
      <Show when={props.template.isDefault}>
        <p class="muted">{t('templates.isDefault')}</p>
      </Show>
      <FormActions pending={submission.pending ?? false} error={submission.error} saved={saved()} submitLabel={t('common.save')} />
    </form>
  );
}
