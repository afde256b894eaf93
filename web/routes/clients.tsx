/** Menu "Suivi client" → Clients: search as you type, "Charger plus", create. */
import { A, action, useAction, useNavigate, useSubmission } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { ClientForm, clientFormValue, clientInput, type ClientFormValue } from '../components/client-form';
import { DisplayOptions } from '../components/display-options';
import { LinkedRow } from '../components/linked-row';
import { Column, ListTable } from '../components/list-table';
import { PagedResults } from '../components/paged-results';
import { SearchBox } from '../components/search-box';
import { t } from '../i18n';
import { usePageTitle } from '../lib/page-title';
import { api, listClients } from '../lib/api';
import { shown } from '../lib/display-options';
import { formatPhone, personName } from '../lib/format';
import { createPagedList, createSearch } from '../lib/lists';

const createClient = action(async (value: ClientFormValue) => api.createClient(clientInput(value)), 'createClient');

export function ClientsPage() {
  usePageTitle(() => t('clients.title'));
  const search = createSearch();
  const list = createPagedList(search.query, (query, cursor) => listClients(query, cursor));

  return (
    <section class="page">
      <header class="page-header">
        <h1>{t('clients.title')}</h1>
        <div class="page-header__tools">
          <A href="/clients/new" class="button button--primary">
            {t('clients.new')}
          </A>
          <DisplayOptions module="client" />
        </div>
      </header>
      <SearchBox label={t('clients.search')} hint={t('clients.searchHint')} search={search} />
      <PagedResults list={list} empty={search.query() ? t('clients.noMatch', { q: search.query() }) : t('clients.empty')} announce>
        <ListTable
          caption={t('clients.list')}
          head={
            <>
              <Column>{t('client.name')}</Column>
              <Show when={shown('client', 'reference')}>
                <Column narrow>{t('client.reference')}</Column>
              </Show>
              <Column>{t('client.mainContact')}</Column>
              <Column narrow>{t('person.email')}</Column>
              <Column narrow>{t('person.phone')}</Column>
            </>
          }
        >
          <For each={list.items()}>
            {(client) => (
              <LinkedRow href={`/clients/${client.id}`} label={client.name}>
                <Show when={shown('client', 'reference')}>
                  <td class="hide-narrow">{client.reference}</td>
                </Show>
                <td>{personName(client.mainContact)}</td>
                <td class="hide-narrow">{client.mainContact.email}</td>
                <td class="hide-narrow nowrap">{formatPhone(client.mainContact.phone ?? client.mainContact.mobile)}</td>
              </LinkedRow>
            )}
          </For>
        </ListTable>
      </PagedResults>
    </section>
  );
}

export function NewClientPage() {
  usePageTitle(() => t('client.newTitle'));
  const save = useAction(createClient);
  const submission = useSubmission(createClient);
  const navigate = useNavigate();
  return (
    <section class="page">
      <header class="page-header">
        <h1>{t('client.newTitle')}</h1>
        <div class="page-header__tools">
          <DisplayOptions module="client" />
        </div>
      </header>
      <ClientForm
        draftKey="client.new"
        initial={clientFormValue()}
        editing={false}
        pending={submission.pending ?? false}
        error={submission.error}
        submitLabel={t('common.create')}
        onCancel={() => navigate('/clients')}
        onSubmit={(value, done) => {
          save(value).then(
            (client) => {
              done(clientFormValue());
              navigate(`/clients/${client.id}`);
            },
            () => undefined,
          );
        }}
      />
    </section>
  );
}
