/** Menus Interventions, Factures, Devis: one type of document across clients, newest first. */
import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { ClientPicker, type ChosenClient } from '../components/client-picker';
import { DisplayOptions } from '../components/display-options';
import { Empty, ErrorBox, Loader, Loading } from '../components/status';
import { t } from '../i18n';
import { usePageTitle } from '../lib/page-title';
import { listDocuments, type DocumentType } from '../lib/api';
import { shown } from '../lib/display-options';
import { formatDate, formatDateTime, formatMoney } from '../lib/format';
import { createPagedList } from '../lib/lists';

function isDocumentType(value: string | undefined): value is DocumentType {
  return value === 'intervention' || value === 'invoice' || value === 'quote';
}

export function DocumentsPage(props: { type: DocumentType }) {
  usePageTitle(() => t(`documents.${props.type}`));
  const list = createPagedList(
    () => props.type,
    (type, cursor) => listDocuments(type, cursor),
  );
  const navigate = useNavigate();
  const open = (d: { clientId: string; id: string }) => `/clients/${d.clientId}/documents/${d.id}`;
  const isIntervention = () => props.type === 'intervention';

  return (
    <section class="page">
      <header class="page-header">
        <h1>{t(`documents.${props.type}`)}</h1>
        <div class="page-header__tools">
          <A href={`/documents/new?type=${props.type}`} class="button button--primary">
            {t(`documents.new.${props.type}`)}
          </A>
          <DisplayOptions module={props.type} />
        </div>
      </header>
      <Loader>
        <Show when={list.first.latest}>
          <Show when={list.items().length > 0} fallback={<Empty>{t(`documents.empty.${props.type}`)}</Empty>}>
            <div class="table-wrap">
              <table class="list">
                <caption class="visually-hidden">{t(`documents.${props.type}`)}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('document.number')}</th>
                    <th scope="col">{isIntervention() ? t('document.start') : t('document.date')}</th>
                    <th scope="col">{t('document.client')}</th>
                    <Show when={isIntervention() || shown(props.type as 'invoice', 'title')}>
                      <th scope="col" class="hide-narrow">
                        {t('document.title')}
                      </th>
                    </Show>
                    <Show when={!isIntervention()}>
                      <th scope="col" class="num">
                        {t('document.total')}
                      </th>
                    </Show>
                  </tr>
                </thead>
                <tbody>
                  <For each={list.items()}>
                    {(doc) => (
                      <tr class="clickable" onClick={() => navigate(open(doc))}>
                        <td>
                          <A href={open(doc)} onClick={(e) => e.stopPropagation()}>
                            {doc.number}
                          </A>
                        </td>
                        <td class="nowrap">
                          {isIntervention() && doc.intervention?.start
                            ? formatDateTime(doc.intervention.start)
                            : formatDate(doc.date)}
                        </td>
                        <td>{doc.clientName}</td>
                        <Show when={isIntervention() || shown(props.type as 'invoice', 'title')}>
                          <td class="hide-narrow">{doc.title}</td>
                        </Show>
                        <Show when={!isIntervention()}>
                          <td class="num nowrap">{formatMoney(doc.totals.grossCents)}</td>
                        </Show>
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
    </section>
  );
}

/** A new document from the menus: first the client, then the document form in its record. */
export function NewDocumentPage() {
  const [params] = useSearchParams<{ type?: string }>();
  const type = (): DocumentType => (isDocumentType(params.type) ? params.type : 'invoice');
  const [client, setClient] = createSignal<ChosenClient | null>(null);
  const navigate = useNavigate();
  usePageTitle(() => t(`documents.new.${type()}`));
  return (
    <section class="page">
      <header class="page-header">
        <h1>{t(`documents.new.${type()}`)}</h1>
      </header>
      <fieldset>
        <legend>{t('document.client')}</legend>
        <ClientPicker
          value={client()}
          onChange={(chosen) => {
            setClient(chosen);
            if (chosen) navigate(`/clients/${chosen.id}/documents/new?type=${type()}`);
          }}
        />
      </fieldset>
    </section>
  );
}
