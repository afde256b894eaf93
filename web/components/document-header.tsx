/**
 * A document's title, "Options d'affichage" of its module, links to its client, address and
 * contact, and its Contenu / Rapport tabs.
 */
import { A } from '@solidjs/router';
import { Show, useContext } from 'solid-js';
import { t } from '../i18n';
import { displayModuleOf } from '../lib/document-form';
import type { CarnetDocument, DocumentType } from '../lib/api';
import { ClientContext } from '../lib/client-context';
import { personName } from '../lib/format';
import { TabHeader } from './tab-header';

export function DocumentHeader(props: { type: DocumentType; document?: CarnetDocument; clientId: string }) {
  const base = () => `/clients/${props.clientId}/documents/${props.document?.id ?? ''}`;
  return (
    <>
      <TabHeader
        title={
          props.document
            ? `${t(`document.type.${props.type}`)} ${props.document.number ?? t('document.status.draft')}`
            : t(`documents.new.${props.type}`)
        }
        module={displayModuleOf(props.type)}
      />
      <Show when={props.document}>
        {(doc) => (
          <>
            <DocumentLinks document={doc()} />
            <nav class="tabs tabs--sub" aria-label={t('document.tabs')}>
              <A href={base()} end>
                {t('document.tab.details')}
              </A>
              <A href={`${base()}/report`}>{t('document.tab.report')}</A>
            </nav>
          </>
        )}
      </Show>
    </>
  );
}

/** Client · Adresse · Contact of a document, each a link to its record. */
function DocumentLinks(props: { document: CarnetDocument }) {
  const record = useContext(ClientContext);
  const client = () => `/clients/${props.document.clientId}`;
  const address = () => record?.overview().addresses.find((a) => a.id === props.document.addressId);
  const contact = () => record?.overview().contacts.find((c) => c.id === props.document.contactId);
  return (
    <Show when={record}>
      {(current) => (
        <ul class="record-links" aria-label={t('document.links')}>
          <li>
            <span class="muted">{t('common.labelled', { label: t('document.client') })}</span>{' '}
            <A href={client()}>{current().overview().client.name}</A>
          </li>
          <Show when={address()}>
            {(linked) => (
              <li>
                <span class="muted">{t('common.labelled', { label: t('document.address') })}</span>{' '}
                <A href={`${client()}/addresses/${linked().id}`}>{linked().label}</A>
              </li>
            )}
          </Show>
          <Show when={contact()}>
            {(linked) => (
              <li>
                <span class="muted">{t('common.labelled', { label: t('document.contact') })}</span>{' '}
                <A href={`${client()}/contacts/${linked().id}`}>{personName(linked()) || t('person.noName')}</A>
              </li>
            )}
          </Show>
        </ul>
      )}
    </Show>
  );
}
