/** "Fiche adresse": an address of the client and its site contact (level 2). */
import { action, useAction, useNavigate, useParams, useSubmission } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import type { AddressCreate } from '../../shared/schemas';
import { AddressContacts } from '../components/address-contacts';
import { ConfirmDelete } from '../components/confirm-delete';
import { TextArea, TextField } from '../components/fields';
import { FormActions } from '../components/form-actions';
import { PersonFields } from '../components/person-fields';
import { RecordForm } from '../components/record-form';
import { ErrorBox } from '../components/status';
import { TabHeader } from '../components/tab-header';
import { t } from '../i18n';
import { api, ApiError, type Address } from '../lib/api';
import { useClientRecord } from '../lib/client-context';
import { shown } from '../lib/display-options';
import { createDraft, fieldErrors } from '../lib/forms';
import { citiesOfPostalCode } from '../lib/postal-codes';
import { apiStrings, formStrings, orEmpty, orNull } from '../lib/values';

interface AddressFormValue {
  label: string;
  line1: string;
  line2: string;
  postalCode: string;
  city: string;
  country: string;
  notes: string;
  siteContact: { firstName: string; lastName: string; email: string; phone: string; info: string };
}

const SITE_CONTACT_FIELDS = ['firstName', 'lastName', 'email', 'phone', 'info'] as const;

function addressFormValue(a?: Address): AddressFormValue {
  return {
    label: orEmpty(a?.label),
    line1: orEmpty(a?.line1),
    line2: orEmpty(a?.line2),
    postalCode: orEmpty(a?.postalCode),
    city: orEmpty(a?.city),
    country: a?.country ?? 'FR',
    notes: orEmpty(a?.notes),
    siteContact: formStrings(a?.siteContact, SITE_CONTACT_FIELDS),
  };
}

function addressInput(v: AddressFormValue): AddressCreate {
  return {
    label: v.label.trim(),
    line1: v.line1.trim(),
    line2: orNull(v.line2),
    postalCode: v.postalCode.trim(),
    city: v.city.trim(),
    country: orNull(v.country)?.toUpperCase() ?? null,
    notes: orNull(v.notes),
    siteContact: apiStrings(v.siteContact, SITE_CONTACT_FIELDS),
  };
}

const saveAddress = action(
  async (clientId: string, existing: { id: string; version: number } | null, value: AddressFormValue) =>
    existing
      ? api.patchAddress(clientId, existing.id, existing.version, addressInput(value))
      : api.createAddress(clientId, addressInput(value)),
  'saveAddress',
);
const deleteAddress = action(
  async (clientId: string, addressId: string, version: number) => api.deleteAddress(clientId, addressId, version),
  'deleteAddress',
);

export function AddressRecord() {
  const params = useParams<{ addressId?: string }>();
  const record = useClientRecord();
  const clientId = () => record.overview().client.id;
  const existing = () => (params.addressId ? record.overview().addresses.find((a) => a.id === params.addressId) : undefined);
  const navigate = useNavigate();
  const back = () => `/clients/${clientId()}/addresses`;

  return (
    <Show when={!params.addressId || existing()} fallback={<ErrorBox error={new ApiError(404, 'not_found', '')} />}>
      <AddressForm
        address={existing()}
        clientId={clientId()}
        onSaved={(_saved, created) => {
          if (created) navigate(back());
        }}
        onDeleted={() => navigate(back(), { replace: true })}
        onCancel={existing() ? undefined : () => navigate(back())}
      />
    </Show>
  );
}

function AddressForm(props: {
  address: Address | undefined;
  clientId: string;
  onSaved: (saved: Address, created: boolean) => void;
  onDeleted: () => void;
  onCancel?: () => void;
}) {
  const draft = createDraft(`address.${props.clientId}.${props.address?.id ?? 'new'}`, addressFormValue(props.address));
  const { form, setForm } = draft;
  const save = useAction(saveAddress);
  const submission = useSubmission(saveAddress);
  const remove = useAction(deleteAddress);
  const removal = useSubmission(deleteAddress);
  const [confirming, setConfirming] = createSignal(false);
  const [saved, setSaved] = createSignal(false);
  const errors = () => fieldErrors(submission.error);
  const show = (field: string) => shown('address', field);
  // The city from the postal code (French codes): filled when there is one commune and the city is
  // empty or was filled so before; offered as suggestions when there are several.
  const [cities, setCities] = createSignal<string[]>([]);
  let filledCity = '';
  const onPostalCode = (value: string) => {
    setForm('postalCode', value);
    if (!['', 'FR'].includes(form.country.trim().toUpperCase())) return;
    void citiesOfPostalCode(value).then((found) => {
      if (form.postalCode !== value) return;
      setCities(found);
      const only = found.length === 1 ? found[0] : undefined;
      if (only && (form.city.trim() === '' || form.city === filledCity)) {
        setForm('city', only);
        filledCity = only;
      }
    });
  };
  const removalMessage = () => (removal.error instanceof ApiError && removal.error.status === 409 ? t('address.inUse') : null);

  return (
    <>
      <TabHeader title={props.address ? `${t('address.record')} — ${props.address.label}` : t('address.new')} module="address" />
      <RecordForm
        draft={draft}
        onCancel={props.onCancel}
        onSubmit={() => {
          setSaved(false);
          const current = props.address ? { id: props.address.id, version: props.address.version } : null;
          save(props.clientId, current, structuredClone({ ...form, siteContact: { ...form.siteContact } })).then(
            (address) => {
              draft.clear(addressFormValue(address));
              setSaved(true);
              props.onSaved(address, current === null);
            },
            () => undefined,
          );
        }}
      >
        <div class="form-grid">
          <TextField label={t('address.label')} value={form.label} onInput={(v) => setForm('label', v)} error={errors().label} required />
          <TextField
            label={t('address.line1')}
            value={form.line1}
            onInput={(v) => setForm('line1', v)}
            error={errors().line1}
            required
            autocomplete="address-line1"
          />
          <Show when={show('line2')}>
            <TextField label={t('address.line2')} value={form.line2} onInput={(v) => setForm('line2', v)} error={errors().line2} />
          </Show>
          <TextField
            label={t('address.postalCode')}
            value={form.postalCode}
            onInput={onPostalCode}
            error={errors().postalCode}
            required
            inputMode="numeric"
            maxLength={20}
          />
          <TextField
            label={t('address.city')}
            value={form.city}
            onInput={(v) => setForm('city', v)}
            error={errors().city}
            required
            suggestions={cities()}
            hint={cities().length > 1 ? t('address.citiesHint', { list: cities().join(', ') }) : undefined}
          />
          <Show when={show('country')}>
            <TextField
              label={t('address.country')}
              value={form.country}
              onInput={(v) => setForm('country', v)}
              error={errors().country}
              hint={t('address.countryHint')}
              maxLength={2}
            />
          </Show>
        </div>
        <fieldset>
          <legend>{t('address.siteContact')}</legend>
          <div class="form-grid">
            <PersonFields
              fields={['firstName', 'lastName', 'phone', 'email']}
              person={form.siteContact}
              onInput={(field, v) => setForm('siteContact', field, v)}
              errors={errors()}
              errorPath="siteContact"
            />
          </div>
          <Show when={show('siteContact.info')}>
            <TextArea
              label={t('person.info')}
              value={form.siteContact.info}
              onInput={(v) => setForm('siteContact', 'info', v)}
              error={errors()['siteContact.info']}
            />
          </Show>
        </fieldset>
        <Show when={show('notes')}>
          <TextArea label={t('address.notes')} value={form.notes} onInput={(v) => setForm('notes', v)} error={errors().notes} />
        </Show>
        <FormActions
          pending={submission.pending ?? false}
          error={submission.error}
          saved={saved()}
          submitLabel={props.address ? t('common.save') : t('common.create')}
          onDelete={props.address ? () => setConfirming(true) : undefined}
        />
        <Show when={removalMessage()}>
          <p class="error-box" role="alert">
            {removalMessage()}
          </p>
        </Show>
        <Show when={!removalMessage()}>
          <ErrorBox error={removal.error} />
        </Show>
      </RecordForm>
      <Show when={props.address}>{(address) => <AddressContacts addressId={address().id} detailed />}</Show>
      <ConfirmDelete
        open={confirming()}
        name={props.address?.label ?? ''}
        pending={removal.pending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          const address = props.address;
          if (!address) return;
          remove(props.clientId, address.id, address.version).then(
            () => {
              draft.clear();
              props.onDeleted();
            },
            () => setConfirming(false),
          );
        }}
      />
    </>
  );
}
