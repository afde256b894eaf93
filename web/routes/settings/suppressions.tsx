/** "Adresses en échec": addresses that bounced hard or complained; an admin reactivates one. */
import { A, action, createAsync, useAction, useSubmission } from '@solidjs/router';
import { Show } from 'solid-js';
import { ResourceTable } from '../../components/resource-table';
import { t } from '../../i18n';
import { api, listSuppressions } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { Panel, type SettingsSection } from './section';

const liftSuppression = action(async (email: string) => api.liftSuppression(email), 'liftSuppression');

export const SuppressionsSection: SettingsSection = () => {
  const suppressions = createAsync(() => listSuppressions());
  const lift = useAction(liftSuppression);
  const lifted = useSubmission(liftSuppression);
  return (
    <Panel id="suppressions" title={t('settings.suppressions')}>
      <p class="muted">{t('settings.suppressionsHint')}</p>
      <ResourceTable
        caption={t('settings.suppressions')}
        items={suppressions()?.items}
        empty={t('settings.suppressionsEmpty')}
        columns={[
          { header: t('settings.suppressionEmail'), cell: (entry) => entry.email },
          { header: t('settings.suppressionReason'), cell: (entry) => t(`settings.suppressionReason.${entry.reason}`) },
          { header: t('settings.suppressionAt'), narrow: true, nowrap: true, cell: (entry) => formatDateTime(entry.at) },
          {
            header: t('settings.suppressionSend'),
            narrow: true,
            cell: (entry) => (
              <Show when={entry.clientId && entry.documentId} fallback={t('common.none')}>
                <A href={`/clients/${entry.clientId}/documents/${entry.documentId}/report`}>{t('settings.suppressionDocument')}</A>
              </Show>
            ),
          },
        ]}
        action={{
          label: t('settings.reactivate'),
          name: (entry) => entry.email,
          question: (entry) => t('settings.reactivateQuestion', { email: entry.email }),
          run: (entry) => lift(entry.email),
          pending: lifted.pending ?? false,
          error: lifted.error,
        }}
      />
    </Panel>
  );
};
