/** Menu "Suivi client" → Clients: search as you type, "Charger plus", create. */
import { A, action, useAction, useNavigate, useSearchParams, useSubmission } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { ClientForm, clientFormValue, clientInput, type ClientFormValue } from '../components/client-form';
import { DisplayOptions } from '../components/display-options';
import { TextField } from '../components/fields';
import { Empty, ErrorBox, Loader, Loading } from '../components/status';
import { t } from '../i18n';
import { usePageTitle } from '../lib/page-title';
import { api, listClients } from '../lib/api';
import { shown } from '../lib/display-options';
import { formatPhone, personName } from '../lib/format';
import { createDebounced, createPagedList } from '../lib/lists';

const createClient = action(async (value: ClientFormValue) => api.createClient(clientInput(value)), 'createClient');

export function ClientsPage() {
  usePageTitle(() => t('clients.title'));
  const [params, setParams] = useSearchParams<{ q?: string }>();
  const [typed, setTyped] = createSignal(params.q ?? '');
  const q = createDebounced(typed, 250);
  const list = createPagedList(
    () => q().trim(),
    (query, cursor) => listClients(query, cursor),
  );
  const navigate = useNavigate();

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
      <div role="search">
        <TextField
          label={t('clients.search')}
          type="search"
          value={typed()}
          onInput={(v) => {
            setTyped(v);
            setParams({ q: v || undefined }, { replace: true });
          }}
          hint={t('clients.searchHint')}
        />
      </div>
      <Loader>
        <Show when={list.first.latest}>
          <Show
            when={list.items().length > 0}
            fallback={<Empty>{q().trim() ? t('clients.noMatch', { q: q().trim() }) : t('clients.empty')}</Empty>}
          >
            <p class="visually-hidden" role="status">
              {t('common.results', { count: list.items().length })}
            </p>
            <div class="table-wrap">
              <table class="list">
                <caption class="visually-hidden">{t('clients.list')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('client.name')}</th>
                    <Show when={shown('client', 'reference')}>
                      <th scope="col" class="hide-narrow">
                        {t('client.reference')}
                      </th>
                    </Show>
                    <th scope="col">{t('client.mainContact')}</th>
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
                    {(client) => (
                      <tr class="clickable" onClick={() => navigate(`/clients/${client.id}`)}>
                        <td>
                          <A href={`/clients/${client.id}`} onClick={(event) => event.stopPropagation()}>
                            {client.name}
                          </A>
                        </td>
                        <Show when={shown('client', 'reference')}>
                          <td class="hide-narrow">{client.reference}</td>
                        </Show>
                        <td>{personName(client.mainContact)}</td>
                        <td class="hide-narrow">{client.mainContact.email}</td>
                        <td class="hide-narrow nowrap">{formatPhone(client.mainContact.phone ?? client.mainContact.mobile)}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
            <Show when={list.hasMore()}>
              <button
                type="button"
                class="button"
                disabled={list.loadingMore()}
                onClick={() => void list.loadMore()}
              >
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
