/** Menu "Suivi client" → Contacts: the secondary contacts of every client (module on). */
import { A, createAsync, useAction, useNavigate, useSearchParams, useSubmission } from '@solidjs/router';
import { createSignal, For, Show, type JSX } from 'solid-js';
import { ClientPicker, type ChosenClient } from '../components/client-picker';
import { ContactForm, saveContact } from '../components/contact-form';
import { DisplayOptions } from '../components/display-options';
import { TextField } from '../components/fields';
import { Empty, ErrorBox, Loader, Loading } from '../components/status';
import { t } from '../i18n';
import { usePageTitle } from '../lib/page-title';
import { getMe, getOverview, listDirectory } from '../lib/api';
import { shown } from '../lib/display-options';
import { formatPhone, personName } from '../lib/format';
import { createDebounced, createPagedList } from '../lib/lists';

/** Its children while the secondary-contacts module is on; otherwise why not (or nothing, `quiet`). */
function ModuleGate(props: { children: JSX.Element; quiet?: boolean }) {
  const me = createAsync(() => getMe());
  return (
    <Show when={me()}>
      {(current) => (
        <Show
          when={current().modules.secondaryContacts}
          fallback={props.quiet ? undefined : <Empty>{t('contact.moduleOff')}</Empty>}
        >
          {props.children}
        </Show>
      )}
    </Show>
  );
}

export function DirectoryPage() {
  usePageTitle(() => t('directory.title'));
  const [params, setParams] = useSearchParams<{ q?: string }>();
  const [typed, setTyped] = createSignal(params.q ?? '');
  const q = createDebounced(typed, 250);
  const list = createPagedList(
    () => q().trim(),
    (query, cursor) => listDirectory(query, cursor),
  );
  const navigate = useNavigate();
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
        <div role="search">
          <TextField
            label={t('directory.search')}
            type="search"
            value={typed()}
            onInput={(v) => {
              setTyped(v);
              setParams({ q: v || undefined }, { replace: true });
            }}
            hint={t('directory.searchHint')}
          />
        </div>
        <Loader>
          <Show when={list.first.latest}>
            <Show
              when={list.items().length > 0}
              fallback={<Empty>{q().trim() ? t('directory.noMatch', { q: q().trim() }) : t('directory.empty')}</Empty>}
            >
              <div class="table-wrap">
                <table class="list">
                  <caption class="visually-hidden">{t('directory.title')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('person.lastName')}</th>
                      <th scope="col">{t('contact.client')}</th>
                      <Show when={shown('contact', 'jobTitle')}>
                        <th scope="col" class="hide-narrow">
                          {t('person.jobTitle')}
                        </th>
                      </Show>
                      <th scope="col" class="hide-narrow">
                        {t('person.email')}
                      </th>
                      <th scope="col" class="hide-narrow">
                        {t('person.phone')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={list.items()}>
                      {(contact) => (
                        <tr class="clickable" onClick={() => navigate(open(contact))}>
                          <td>
                            <A href={open(contact)} onClick={(e) => e.stopPropagation()}>
                              {[contact.lastName, contact.firstName].filter(Boolean).join(' ') || t('person.noName')}
                            </A>
                          </td>
                          <td>{contact.clientName}</td>
                          <Show when={shown('contact', 'jobTitle')}>
                            <td class="hide-narrow">{contact.jobTitle}</td>
                          </Show>
                          <td class="hide-narrow">{contact.email}</td>
                          <td class="hide-narrow nowrap">{formatPhone(contact.phone ?? contact.mobile)}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
              <Show when={list.hasMore()}>
                <button type="button" class="button" disabled={list.loadingMore()} onClick={() => void list.loadMore()}>
                  {t('common.loadMore')}
                </button>
              </Show>
              <Show when={list.loadingMore()}>
                <Loading />
              </Show>
              <ErrorBox error={list.moreError()} onRetry={() => void list.loadMore()} />
            </Show>
          </Show>
        </Loader>
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
