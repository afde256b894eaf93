/** The fields only an intervention has: its times, its technician, its description and report. */
import { createAsync } from '@solidjs/router';
import { Show } from 'solid-js';
import { t } from '../i18n';
import { listUsers, type User } from '../lib/api';
import { useClientRecord } from '../lib/client-context';
import { shown } from '../lib/display-options';
import type { DocumentFormPart } from '../lib/document-form';
import { personName } from '../lib/format';
import { SelectField, TextArea, TextField } from './fields';

export function InterventionTimes(props: DocumentFormPart) {
  return (
    <>
      <TextField
        label={t('document.startTime')}
        type="time"
        value={props.form.startTime}
        onInput={(v) => props.setForm('startTime', v)}
        error={props.errors['intervention.start']}
      />
      <TextField
        label={t('document.endTime')}
        type="time"
        value={props.form.endTime}
        onInput={(v) => props.setForm('endTime', v)}
        error={props.errors['intervention.end']}
      />
    </>
  );
}

/** The organisation's active users; a member, who may not list them, picks from themselves. */
export function TechnicianField(props: DocumentFormPart) {
  const record = useClientRecord();
  const technicians = createAsync(async (): Promise<User[] | null> => {
    try {
      return (await listUsers()).items.filter((u) => u.status === 'active');
    } catch {
      return null;
    }
  });
  const options = () => {
    const me = record.me()?.user;
    const users = technicians.latest ?? (me ? [{ id: me.id, email: me.email, firstName: me.firstName, lastName: me.lastName }] : []);
    return [{ value: '', label: t('document.noTechnician') }, ...users.map((u) => ({ value: u.id, label: personName(u) || u.email }))];
  };
  return (
    <SelectField
      label={t('document.technician')}
      value={props.form.technicianUserId}
      onChange={(v) => props.setForm('technicianUserId', v)}
      options={options()}
      error={props.errors['intervention.technicianUserId']}
    />
  );
}

export function InterventionNotes(props: DocumentFormPart) {
  return (
    <>
      <Show when={shown('intervention', 'description')}>
        <TextArea
          label={t('document.description')}
          value={props.form.description}
          onInput={(v) => props.setForm('description', v)}
          error={props.errors['intervention.description']}
        />
      </Show>
      <Show when={shown('intervention', 'report')}>
        <TextArea
          label={t('document.report')}
          value={props.form.report}
          onInput={(v) => props.setForm('report', v)}
          error={props.errors['intervention.report']}
          rows={5}
        />
      </Show>
    </>
  );
}
