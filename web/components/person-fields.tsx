import { For } from 'solid-js';
import { t, type MessageKey } from '../i18n';
import { TextField } from './fields';

export type PersonField = 'firstName' | 'lastName' | 'jobTitle' | 'email' | 'phone' | 'mobile' | 'fax';

const FIELDS: Record<PersonField, { label: MessageKey; type?: 'email' | 'tel' }> = {
  firstName: { label: 'person.firstName' },
  lastName: { label: 'person.lastName' },
  jobTitle: { label: 'person.jobTitle' },
  email: { label: 'person.email', type: 'email' },
  phone: { label: 'person.phone', type: 'tel' },
  mobile: { label: 'person.mobile', type: 'tel' },
  fax: { label: 'person.fax', type: 'tel' },
};

/**
 * The text fields of a person (main, site or secondary contact), in the order given, labelled and
 * typed the same everywhere. `errorPath` is where the API reports them (`mainContact` → `mainContact.email`).
 */
export function PersonFields<F extends PersonField>(props: {
  fields: F[];
  person: Record<F, string>;
  onInput: (field: F, value: string) => void;
  errors: Record<string, string>;
  errorPath?: string;
}) {
  return (
    <For each={props.fields}>
      {(field) => (
        <TextField
          label={t(FIELDS[field].label)}
          type={FIELDS[field].type}
          inputMode={FIELDS[field].type === 'email' ? 'email' : undefined}
          value={props.person[field]}
          onInput={(value) => props.onInput(field, value)}
          error={props.errors[props.errorPath ? `${props.errorPath}.${field}` : field]}
        />
      )}
    </For>
  );
}

/** `[field]` when it is shown, `[]` when not: for the optional fields of a `fields` list. */
export function ifShown<F extends PersonField>(shown: boolean, field: F): F[] {
  return shown ? [field] : [];
}
