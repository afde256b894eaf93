/** The client record's "Données": the client and its main contact (level 1). */
import { Show, type JSX } from 'solid-js';
import type { ClientCreate } from '../../shared/schemas';
import { t } from '../i18n';
import type { Client } from '../lib/api';
import { shown } from '../lib/display-options';
import { createDraft, fieldErrors } from '../lib/forms';
import { apiStrings, formStrings, orEmpty, orNull } from '../lib/values';
import { CivilityField, type Civility } from './civility-field';
import { CheckboxField, SelectField, TextArea, TextField } from './fields';
import { FormActions } from './form-actions';
import { ifShown, PersonFields } from './person-fields';
import { RecordForm } from './record-form';

export interface ClientFormValue {
  name: string;
  kind: 'company' | 'individual';
  reference: string;
  notes: string;
  archived: boolean;
  mainContact: {
    civility: Civility;
    firstName: string;
    lastName: string;
    email: string;
    phone: string;
    mobile: string;
    fax: string;
  };
}

const MAIN_CONTACT_FIELDS = ['firstName', 'lastName', 'email', 'phone', 'mobile', 'fax'] as const;

export function clientFormValue(client?: Client): ClientFormValue {
  return {
    name: orEmpty(client?.name),
    kind: client?.kind ?? 'company',
    reference: orEmpty(client?.reference),
    notes: orEmpty(client?.notes),
    archived: client?.archived ?? false,
    mainContact: {
      civility: client?.mainContact.civility ?? '',
      ...formStrings(client?.mainContact, MAIN_CONTACT_FIELDS),
    },
  };
}

export function clientInput(value: ClientFormValue): ClientCreate {
  const civility = value.mainContact.civility;
  return {
    name: value.name.trim(),
    kind: value.kind,
    reference: orNull(value.reference),
    notes: orNull(value.notes),
    mainContact: { civility: civility === '' ? null : civility, ...apiStrings(value.mainContact, MAIN_CONTACT_FIELDS) },
  };
}

export function ClientForm(props: {
  draftKey: string;
  initial: ClientFormValue;
  editing: boolean;
  pending: boolean;
  error: unknown;
  submitLabel: string;
  onSubmit: (value: ClientFormValue, done: (saved: ClientFormValue) => void) => void;
  actions?: JSX.Element;
  onCancel?: () => void;
}) {
  const draft = createDraft(props.draftKey, props.initial);
  const { form, setForm } = draft;
  const errors = () => fieldErrors(props.error);
  const show = (field: string) => shown('client', field);

  return (
    <RecordForm
      draft={draft}
      onCancel={props.onCancel}
      onSubmit={() => props.onSubmit(structuredClone({ ...form, mainContact: { ...form.mainContact } }), (saved) => draft.clear(saved))}
    >
      <div class="form-grid">
        <TextField
          label={t('client.name')}
          value={form.name}
          onInput={(v) => setForm('name', v)}
          error={errors().name}
          required
          autocomplete="organization"
        />
        <SelectField
          label={t('client.kind')}
          value={form.kind}
          onChange={(v) => setForm('kind', v as ClientFormValue['kind'])}
          options={[
            { value: 'company', label: t('client.kind.company') },
            { value: 'individual', label: t('client.kind.individual') },
          ]}
          error={errors().kind}
        />
        <Show when={show('reference')}>
          <TextField
            label={t('client.reference')}
            value={form.reference}
            onInput={(v) => setForm('reference', v)}
            error={errors().reference}
          />
        </Show>
      </div>
      <fieldset>
        <legend>{t('client.mainContact')}</legend>
        <div class="form-grid">
          <Show when={show('mainContact.civility')}>
            <CivilityField
              value={form.mainContact.civility}
              onChange={(v) => setForm('mainContact', 'civility', v)}
              error={errors()['mainContact.civility']}
            />
          </Show>
          <PersonFields
            fields={[
              'firstName',
              'lastName',
              'email',
              'phone',
              ...ifShown(show('mainContact.mobile'), 'mobile'),
              ...ifShown(show('mainContact.fax'), 'fax'),
            ]}
            person={form.mainContact}
            onInput={(field, v) => setForm('mainContact', field, v)}
            errors={errors()}
            errorPath="mainContact"
          />
        </div>
      </fieldset>
      <Show when={show('notes')}>
        <TextArea label={t('client.notes')} value={form.notes} onInput={(v) => setForm('notes', v)} error={errors().notes} />
      </Show>
      <Show when={props.editing}>
        <CheckboxField
          label={t('client.archived')}
          hint={t('client.archivedHint')}
          checked={form.archived}
          onChange={(v) => setForm('archived', v)}
        />
      </Show>
      <FormActions pending={props.pending} error={props.error} submitLabel={props.submitLabel}>
        {props.actions}
      </FormActions>
    </RecordForm>
  );
}
