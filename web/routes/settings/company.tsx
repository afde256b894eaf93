/** Paramètres → Entreprise: the legal profile printed on issued invoices and quotes. */
import { action, createAsync, useAction, useSubmission } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { TextField } from '../../components/fields';
import { FormActions } from '../../components/form-actions';
import { t } from '../../i18n';
import { api, type Company, getSettings } from '../../lib/api';
import { fieldErrors } from '../../lib/forms';
import { orNull } from '../../lib/values';
import { Panel, type SettingsSection } from './section';

type TextKey = 'legalName' | 'siren' | 'vatNumber' | 'rcs' | 'shareCapital' | 'iban' | 'bic' | 'vatExemptionMention';
type AddressKey = keyof Company['address'];
type NumberKey = 'paymentTermsDays' | 'latePenaltyRate';

const TEXT_FIELDS: TextKey[] = ['legalName', 'siren', 'vatNumber', 'rcs', 'shareCapital'];
const ADDRESS_FIELDS: AddressKey[] = ['line1', 'line2', 'postalCode', 'city', 'country'];
const BANK_FIELDS: TextKey[] = ['iban', 'bic'];

/** "30" → 30, "10,5" → 10.5, "" → null; what does not parse is sent as typed, for the API to name. */
function toNumber(value: string): number | null {
  const v = value.trim().replace(',', '.');
  if (v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : Number.NaN;
}

const saveCompany = action(async (company: Record<string, unknown>) => api.patchSettings({ company }), 'saveCompany');

export const CompanySection: SettingsSection = () => {
  const settings = createAsync(() => getSettings());
  return <Show when={settings()}>{(current) => <CompanyForm company={current().company} />}</Show>;
};

function CompanyForm(props: { company: Company }) {
  const [text, setText] = createSignal<Record<TextKey, string>>({
    legalName: props.company.legalName ?? '',
    siren: props.company.siren ?? '',
    vatNumber: props.company.vatNumber ?? '',
    rcs: props.company.rcs ?? '',
    shareCapital: props.company.shareCapital ?? '',
    iban: props.company.iban ?? '',
    bic: props.company.bic ?? '',
    vatExemptionMention: props.company.vatExemptionMention ?? '',
  });
  const [address, setAddress] = createSignal<Record<AddressKey, string>>({
    line1: props.company.address.line1 ?? '',
    line2: props.company.address.line2 ?? '',
    postalCode: props.company.address.postalCode ?? '',
    city: props.company.address.city ?? '',
    country: props.company.address.country ?? '',
  });
  const [numbers, setNumbers] = createSignal<Record<NumberKey, string>>({
    paymentTermsDays: props.company.paymentTermsDays?.toString() ?? '',
    latePenaltyRate: props.company.latePenaltyRate?.toString().replace('.', ',') ?? '',
  });
  const [saved, setSaved] = createSignal(false);
  const save = useAction(saveCompany);
  const submission = useSubmission(saveCompany);
  const errors = () => fieldErrors(submission.error);
  const textField = (key: TextKey) => (
    <TextField
      label={t(`company.${key}`)}
      value={text()[key]}
      onInput={(v) => setText({ ...text(), [key]: v })}
      error={errors()[`company.${key}`]}
      hint={key === 'vatExemptionMention' ? t('company.vatExemptionMention.hint') : undefined}
    />
  );
  return (
    <Panel id="company" title={t('settings.company')}>
      <p class="muted">{t('company.intro')}</p>
      <form
        class="stack"
        novalidate
        onSubmit={(event) => {
          event.preventDefault();
          setSaved(false);
          const company: Record<string, unknown> = {
            ...Object.fromEntries(Object.entries(text()).map(([k, v]) => [k, orNull(v)])),
            address: Object.fromEntries(Object.entries(address()).map(([k, v]) => [k, orNull(v)])),
            paymentTermsDays: toNumber(numbers().paymentTermsDays),
            latePenaltyRate: toNumber(numbers().latePenaltyRate),
          };
          save(company).then(
            () => setSaved(true),
            () => undefined,
          );
        }}
      >
        <div class="form-grid">
          <For each={TEXT_FIELDS}>{textField}</For>
        </div>
        <fieldset class="stack">
          <legend>{t('company.address')}</legend>
          <div class="form-grid">
            <For each={ADDRESS_FIELDS}>
              {(key) => (
                <TextField
                  label={t(`company.address.${key}`)}
                  value={address()[key]}
                  onInput={(v) => setAddress({ ...address(), [key]: v })}
                  error={errors()[`company.address.${key}`]}
                />
              )}
            </For>
          </div>
        </fieldset>
        <fieldset class="stack">
          <legend>{t('company.payment')}</legend>
          <div class="form-grid">
            <TextField
              label={t('company.paymentTermsDays')}
              inputMode="numeric"
              value={numbers().paymentTermsDays}
              onInput={(v) => setNumbers({ ...numbers(), paymentTermsDays: v })}
              error={errors()['company.paymentTermsDays']}
            />
            <TextField
              label={t('company.latePenaltyRate')}
              inputMode="decimal"
              value={numbers().latePenaltyRate}
              onInput={(v) => setNumbers({ ...numbers(), latePenaltyRate: v })}
              error={errors()['company.latePenaltyRate']}
            />
            <For each={BANK_FIELDS}>{textField}</For>
          </div>
          {textField('vatExemptionMention')}
        </fieldset>
        <FormActions pending={submission.pending ?? false} error={submission.error} saved={saved()} submitLabel={t('common.save')} />
      </form>
    </Panel>
  );
}
