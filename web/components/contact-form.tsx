/** A secondary contact (level 3): the form of its record, also used from the Contacts directory. */
import { action, createAsync } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import type { ContactCreate } from '../../shared/schemas';
import { t } from '../i18n';
import { api, type Address, type Contact, listContactDocuments } from '../lib/api';
import { shown } from '../lib/display-options';
import { createDraft, fieldErrors } from '../lib/forms';
import { apiStrings, formStrings, orEmpty } from '../lib/values';
import { CivilityField, type Civility } from './civility-field';
import { ConfirmDelete } from './confirm-delete';
import { SelectField, TextArea } from './fields';
import { FormActions } from './form-actions';
import { ifShown, PersonFields } from './person-fields';
import { RecordForm } from './record-form';
import { ErrorBox } from './status';
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
  civility: Civility;
  firstName: string;
  lastName: string;
  jobTitle: string;
  email: string;
  phone: string;
  mobile: string;
  addressId: string;
  notes: string;
}

/** The contact's fields typed as text (the civility and the address are chosen). */
const TEXT_FIELDS = ['firstName', 'lastName', 'jobTitle', 'email', 'phone', 'mobile', 'notes'] as const;

export function contactFormValue(c?: Contact): ContactFormValue {
  return { civility: c?.civility ?? '', addressId: orEmpty(c?.addressId), ...formStrings(c, TEXT_FIELDS) };
}

export function contactInput(v: ContactFormValue): ContactCreate {
  return {
    civility: v.civility === '' ? null : v.civility,
    addressId: v.addressId === '' ? null : v.addressId,
    ...apiStrings(v, TEXT_FIELDS),
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
  onCancel?: () => void;
}) {
  const draft = createDraft(props.draftKey, contactFormValue(props.contact));
  const { form, setForm } = draft;
  const [confirming, setConfirming] = createSignal(false);
  const [saved, setSaved] = createSignal(false);
  const errors = () => fieldErrors(props.error);
  const show = (field: string) => shown('contact', field);

  return (
    <>
      <RecordForm
        draft={draft}
        onCancel={props.onCancel}
        onSubmit={() => {
          setSaved(false);
          props.onSubmit({ ...form }, (contact) => {
            draft.clear(contactFormValue(contact));
            setSaved(true);
          });
        }}
      >
        <div class="form-grid">
          <Show when={show('civility')}>
            <CivilityField value={form.civility} onChange={(v) => setForm('civility', v)} error={errors().civility} />
          </Show>
          <PersonFields
            fields={[
              'firstName',
              'lastName',
              ...ifShown(show('jobTitle'), 'jobTitle'),
              'email',
              'phone',
              ...ifShown(show('mobile'), 'mobile'),
            ]}
            person={form}
            onInput={(field, v) => setForm(field, v)}
            errors={errors()}
          />
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
        <FormActions
          pending={props.pending}
          error={props.error}
          saved={saved()}
          submitLabel={props.contact ? t('common.save') : t('common.create')}
          onDelete={props.contact && props.onDelete ? () => setConfirming(true) : undefined}
        />
        <ErrorBox error={props.deleteError} />
      </RecordForm>
      <ConfirmDelete
        open={confirming()}
        warning={<ContactUsage contact={props.contact} open={confirming()} />}
        name={personName(props.contact)}
        pending={props.deletePending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          draft.clear();
          props.onDelete?.();
        }}
      />
    </>
  );
}

/** In the deletion's confirmation: how many documents name the contact, and what they keep. */
function ContactUsage(props: { contact: Contact | undefined; open: boolean }) {
  const documents = createAsync(async () =>
    props.open && props.contact ? listContactDocuments(props.contact.clientId, props.contact.id) : undefined,
  );
  const count = () => documents()?.items.length ?? 0;
  return (
    <Show when={count() > 0}>
      <p class="notice notice--warn">{t('contact.usedByDocuments', { count: count() })}</p>
    </Show>
  );
}
