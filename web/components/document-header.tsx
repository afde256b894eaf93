/** A document's title, "Options d'affichage" of its module, and its Données / Rapport tabs. */
import { A } from '@solidjs/router';
import { Show } from 'solid-js';
import { t } from '../i18n';
import { displayModuleOf } from '../lib/document-form';
import type { CarnetDocument, DocumentType } from '../lib/api';
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
        <nav class="tabs tabs--sub" aria-label={t('document.tabs')}>
          <A href={base()} end>
            {t('document.tab.details')}
          </A>
          <A href={`${base()}/report`}>{t('document.tab.report')}</A>
        </nav>
      </Show>
    </>
  );
}
