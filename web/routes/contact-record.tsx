/** "Fiche contact": a secondary contact of the client, in the client record's Contacts tab. */
import { A, useAction, useNavigate, useParams, useSubmission } from '@solidjs/router';
import { Show } from 'solid-js';
import { ContactForm, deleteContact, saveContact } from '../components/contact-form';
import { Empty, ErrorBox } from '../components/status';
import { TabHeader } from '../components/tab-header';
import { t } from '../i18n';
import { ApiError } from '../lib/api';
import { useClientRecord } from '../lib/client-context';
import { personName } from '../lib/format';

export function ContactRecord() {
  const params = useParams<{ contactId?: string }>();
  const record = useClientRecord();
  const clientId = () => record.overview().client.id;
  const contact = () => (params.contactId ? record.overview().contacts.find((c) => c.id === params.contactId) : undefined);
  const save = useAction(saveContact);
  const submission = useSubmission(saveContact);
  const remove = useAction(deleteContact);
  const removal = useSubmission(deleteContact);
  const navigate = useNavigate();
  const back = () => `/clients/${clientId()}/contacts`;
  const address = () => {
    const addressId = contact()?.addressId;
    return addressId ? record.overview().addresses.find((a) => a.id === addressId) : undefined;
  };

  return (
    <Show when={record.contactsOn()} fallback={<Empty>{t('contact.moduleOff')}</Empty>}>
      <Show when={!params.contactId || contact()} fallback={<ErrorBox error={new ApiError(404, 'not_found', '')} />}>
        <TabHeader title={contact() ? `${t('contact.record')} — ${personName(contact())}` : t('contact.new')} module="contact" />
        <ContactForm
          draftKey={`contact.${clientId()}.${params.contactId ?? 'new'}`}
          contact={contact()}
          addresses={record.overview().addresses}
          pending={submission.pending ?? false}
          error={submission.error}
          deletePending={removal.pending}
          deleteError={removal.error}
          onSubmit={(value, done) => {
            const current = contact();
            save(clientId(), current ? { id: current.id, version: current.version } : null, value).then(
              (saved) => {
                done(saved);
                if (!current) navigate(back());
              },
              () => undefined,
            );
          }}
          onCancel={contact() ? undefined : () => navigate(back())}
          onDelete={() => {
            const current = contact();
            if (!current) return;
            remove(clientId(), current.id, current.version).then(
              () => navigate(back(), { replace: true }),
              () => undefined,
            );
          }}
        />
        <Show when={address()}>
          {(linked) => (
            <p class="record-links">
              <A href={`/clients/${clientId()}/addresses/${linked().id}`}>{t('contact.openAddress', { label: linked().label })}</A>
            </p>
          )}
        </Show>
      </Show>
    </Show>
  );
}
