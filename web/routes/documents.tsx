/** Menus Interventions, Factures, Devis: one type of document across clients, newest first. */
import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { ClientPicker, type ChosenClient } from '../components/client-picker';
import { DisplayOptions } from '../components/display-options';
import { LinkedRow } from '../components/linked-row';
import { Column, ListTable } from '../components/list-table';
import { PagedResults } from '../components/paged-results';
import { t } from '../i18n';
import { usePageTitle } from '../lib/page-title';
import { type DocumentFilter, listDocuments, type DocumentType } from '../lib/api';
import type { DocumentStatus, SendStatus } from '../../shared/documents';
import { SelectField } from '../components/fields';
import { StatusBadge } from '../components/document-lifecycle';
import { displayModuleOf } from '../lib/document-form';
import { shown } from '../lib/display-options';
import { formatDate, formatDateTime, formatMoney } from '../lib/format';
import { createPagedList } from '../lib/lists';

function isDocumentType(value: string | undefined): value is DocumentType {
  return value === 'intervention' || value === 'invoice' || value === 'quote';
}

export function DocumentsPage(props: { type: DocumentType }) {
  usePageTitle(() => t(`documents.${props.type}`));
  const [status, setStatus] = createSignal<'' | DocumentStatus>('');
  const [sendStatus, setSendStatus] = createSignal<'' | 'never' | SendStatus>('');
  const filter = (): DocumentFilter => ({
    ...(status() ? { status: status() || undefined } : {}),
    ...(sendStatus() ? { sendStatus: sendStatus() || undefined } : {}),
  });
  const list = createPagedList(
    () => ({ type: props.type, filter: filter() }),
    (key, cursor) => listDocuments(key.type, cursor, key.filter),
  );
  const open = (d: { clientId: string; id: string }) => `/clients/${d.clientId}/documents/${d.id}`;
  const isIntervention = () => props.type === 'intervention';
  const showTitle = () => isIntervention() || shown(props.type as 'invoice', 'title');

  return (
    <section class="page">
      <header class="page-header">
        <h1>{t(`documents.${props.type}`)}</h1>
        <div class="page-header__tools">
          <A href={`/documents/new?type=${props.type}`} class="button button--primary">
            {t(`documents.new.${props.type}`)}
          </A>
          <DisplayOptions module={displayModuleOf(props.type)} />
        </div>
      </header>
      <Show when={!isIntervention()}>
        <div class="list-filters">
          <SelectField
            label={t('documents.filter.status')}
            value={status()}
            onChange={(v) => setStatus(v as '' | DocumentStatus)}
            options={[
              { value: '', label: t('documents.filter.all') },
              ...(['draft', 'issued', ...(props.type === 'quote' ? ['accepted', 'refused'] : [])] as DocumentStatus[]).map((value) => ({
                value,
                label: t(`document.status.${value}`),
              })),
            ]}
          />
          <SelectField
            label={t('documents.filter.sendStatus')}
            value={sendStatus()}
            onChange={(v) => setSendStatus(v as '' | 'never' | SendStatus)}
            options={[
              { value: '', label: t('documents.filter.all') },
              { value: 'never', label: t('document.sendStatus.never') },
              ...(['sent', 'delivered', 'bounced', 'complained', 'failed'] as SendStatus[]).map((value) => ({
                value,
                label: t(`status.${value}`),
              })),
            ]}
          />
        </div>
      </Show>
      <PagedResults list={list} empty={t(`documents.empty.${props.type}`)}>
        <ListTable
          caption={t(`documents.${props.type}`)}
          head={
            <>
              <Column>{t('document.number')}</Column>
              <Column>{isIntervention() ? t('document.start') : t('document.date')}</Column>
              <Column>{t('document.client')}</Column>
              <Show when={showTitle()}>
                <Column narrow>{t('document.title')}</Column>
              </Show>
              <Show when={!isIntervention()}>
                <Column>{t('documents.column.status')}</Column>
                <Column num>{t('document.total')}</Column>
              </Show>
            </>
          }
        >
          <For each={list.items()}>
            {(doc) => (
              <LinkedRow href={open(doc)} label={doc.number ?? t('document.status.draft')}>
                <td class="nowrap">
                  {isIntervention() && doc.intervention?.start ? formatDateTime(doc.intervention.start) : formatDate(doc.date)}
                </td>
                <td>{doc.clientName}</td>
                <Show when={showTitle()}>
                  <td class="hide-narrow">{doc.title}</td>
                </Show>
                <Show when={!isIntervention()}>
                  <td class="nowrap">
                    <StatusBadge document={doc} />{' '}
                    <span class="muted">
                      {doc.sendStatus ? t(`status.${doc.sendStatus as SendStatus}`) : t('document.sendStatus.never')}
                    </span>
                  </td>
                  <td class="num nowrap">{formatMoney(doc.totals.grossCents)}</td>
                </Show>
              </LinkedRow>
            )}
          </For>
        </ListTable>
      </PagedResults>
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
