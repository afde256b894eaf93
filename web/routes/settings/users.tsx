/** Users: their role and status, disabling one, and inviting one (a temporary password shown once). */
import { action, createAsync, useAction, useSubmission } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { SelectField, TextField } from '../../components/fields';
import { PersonFields } from '../../components/person-fields';
import { ResourceTable } from '../../components/resource-table';
import { ErrorBox, Notice } from '../../components/status';
import { t } from '../../i18n';
import { api, listUsers, type Role, type User } from '../../lib/api';
import { personName } from '../../lib/format';
import { fieldErrors } from '../../lib/forms';
import { orNull } from '../../lib/values';
import { Panel, roleOptions, type SettingsSection } from './section';

interface Invitation {
  email: string;
  firstName: string;
  lastName: string;
  role: Role;
}

const inviteUser = action(
  async (input: Invitation) =>
    api.inviteUser({ email: input.email.trim(), firstName: orNull(input.firstName), lastName: orNull(input.lastName), role: input.role }),
  'inviteUser',
);
const changeUser = action(async (userId: string, patch: { role: Role }) => api.patchUser(userId, patch), 'changeUser');
const disableUser = action(async (userId: string) => api.disableUser(userId), 'disableUser');

const nameOf = (user: User) => personName(user) || user.email;

export const UsersSection: SettingsSection = (props) => {
  const users = createAsync(() => listUsers());
  const selfId = () => props.me.user?.id ?? '';
  const change = useAction(changeUser);
  const changing = useSubmission(changeUser);
  const disable = useAction(disableUser);
  const disabled = useSubmission(disableUser);

  return (
    <Panel id="users" title={t('settings.users')}>
      <ResourceTable
        caption={t('settings.users')}
        items={users()?.items}
        columns={[
          {
            header: t('settings.userName'),
            cell: (user) => (
              <>
                {nameOf(user)}
                <Show when={user.id === selfId()}> {t('settings.you')}</Show>
              </>
            ),
          },
          { header: t('settings.userEmail'), narrow: true, cell: (user) => user.email },
          {
            header: t('settings.role'),
            cell: (user) => (
              <SelectField
                label={t('settings.userRole', { name: nameOf(user) })}
                hideLabel
                value={user.role}
                disabled={user.id === selfId() || user.status === 'disabled'}
                onChange={(v) => void change(user.id, { role: v as Role }).catch(() => undefined)}
                options={roleOptions()}
              />
            ),
          },
          { header: t('settings.userStatus'), cell: (user) => t(`settings.status.${user.status}`) },
        ]}
        action={{
          label: t('settings.disable'),
          danger: true,
          available: (user) => user.status === 'active' && user.id !== selfId(),
          name: nameOf,
          question: (user) => t('settings.disableQuestion', { name: nameOf(user) }),
          run: (user) => disable(user.id),
          pending: disabled.pending ?? false,
          error: disabled.error,
        }}
      />
      <ErrorBox error={changing.error} />
      <h3>{t('settings.invite')}</h3>
      <InviteForm />
    </Panel>
  );
};

function InviteForm() {
  const blank = (): Invitation => ({ email: '', firstName: '', lastName: '', role: 'member' });
  const [invite, setInvite] = createSignal(blank());
  const [invited, setInvited] = createSignal<{ email: string; temporaryPassword: string } | null>(null);
  const send = useAction(inviteUser);
  const invitation = useSubmission(inviteUser);
  const errors = () => fieldErrors(invitation.error);
  const update = (field: keyof Invitation, value: string) => setInvite({ ...invite(), [field]: value });

  return (
    <form
      class="stack"
      novalidate
      onSubmit={(event) => {
        event.preventDefault();
        setInvited(null);
        send(invite()).then(
          (user) => {
            setInvited({ email: user.email, temporaryPassword: user.temporaryPassword });
            setInvite(blank());
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
  );
}
