/** Modules: the secondary contacts on or off (their data is kept). */
import { action, createAsync, useAction, useSubmission } from '@solidjs/router';
import { Show } from 'solid-js';
import { CheckboxField } from '../../components/fields';
import { ErrorBox } from '../../components/status';
import { t } from '../../i18n';
import { api, getSettings } from '../../lib/api';
import { Panel, type SettingsSection } from './section';

const setModule = action(async (secondaryContacts: boolean) => api.patchSettings({ modules: { secondaryContacts } }), 'setModule');

export const ModulesSection: SettingsSection = () => {
  const settings = createAsync(() => getSettings());
  const toggle = useAction(setModule);
  const submission = useSubmission(setModule);
  return (
    <Show when={settings()}>
      {(current) => (
        <Panel id="modules" title={t('settings.modules')}>
          <CheckboxField
            label={t('settings.secondaryContacts')}
            hint={t('settings.secondaryContactsHint')}
            checked={submission.pending ? Boolean(submission.input?.[0]) : current().modules.secondaryContacts}
            disabled={submission.pending}
            onChange={(on) => void toggle(on).catch(() => undefined)}
          />
          <ErrorBox error={submission.error} />
        </Panel>
      )}
    </Show>
  );
};
