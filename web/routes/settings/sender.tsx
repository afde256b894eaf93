/** The email sender: the name the emails come from and the reply-to address. */
import { action, createAsync, useAction, useSubmission } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { TextField } from '../../components/fields';
import { FormActions } from '../../components/form-actions';
import { t } from '../../i18n';
import { api, getSettings, type Settings } from '../../lib/api';
import { fieldErrors } from '../../lib/forms';
import { orNull } from '../../lib/values';
import { Panel, type SettingsSection } from './section';

const saveSender = action(
  async (fromName: string, replyTo: string) => api.patchSettings({ sender: { fromName: orNull(fromName), replyTo: orNull(replyTo) } }),
  'saveSender',
);

export const SenderSection: SettingsSection = () => {
  const settings = createAsync(() => getSettings());
  return <Show when={settings()}>{(current) => <SenderForm sender={current().sender} />}</Show>;
};

function SenderForm(props: { sender: Settings['sender'] }) {
  const [fromName, setFromName] = createSignal(props.sender.fromName ?? '');
  const [replyTo, setReplyTo] = createSignal(props.sender.replyTo ?? '');
  const [saved, setSaved] = createSignal(false);
  const save = useAction(saveSender);
  const submission = useSubmission(saveSender);
  const errors = () => fieldErrors(submission.error);
  return (
    <Panel id="sender" title={t('settings.sender')}>
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
    </Panel>
  );
}
