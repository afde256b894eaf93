/** "Paramètres" (admins): modules, email sender, failed addresses, API keys, users. */
import { A, action, createAsync, useAction, useSubmission } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { ConfirmDialog } from '../components/dialog';
import { CheckboxField, SelectField, TextField } from '../components/fields';
import { FormActions } from '../components/form-actions';
import { Column, ListTable } from '../components/list-table';
import { PersonFields } from '../components/person-fields';
import { Empty, ErrorBox, Loader, Notice } from '../components/status';
import { t } from '../i18n';
import { usePageTitle } from '../lib/page-title';
import {
  api,
  getMe,
  getSettings,
  listApiKeys,
  listSuppressions,
  listUsers,
  type ApiKey,
  type Role,
  type Settings,
  type SuppressedAddress,
  type User,
} from '../lib/api';
import { fieldErrors } from '../lib/forms';
import { formatDate, formatDateTime, personName } from '../lib/format';
import { orNull } from '../lib/values';

const setModule = action(async (secondaryContacts: boolean) => api.patchSettings({ modules: { secondaryContacts } }), 'setModule');
const saveSender = action(
  async (fromName: string, replyTo: string) => api.patchSettings({ sender: { fromName: orNull(fromName), replyTo: orNull(replyTo) } }),
  'saveSender',
);
const createApiKey = action(async (name: string, role: Role) => api.createApiKey({ name: name.trim(), role }), 'createApiKey');
const revokeApiKey = action(async (keyId: string) => api.revokeApiKey(keyId), 'revokeApiKey');
const inviteUser = action(
  async (input: { email: string; firstName: string; lastName: string; role: Role }) =>
    api.inviteUser({
      email: input.email.trim(),
      firstName: orNull(input.firstName),
      lastName: orNull(input.lastName),
      role: input.role,
    }),
  'inviteUser',
);
const changeUser = action(
  async (userId: string, patch: { role?: Role; status?: 'active' | 'disabled' }) => api.patchUser(userId, patch),
  'changeUser',
);
const disableUser = action(async (userId: string) => api.disableUser(userId), 'disableUser');
const liftSuppression = action(async (email: string) => api.liftSuppression(email), 'liftSuppression');

const roleOptions = () => [
  { value: 'member', label: t('settings.role.member') },
  { value: 'admin', label: t('settings.role.admin') },
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
              <Loader>
                <SettingsSections />
              </Loader>
              <Loader>
                <SuppressionsSection />
              </Loader>
              <Loader>
                <ApiKeysSection />
              </Loader>
              <Loader>
                <UsersSection selfId={current().user?.id ?? ''} />
              </Loader>
            </div>
          </Show>
        )}
      </Show>
    </section>
  );
}

function SettingsSections() {
  const settings = createAsync(() => getSettings());
  return (
    <Show when={settings()}>
      {(current) => (
        <>
          <ModulesSection settings={current()} />
          <SenderSection settings={current()} />
        </>
      )}
    </Show>
  );
}

function ModulesSection(props: { settings: Settings }) {
  const toggle = useAction(setModule);
  const submission = useSubmission(setModule);
  return (
    <section class="panel" aria-labelledby="modules-title">
      <h2 id="modules-title">{t('settings.modules')}</h2>
      <CheckboxField
        label={t('settings.secondaryContacts')}
        hint={t('settings.secondaryContactsHint')}
        checked={submission.pending ? Boolean(submission.input?.[0]) : props.settings.modules.secondaryContacts}
        disabled={submission.pending}
        onChange={(on) => void toggle(on).catch(() => undefined)}
      />
      <ErrorBox error={submission.error} />
    </section>
  );
}

function SenderSection(props: { settings: Settings }) {
  const [fromName, setFromName] = createSignal(props.settings.sender.fromName ?? '');
  const [replyTo, setReplyTo] = createSignal(props.settings.sender.replyTo ?? '');
  const [saved, setSaved] = createSignal(false);
  const save = useAction(saveSender);
  const submission = useSubmission(saveSender);
  const errors = () => fieldErrors(submission.error);
  return (
    <section class="panel" aria-labelledby="sender-title">
      <h2 id="sender-title">{t('settings.sender')}</h2>
      <form
        class="stack"
        novalidate
        onSubmit={(event) => {
          event.preventDefault();
          setSaved(false);
          save(fromName(), replyTo()).then(
            () => setSaved(true),
            () => undefined,
          );
        }}
      >
        <div class="form-grid">
          <TextField label={t('settings.fromName')} value={fromName()} onInput={setFromName} error={errors()['sender.fromName']} />
          <TextField label={t('settings.replyTo')} type="email" value={replyTo()} onInput={setReplyTo} error={errors()['sender.replyTo']} />
        </div>
        <FormActions pending={submission.pending ?? false} error={submission.error} saved={saved()} submitLabel={t('common.save')} />
      </form>
    </section>
  );
}

function SuppressionsSection() {
  const suppressions = createAsync(() => listSuppressions());
  const [lifting, setLifting] = createSignal<SuppressedAddress | null>(null);
  const lift = useAction(liftSuppression);
  const lifted = useSubmission(liftSuppression);

  return (
    <section class="panel" aria-labelledby="suppressions-title">
      <h2 id="suppressions-title">{t('settings.suppressions')}</h2>
      <p class="muted">{t('settings.suppressionsHint')}</p>
      <Show when={suppressions()}>
        {(list) => (
          <Show when={list().items.length > 0} fallback={<Empty>{t('settings.suppressionsEmpty')}</Empty>}>
            <ListTable
              caption={t('settings.suppressions')}
              head={
                <>
                  <Column>{t('settings.suppressionEmail')}</Column>
                  <Column>{t('settings.suppressionReason')}</Column>
                  <Column narrow>{t('settings.suppressionAt')}</Column>
                  <Column narrow>{t('settings.suppressionSend')}</Column>
                  <Column>
                    <span class="visually-hidden">{t('common.actions')}</span>
                  </Column>
                </>
              }
            >
              <For each={list().items}>
                {(entry) => (
                  <tr>
                    <td>{entry.email}</td>
                    <td>{t(`settings.suppressionReason.${entry.reason}`)}</td>
                    <td class="hide-narrow nowrap">{formatDateTime(entry.at)}</td>
                    <td class="hide-narrow">
                      <Show when={entry.clientId && entry.documentId} fallback={t('common.none')}>
                        <A href={`/clients/${entry.clientId}/documents/${entry.documentId}/report`}>{t('settings.suppressionDocument')}</A>
                      </Show>
                    </td>
                    <td>
                      <button
                        type="button"
                        class="button button--small"
                        aria-label={`${t('settings.reactivate')} ${entry.email}`}
                        onClick={() => setLifting(entry)}
                      >
                        {t('settings.reactivate')}
                      </button>
                    </td>
                  </tr>
                )}
              </For>
            </ListTable>
          </Show>
        )}
      </Show>
      <ErrorBox error={lifted.error} />
      <ConfirmDialog
        open={lifting() !== null}
        title={t('settings.reactivate')}
        confirmLabel={t('settings.reactivate')}
        pending={lifted.pending}
        onCancel={() => setLifting(null)}
        onConfirm={() => {
          const entry = lifting();
          if (!entry) return;
          lift(entry.email).then(
            () => setLifting(null),
            () => setLifting(null),
          );
        }}
      >
        <p>{t('settings.reactivateQuestion', { email: lifting()?.email ?? '' })}</p>
      </ConfirmDialog>
    </section>
  );
}

function ApiKeysSection() {
  const keys = createAsync(() => listApiKeys());
  const [name, setName] = createSignal('');
  const [role, setRole] = createSignal<Role>('member');
  const [created, setCreated] = createSignal<(ApiKey & { secret: string }) | null>(null);
  const [revoking, setRevoking] = createSignal<ApiKey | null>(null);
  const create = useAction(createApiKey);
  const creation = useSubmission(createApiKey);
  const revoke = useAction(revokeApiKey);
  const revocation = useSubmission(revokeApiKey);
  const errors = () => fieldErrors(creation.error);

  return (
    <section class="panel" aria-labelledby="keys-title">
      <h2 id="keys-title">{t('settings.apiKeys')}</h2>
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
      <Show when={keys()}>
        {(page) => (
          <Show when={page().items.length > 0} fallback={<Empty>{t('settings.apiKeysEmpty')}</Empty>}>
            <ListTable
              caption={t('settings.apiKeys')}
              head={
                <>
                  <Column>{t('settings.apiKeyName')}</Column>
                  <Column>{t('settings.role')}</Column>
                  <Column narrow>{t('settings.createdAt')}</Column>
                  <Column narrow>{t('settings.lastUsedAt')}</Column>
                  <Column>
                    <span class="visually-hidden">{t('common.actions')}</span>
                  </Column>
                </>
              }
            >
              <For each={page().items}>
                {(key) => (
                  <tr>
                    <td>{key.name}</td>
                    <td>{t(`settings.role.${key.role}`)}</td>
                    <td class="hide-narrow nowrap">{formatDate(key.createdAt)}</td>
                    <td class="hide-narrow nowrap">{key.lastUsedAt ? formatDateTime(key.lastUsedAt) : t('settings.never')}</td>
                    <td>
                      <button
                        type="button"
                        class="button button--small button--danger"
                        aria-label={`${t('settings.apiKeyRevoke')} ${key.name}`}
                        onClick={() => setRevoking(key)}
                      >
                        {t('settings.apiKeyRevoke')}
                      </button>
                    </td>
                  </tr>
                )}
              </For>
            </ListTable>
          </Show>
        )}
      </Show>
      <ErrorBox error={revocation.error} />
      <ConfirmDialog
        open={revoking() !== null}
        title={t('settings.apiKeyRevoke')}
        confirmLabel={t('settings.apiKeyRevoke')}
        danger
        pending={revocation.pending}
        onCancel={() => setRevoking(null)}
        onConfirm={() => {
          const key = revoking();
          if (!key) return;
          revoke(key.id).then(
            () => setRevoking(null),
            () => setRevoking(null),
          );
        }}
      >
        <p>{t('settings.apiKeyRevokeQuestion', { name: revoking()?.name ?? '' })}</p>
      </ConfirmDialog>
    </section>
  );
}

function UsersSection(props: { selfId: string }) {
  const users = createAsync(() => listUsers());
  const [invite, setInvite] = createSignal({ email: '', firstName: '', lastName: '', role: 'member' as Role });
  const [invited, setInvited] = createSignal<{ email: string; temporaryPassword: string } | null>(null);
  const [disabling, setDisabling] = createSignal<User | null>(null);
  const send = useAction(inviteUser);
  const invitation = useSubmission(inviteUser);
  const change = useAction(changeUser);
  const changing = useSubmission(changeUser);
  const disable = useAction(disableUser);
  const disabled = useSubmission(disableUser);
  const errors = () => fieldErrors(invitation.error);
  const update = (field: 'email' | 'firstName' | 'lastName' | 'role', value: string) => setInvite({ ...invite(), [field]: value });

  return (
    <section class="panel" aria-labelledby="users-title">
      <h2 id="users-title">{t('settings.users')}</h2>
      <Show when={users()}>
        {(page) => (
          <ListTable
            caption={t('settings.users')}
            head={
              <>
                <Column>{t('settings.userName')}</Column>
                <Column narrow>{t('settings.userEmail')}</Column>
                <Column>{t('settings.role')}</Column>
                <Column>{t('settings.userStatus')}</Column>
                <Column>
                  <span class="visually-hidden">{t('common.actions')}</span>
                </Column>
              </>
            }
          >
            <For each={page().items}>
              {(user) => (
                <tr>
                  <td>
                    {personName(user) || user.email}
                    <Show when={user.id === props.selfId}> {t('settings.you')}</Show>
                  </td>
                  <td class="hide-narrow">{user.email}</td>
                  <td>
                    <SelectField
                      label={t('settings.userRole', { name: personName(user) || user.email })}
                      hideLabel
                      value={user.role}
                      disabled={user.id === props.selfId || user.status === 'disabled'}
                      onChange={(v) => void change(user.id, { role: v as Role }).catch(() => undefined)}
                      options={roleOptions()}
                    />
                  </td>
                  <td>{t(`settings.status.${user.status}`)}</td>
                  <td>
                    <Show when={user.status === 'active' && user.id !== props.selfId}>
                      <button
                        type="button"
                        class="button button--small button--danger"
                        aria-label={`${t('settings.disable')} ${personName(user) || user.email}`}
                        onClick={() => setDisabling(user)}
                      >
                        {t('settings.disable')}
                      </button>
                    </Show>
                  </td>
                </tr>
              )}
            </For>
          </ListTable>
        )}
      </Show>
      <ErrorBox error={changing.error ?? disabled.error} />
      <h3>{t('settings.invite')}</h3>
      <form
        class="stack"
        novalidate
        onSubmit={(event) => {
          event.preventDefault();
          setInvited(null);
          send(invite()).then(
            (user) => {
              setInvited({ email: user.email, temporaryPassword: user.temporaryPassword });
              setInvite({ email: '', firstName: '', lastName: '', role: 'member' });
            },
            () => undefined,
          );
        }}
      >
        <div class="form-grid">
          <TextField
            label={t('person.email')}
            type="email"
            value={invite().email}
            onInput={(v) => update('email', v)}
            error={errors().email}
            required
          />
          <PersonFields fields={['firstName', 'lastName']} person={invite()} onInput={update} errors={errors()} />
          <SelectField label={t('settings.role')} value={invite().role} onChange={(v) => update('role', v)} options={roleOptions()} />
        </div>
        <ErrorBox error={invitation.error} />
        <Show when={invited()}>
          {(done) => (
            <Notice>
              {t('settings.invited', { email: done().email })}
              <code class="secret__value">{done().temporaryPassword}</code>
            </Notice>
          )}
        </Show>
        <div class="actions">
          <button type="submit" class="button button--primary" disabled={invitation.pending}>
            {t('settings.inviteSubmit')}
          </button>
        </div>
      </form>
      <ConfirmDialog
        open={disabling() !== null}
        title={t('settings.disable')}
        confirmLabel={t('settings.disable')}
        danger
        pending={disabled.pending}
        onCancel={() => setDisabling(null)}
        onConfirm={() => {
          const user = disabling();
          if (!user) return;
          disable(user.id).then(
            () => setDisabling(null),
            () => setDisabling(null),
          );
        }}
      >
        <p>{t('settings.disableQuestion', { name: personName(disabling()) || (disabling()?.email ?? '') })}</p>
      </ConfirmDialog>
    </section>
  );
}
