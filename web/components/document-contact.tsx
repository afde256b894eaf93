/**
 * A document's contact. Any secondary contact of the client; for an intervention, the API's
 * rule: those at its address plus those without one. A contact no longer eligible after the
 * address changed is not chosen any more: derived here, the form keeps what the user picked.
 */
import { createAsync } from '@solidjs/router';
import { t } from '../i18n';
import { type EligibleContact, listEligibleContacts, type Page } from '../lib/api';
import { useClientRecord } from '../lib/client-context';
import type { DocumentFormPart } from '../lib/document-form';
import { personName } from '../lib/format';
import { type Choice, SelectField } from './fields';

export interface ContactChoice {
  /** the contact the document gets: the one picked, while it is eligible */
  value: () => string;
  options: () => Choice[];
  hint: () => string | undefined;
}

export function createContactChoice(intervention: boolean, form: DocumentFormPart['form']): ContactChoice {
  const record = useClientRecord();
  const eligible = createAsync(
    async (): Promise<Page<EligibleContact> | undefined> =>
      intervention && record.contactsOn() && form.addressId ? listEligibleContacts(record.overview().client.id, form.addressId) : undefined,
  );
  const why = (c: EligibleContact) => (c.match === 'address' ? t('document.contactAtAddress') : t('document.contactWithoutAddress'));
  return {
    value: () => {
      const page = eligible.latest;
      if (!intervention || !page || !form.contactId) return form.contactId;
      return page.items.some((c) => c.id === form.contactId) ? form.contactId : '';
    },
    options: () => {
      const none = { value: '', label: t('document.noContact') };
      if (!intervention) {
        return [none, ...record.overview().contacts.map((c) => ({ value: c.id, label: personName(c) || t('person.noName') }))];
      }
      const contacts = eligible.latest?.items ?? [];
      const label = (c: EligibleContact) => t('document.contactOption', { name: personName(c) || t('person.noName'), why: why(c) });
      return [none, ...contacts.map((c) => ({ value: c.id, label: label(c) }))];
    },
    hint: () => {
      if (!intervention) return undefined;
      if (!form.addressId) return t('document.chooseAddressFirst');
      if (record.overview().contacts.length === 0) return t('document.noContactsForClient');
      if (eligible.latest?.items.length === 0) return t('document.noContactsHere');
      return t('document.contactRule');
    },
  };
}

export function DocumentContactField(props: DocumentFormPart & { choice: ContactChoice; intervention: boolean }) {
  return (
    <SelectField
      label={t('document.contact')}
      value={props.choice.value()}
      onChange={(v) => props.setForm('contactId', v)}
      options={props.choice.options()}
      hint={props.choice.hint()}
      disabled={props.intervention && props.choice.options().length <= 1}
      error={props.errors.contactId}
    />
  );
}
