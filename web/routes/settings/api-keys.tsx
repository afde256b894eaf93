/** API keys: create one (its secret shown once) and revoke one. */
import { action, createAsync, useAction, useSubmission } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { SelectField, TextField } from '../../components/fields';
import { ResourceTable } from '../../components/resource-table';
import { ErrorBox } from '../../components/status';
import { t } from '../../i18n';
import { api, listApiKeys, type Role } from '../../lib/api';
import { formatDate, formatDateTime } from '../../lib/format';
import { fieldErrors } from '../../lib/forms';
import { Panel, roleOptions, type SettingsSection } from './section';

const createApiKey = action(async (name: string, role: Role) => api.createApiKey({ name: name.trim(), role }), 'createApiKey');
const revokeApiKey = action(async (keyId: string) => api.revokeApiKey(keyId), 'revokeApiKey');

export const ApiKeysSection: SettingsSection = () => {
  const keys = createAsync(() => listApiKeys());
  const [name, setName] = createSignal('');
  const [role, setRole] = createSignal<Role>('member');
  const [created, setCreated] = createSignal<{ name: string; secret: string } | null>(null);
  const create = useAction(createApiKey);
  const creation = useSubmission(createApiKey);
  const revoke = useAction(revokeApiKey);
  const revocation = useSubmission(revokeApiKey);
  const errors = () => fieldErrors(creation.error);

  return (
    <Panel id="keys" title={t('settings.apiKeys')}>
      <form
        class="inline-form"
        novalidate
        onSubmit={(event) => {
          event.preventDefault();
          setCreated(null);
          create(name(), role()).then(
            (key) => {
              setCreated(key);
              setName('');
            },
            () => undefined,
          );
        }}
      >
        <TextField label={t('settings.apiKeyName')} value={name()} onInput={setName} error={errors().name} required />
        <SelectField label={t('settings.apiKeyRole')} value={role()} onChange={(v) => setRole(v as Role)} options={roleOptions()} />
        <button type="submit" class="button button--primary" disabled={creation.pending}>
          {t('settings.apiKeyCreate')}
        </button>
      </form>
      <ErrorBox error={creation.error} />
      <Show when={created()}>
        {(key) => (
          <div class="secret" role="status">
            <p>
              <strong>{t('settings.apiKeySecretLabel', { name: key().name })}</strong>
            </p>
            <p>{t('settings.apiKeySecret')}</p>
            <code class="secret__value">{key().secret}</code>
          </div>
        )}
      </Show>
      <ResourceTable
        caption={t('settings.apiKeys')}
        items={keys()?.items}
        empty={t('settings.apiKeysEmpty')}
        columns={[
          { header: t('settings.apiKeyName'), cell: (key) => key.name },
          { header: t('settings.role'), cell: (key) => t(`settings.role.${key.role}`) },
          { header: t('settings.createdAt'), narrow: true, nowrap: true, cell: (key) => formatDate(key.createdAt) },
          {
            header: t('settings.lastUsedAt'),
            narrow: true,
            nowrap: true,
            cell: (key) => (key.lastUsedAt ? formatDateTime(key.lastUsedAt) : t('settings.never')),
          },
        ]}
        action={{
          label: t('settings.apiKeyRevoke'),
          danger: true,
          name: (key) => key.name,
          question: (key) => t('settings.apiKeyRevokeQuestion', { name: key.name }),
          run: (key) => revoke(key.id),
          pending: revocation.pending ?? false,
          error: revocation.error,
        }}
      />
    </Panel>
  );
};
