/** Menu "Suivi client" → Contacts: the secondary contacts of every client (module on). */
import { A, createAsync, useAction, useNavigate, useSubmission } from '@solidjs/router';
import { createSignal, For, Show, type JSX } from 'solid-js';
import { ClientPicker, type ChosenClient } from '../components/client-picker';
import { ContactForm, saveContact } from '../components/contact-form';
import { EmailLink, PhoneLink } from '../components/contact-links';
import { DisplayOptions } from '../components/display-options';
import { LinkedRow } from '../components/linked-row';
import { Column, ListTable } from '../components/list-table';
import { PagedResults } from '../components/paged-results';
import { SearchBox } from '../components/search-box';
import { Empty, Loader } from '../components/status';
import { t } from '../i18n';
import { usePageTitle } from '../lib/page-title';
import { getMe, getOverview, listDirectory } from '../lib/api';
import { shown } from '../lib/display-options';
import { createPagedList, createSearch } from '../lib/lists';

/** Its children while the secondary-contacts module is on; otherwise why not (or nothing, `quiet`). */
function ModuleGate(props: { children: JSX.Element; quiet?: boolean }) {
  const me = createAsync(() => getMe());
  return (
    <Show when={me()}>
      {(current) => (
        <Show when={current().modules.secondaryContacts} fallback={props.quiet ? undefined : <Empty>{t('contact.moduleOff')}</Empty>}>
          {props.children}
        </Show>
      )}
    </Show>
  );
}

export function DirectoryPage() {
  usePageTitle(() => t('directory.title'));
  const search = createSearch();
  const list = createPagedList(search.query, (query, cursor) => listDirectory(query, cursor));
  const open = (c: { clientId: string; id: string }) => `/clients/${c.clientId}/contacts/${c.id}`;

  return (
    <section class="page">
      <header class="page-header">
        <h1>{t('directory.title')}</h1>
        <div class="page-header__tools">
          <ModuleGate quiet>
            <A href="/contacts/new" class="button button--primary">
              {t('contact.new')}
            </A>
            <DisplayOptions module="contact" />
          </ModuleGate>
        </div>
      </header>
      <ModuleGate>
        <SearchBox label={t('directory.search')} hint={t('directory.searchHint')} search={search} />
        <PagedResults list={list} empty={search.query() ? t('directory.noMatch', { q: search.query() }) : t('directory.empty')}>
          <ListTable
            caption={t('directory.title')}
            head={
              <>
                <Column>{t('person.lastName')}</Column>
                <Column>{t('contact.client')}</Column>
                <Show when={shown('contact', 'jobTitle')}>
                  <Column narrow>{t('person.jobTitle')}</Column>
                </Show>
                <Column narrow>{t('person.email')}</Column>
                <Column>{t('person.phone')}</Column>
              </>
            }
          >
            <For each={list.items()}>
              {(contact) => (
                <LinkedRow
                  href={open(contact)}
                  label={[contact.lastName, contact.firstName].filter(Boolean).join(' ') || t('person.noName')}
                >
                  <td>
                    <A href={`/clients/${contact.clientId}`} onClick={(event) => event.stopPropagation()}>
                      {contact.clientName}
                    </A>
                  </td>
                  <Show when={shown('contact', 'jobTitle')}>
                    <td class="hide-narrow">{contact.jobTitle}</td>
                  </Show>
                  <td class="hide-narrow">
                    <EmailLink email={contact.email} />
                  </td>
                  <td>
                    <PhoneLink phone={contact.phone ?? contact.mobile} e164={contact.phone ? contact.phoneE164 : contact.mobileE164} />
                  </td>
                </LinkedRow>
              )}
            </For>
          </ListTable>
        </PagedResults>
      </ModuleGate>
    </section>
  );
}

export function NewDirectoryContactPage() {
  usePageTitle(() => t('directory.newTitle'));
  const [client, setClient] = createSignal<ChosenClient | null>(null);
  const overview = createAsync(async () => {
    const chosen = client();
    return chosen ? getOverview(chosen.id) : undefined;
  });
  const save = useAction(saveContact);
  const submission = useSubmission(saveContact);
  const navigate = useNavigate();

  return (
    <section class="page">
      <header class="page-header">
        <h1>{t('directory.newTitle')}</h1>
        <div class="page-header__tools">
          <DisplayOptions module="contact" />
        </div>
      </header>
      <ModuleGate>
        <fieldset>
          <legend>{t('contact.client')}</legend>
          <Show when={!client()}>
            <p>{t('directory.chooseClient')}</p>
          </Show>
          <ClientPicker value={client()} onChange={setClient} />
        </fieldset>
        <Show when={client()}>
          {(chosen) => (
            <Loader>
              <Show when={overview()}>
                {(current) => (
                  <ContactForm
                    draftKey={`contact.${chosen().id}.new`}
                    contact={undefined}
                    addresses={current().addresses}
                    pending={submission.pending ?? false}
                    error={submission.error}
                    onSubmit={(value, done) => {
                      save(chosen().id, null, value).then(
                        (saved) => {
                          done(saved);
                          navigate(`/clients/${saved.clientId}/contacts/${saved.id}`);
                        },
                        () => undefined,
                      );
                    }}
                  />
                )}
              </Show>
            </Loader>
          )}
        </Show>
      </ModuleGate>
    </section>
  );
}
