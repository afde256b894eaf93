/** The client record's "Données": the client and its main contact (level 1). */
import { Show, type JSX } from 'solid-js';
import type { ClientCreate } from '../../shared/schemas';
import { t } from '../i18n';
import type { Client } from '../lib/api';
import { shown } from '../lib/display-options';
import { createDraft, fieldErrors } from '../lib/forms';
import { orEmpty, orNull } from '../lib/values';
import { CheckboxField, SelectField, TextArea, TextField } from './fields';
import { ErrorBox, Notice } from './status';

export interface ClientFormValue {
  name: string;
  kind: 'company' | 'individual';
  reference: string;
  notes: string;
  archived: boolean;
  mainContact: {
    civility: '' | 'mr' | 'mrs';
    firstName: string;
    lastName: string;
    email: string;
    phone: string;
    mobile: string;
    fax: string;
  };
}

export function clientFormValue(client?: Client): ClientFormValue {
  const c = client?.mainContact;
  return {
    name: orEmpty(client?.name),
    kind: client?.kind ?? 'company',
    reference: orEmpty(client?.reference),
    notes: orEmpty(client?.notes),
    archived: client?.archived ?? false,
    mainContact: {
      civility: c?.civility ?? '',
      firstName: orEmpty(c?.firstName),
      lastName: orEmpty(c?.lastName),
      email: orEmpty(c?.email),
      phone: orEmpty(c?.phone),
      mobile: orEmpty(c?.mobile),
      fax: orEmpty(c?.fax),
    },
  };
}

export function clientInput(value: ClientFormValue): ClientCreate {
  const m = value.mainContact;
  return {
    name: value.name.trim(),
    kind: value.kind,
    reference: orNull(value.reference),
    notes: orNull(value.notes),
    mainContact: {
      civility: m.civility === '' ? null : m.civility,
      firstName: orNull(m.firstName),
      lastName: orNull(m.lastName),
      email: orNull(m.email),
      phone: orNull(m.phone),
      mobile: orNull(m.mobile),
      fax: orNull(m.fax),
    },
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
}) {
  const draft = createDraft(props.draftKey, props.initial);
  const { form, setForm } = draft;
  const errors = () => fieldErrors(props.error);
  const show = (field: string) => shown('client', field);

  return (
    <form
      class="record-form"
      novalidate
      onSubmit={(event) => {
        event.preventDefault();
        props.onSubmit(structuredClone({ ...form, mainContact: { ...form.mainContact } }), (saved) =>
          draft.clear(saved),
        );
      }}
    >
      <Show when={draft.restored()}>
        <Notice>
          {t('common.draftRestored')}{' '}
          <button type="button" class="button button--link" onClick={() => draft.clear()}>
            {t('common.discardDraft')}
          </button>
        </Notice>
      </Show>
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
            <SelectField
              label={t('person.civility')}
              value={form.mainContact.civility}
              onChange={(v) => setForm('mainContact', 'civility', v as ClientFormValue['mainContact']['civility'])}
              options={[
                { value: '', label: t('person.civility.none') },
                { value: 'mr', label: t('person.civility.mr') },
                { value: 'mrs', label: t('person.civility.mrs') },
              ]}
              error={errors()['mainContact.civility']}
            />
          </Show>
          <TextField
            label={t('person.firstName')}
            value={form.mainContact.firstName}
            onInput={(v) => setForm('mainContact', 'firstName', v)}
            error={errors()['mainContact.firstName']}
          />
          <TextField
            label={t('person.lastName')}
            value={form.mainContact.lastName}
            onInput={(v) => setForm('mainContact', 'lastName', v)}
            error={errors()['mainContact.lastName']}
          />
          <TextField
            label={t('person.email')}
            type="email"
            inputMode="email"
            value={form.mainContact.email}
            onInput={(v) => setForm('mainContact', 'email', v)}
            error={errors()['mainContact.email']}
          />
          <TextField
            label={t('person.phone')}
            type="tel"
            value={form.mainContact.phone}
            onInput={(v) => setForm('mainContact', 'phone', v)}
            error={errors()['mainContact.phone']}
          />
          <Show when={show('mainContact.mobile')}>
            <TextField
              label={t('person.mobile')}
              type="tel"
              value={form.mainContact.mobile}
              onInput={(v) => setForm('mainContact', 'mobile', v)}
              error={errors()['mainContact.mobile']}
            />
          </Show>
          <Show when={show('mainContact.fax')}>
            <TextField
              label={t('person.fax')}
              type="tel"
              value={form.mainContact.fax}
              onInput={(v) => setForm('mainContact', 'fax', v)}
              error={errors()['mainContact.fax']}
            />
          </Show>
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
      <ErrorBox error={props.error} />
      <div class="actions">
        <button type="submit" class="button button--primary" disabled={props.pending}>
          {props.pending ? t('common.saving') : props.submitLabel}
        </button>
        {props.actions}
      </div>
    </form>
  );
}
