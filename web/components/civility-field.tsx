import { t } from '../i18n';
import { SelectField } from './fields';

export type Civility = '' | 'mr' | 'mrs';

/** Civilité: —, M., Mme. */
export function CivilityField(props: { value: Civility; onChange: (value: Civility) => void; error?: string }) {
  return (
    <SelectField
      label={t('person.civility')}
      value={props.value}
      onChange={(value) => props.onChange(value as Civility)}
      options={[
        { value: '', label: t('person.civility.none') },
        { value: 'mr', label: t('person.civility.mr') },
        { value: 'mrs', label: t('person.civility.mrs') },
      ]}
      error={props.error}
    />
  );
}
