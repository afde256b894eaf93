/** "Paramètres" (admins): one section per file of this folder, in the order of `SECTIONS`. */
import { createAsync } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { Empty, Loader } from '../../components/status';
import { t } from '../../i18n';
import { getMe } from '../../lib/api';
import { usePageTitle } from '../../lib/page-title';
import { ApiKeysSection } from './api-keys';
import { CompanySection } from './company';
import { ModulesSection } from './modules';
import type { SettingsSection } from './section';
import { SenderSection } from './sender';
import { SuppressionsSection } from './suppressions';
import { TemplatesSection } from './templates';
import { UsersSection } from './users';
import { WebhooksSection } from './webhooks';

/** A new section: a file here exporting a `SettingsSection`, and its line below. */
const SECTIONS: SettingsSection[] = [
  ModulesSection,
  CompanySection,
  SenderSection,
  TemplatesSection,
  SuppressionsSection,
  ApiKeysSection,
  WebhooksSection,
  UsersSection,
];

export function SettingsPage() {
  usePageTitle(() => t('settings.title'));
  const me = createAsync(() => getMe());
  return (
    <section class="page">
      <header class="page-header">
        <h1>{t('settings.title')}</h1>
      </header>
      <Show when={me()}>
        {(current) => (
          <Show when={current().user?.role === 'admin'} fallback={<Empty>{t('settings.adminOnly')}</Empty>}>
            <div class="settings">
              <For each={SECTIONS}>
                {(Section) => (
                  <Loader>
                    <Section me={current()} />
                  </Loader>
                )}
              </For>
            </div>
          </Show>
        )}
      </Show>
    </section>
  );
}
