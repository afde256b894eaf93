/** A secondary contact (level 3): the form of its record, also used from the Contacts directory. */
import { action } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import type { ContactCreate } from '../../shared/schemas';
import { t } from '../i18n';
import { api, type Address, type Contact } from '../lib/api';
import { shown } from '../lib/display-options';
import { createDraft, fieldErrors } from '../lib/forms';
import { orEmpty, orNull } from '../lib/values';
import { ConfirmDialog } from './dialog';
import { SelectField, TextArea, TextField } from './fields';
import { ErrorBox, Notice } from './status';
import { personName } from '../lib/format';

export const saveContact = action(
  async (clientId: string, existing: { id: string; version: number } | null, value: ContactFormValue) =>
    existing
      ? api.patchContact(clientId, existing.id, existing.version, contactInput(value))
      : api.createContact(clientId, contactInput(value)),
  'saveContact',
);

export const deleteContact = action(
  async (clientId: string, contactId: string, version: number) => api.deleteContact(clientId, contactId, version),
  'deleteContact',
);

export interface ContactFormValue {
  civility: '' | 'mr' | 'mrs';
  firstName: string;
  lastName: string;
  jobTitle: string;
  email: string;
  phone: string;
  mobile: string;
  addressId: string;
  notes: string;
}

export function contactFormValue(c?: Contact): ContactFormValue {
  return {
    civility: c?.civility ?? '',
    firstName: orEmpty(c?.firstName),
    lastName: orEmpty(c?.lastName),
    jobTitle: orEmpty(c?.jobTitle),
    email: orEmpty(c?.email),
    phone: orEmpty(c?.phone),
    mobile: orEmpty(c?.mobile),
    addressId: orEmpty(c?.addressId),
    notes: orEmpty(c?.notes),
  };
}

export function contactInput(v: ContactFormValue): ContactCreate {
  return {
    civility: v.civility === '' ? null : v.civility,
    firstName: orNull(v.firstName),
    lastName: orNull(v.lastName),
    jobTitle: orNull(v.jobTitle),
    email: orNull(v.email),
    phone: orNull(v.phone),
    mobile: orNull(v.mobile),
    addressId: v.addressId === '' ? null : v.addressId,
    notes: orNull(v.notes),
  };
}

export function ContactForm(props: {
  draftKey: string;
  contact: Contact | undefined;
  addresses: Address[];
  pending: boolean;
  error: unknown;
  deletePending?: boolean;
  deleteError?: unknown;
  onSubmit: (value: ContactFormValue, done: (saved: Contact) => void) => void;
  onDelete?: () => void;
}) {
  const draft = createDraft(props.draftKey, contactFormValue(props.contact));
  const { form, setForm } = draft;
  const [confirming, setConfirming] = createSignal(false);
  const [saved, setSaved] = createSignal(false);
  const errors = () => fieldErrors(props.error);
  const show = (field: string) => shown('contact', field);

  return (
    <>
      <form
        class="record-form"
        novalidate
        onSubmit={(event) => {
          event.preventDefault();
          setSaved(false);
          props.onSubmit({ ...form }, (contact) => {
            draft.clear(contactFormValue(contact));
            setSaved(true);
          });
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
          <Show when={show('civility')}>
            <SelectField
              label={t('person.civility')}
              value={form.civility}
              onChange={(v) => setForm('civility', v as ContactFormValue['civility'])}
              options={[
                { value: '', label: t('person.civility.none') },
                { value: 'mr', label: t('person.civility.mr') },
                { value: 'mrs', label: t('person.civility.mrs') },
              ]}
              error={errors().civility}
            />
          </Show>
          <TextField
            label={t('person.firstName')}
            value={form.firstName}
            onInput={(v) => setForm('firstName', v)}
            error={errors().firstName}
          />
          <TextField
            label={t('person.lastName')}
            value={form.lastName}
            onInput={(v) => setForm('lastName', v)}
            error={errors().lastName}
          />
          <Show when={show('jobTitle')}>
            <TextField
              label={t('person.jobTitle')}
              value={form.jobTitle}
              onInput={(v) => setForm('jobTitle', v)}
              error={errors().jobTitle}
            />
          </Show>
          <TextField
            label={t('person.email')}
            type="email"
            inputMode="email"
            value={form.email}
            onInput={(v) => setForm('email', v)}
            error={errors().email}
          />
          <TextField
            label={t('person.phone')}
            type="tel"
            value={form.phone}
            onInput={(v) => setForm('phone', v)}
            error={errors().phone}
          />
          <Show when={show('mobile')}>
            <TextField
              label={t('person.mobile')}
              type="tel"
              value={form.mobile}
              onInput={(v) => setForm('mobile', v)}
              error={errors().mobile}
            />
          </Show>
          <Show when={show('addressId')}>
            <SelectField
              label={t('contact.address')}
              value={form.addressId}
              onChange={(v) => setForm('addressId', v)}
              options={[
                { value: '', label: t('contact.noAddress') },
                ...props.addresses.map((a) => ({ value: a.id, label: `${a.label} — ${a.line1}, ${a.city}` })),
              ]}
              hint={form.addressId === '' ? t('contact.noAddressHint') : t('contact.addressHint')}
              error={errors().addressId}
            />
          </Show>
        </div>
        <Show when={show('notes')}>
          <TextArea label={t('contact.notes')} value={form.notes} onInput={(v) => setForm('notes', v)} error={errors().notes} />
        </Show>
        <ErrorBox error={props.error} />
        <Show when={saved() && !props.pending}>
          <p class="notice" role="status">
            {t('common.saved')}
          </p>
        </Show>
        <div class="actions">
          <button type="submit" class="button button--primary" disabled={props.pending}>
            {props.pending ? t('common.saving') : props.contact ? t('common.save') : t('common.create')}
          </button>
          <Show when={props.contact && props.onDelete}>
            <button type="button" class="button button--danger" onClick={() => setConfirming(true)}>
              {t('common.delete')}
            </button>
          </Show>
        </div>
        <ErrorBox error={props.deleteError} />
      </form>
      <ConfirmDialog
        open={confirming()}
        title={t('common.confirmDelete')}
        confirmLabel={t('common.delete')}
        danger
        pending={props.deletePending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          draft.clear();
          props.onDelete?.();
        }}
      >
        <p>{t('common.deleteQuestion', { name: personName(props.contact) })}</p>
      </ConfirmDialog>
    </>
  );
}
