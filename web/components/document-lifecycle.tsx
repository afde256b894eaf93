/**
 * Where a document stands and what can be done next (invoices, quotes, credit notes): a draft is
 * issued ("Valider", "Valider et envoyer"); an issued one is frozen — the bar says why and offers
 * "Créer un avoir" (invoice) or "Accepté" / "Refusé" then "Créer la facture" (quote).
 */
import { A, action, json, useAction, useNavigate, useSubmission } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { hasLifecycle } from '../../shared/documents';
import { t, tMaybe } from '../i18n';
import { api, ApiError, type CarnetDocument, getDocument } from '../lib/api';
import { formatDate } from '../lib/format';
import { ErrorBox } from './status';

type Step = 'issue' | 'accept' | 'refuse' | 'invoice' | 'creditNote';

const documentStep = action(async (step: Step, clientId: string, documentId: string) => {
  const call = {
    issue: api.issueDocument,
    accept: api.acceptQuote,
    refuse: api.refuseQuote,
    invoice: api.invoiceFromQuote,
    creditNote: api.createCreditNote,
  }[step];
  return json(await call(clientId, documentId), { revalidate: [getDocument.keyFor(clientId, documentId)] });
}, 'documentStep');

/** The status as a badge: Brouillon, Émis, Accepté, Refusé. */
export function StatusBadge(props: { document: Pick<CarnetDocument, 'type' | 'status'> }) {
  return (
    <Show when={props.document.status}>
      {(status) => (
        <span class={`badge badge--${status()}`}>
          {/* Une facture, un avoir : émise ; un devis : émis. */}
          {status() === 'issued' && props.document.type !== 'quote'
            ? t('document.status.issuedFeminine')
            : t(`document.status.${status()}`)}
        </span>
      )}
    </Show>
  );
}

export function DocumentLifecycle(props: { document: CarnetDocument }) {
  const run = useAction(documentStep);
  const submission = useSubmission(documentStep);
  const navigate = useNavigate();
  const doc = () => props.document;
  const base = (id: string) => `/clients/${doc().clientId}/documents/${id}`;
  const step = (name: Step, then?: (result: CarnetDocument) => void) =>
    run(name, doc().clientId, doc().id).then(
      (result) => then?.(result as CarnetDocument),
      () => undefined,
    );
  const missing = () => {
    const error = submission.error;
    return error instanceof ApiError && error.reason === 'missing_legal_mentions' ? error.errors : [];
  };
  return (
    <Show when={hasLifecycle(doc().type)}>
      <section class={`lifecycle lifecycle--${doc().status ?? 'issued'}`} aria-label={t('lifecycle.title')}>
        <p class="lifecycle__state">
          <StatusBadge document={doc()} />{' '}
          <Show
            when={doc().status === 'draft'}
            fallback={t(`lifecycle.frozen.${doc().type === 'quote' ? 'quote' : 'invoice'}`, {
              date: formatDate(doc().issuedAt ?? doc().date),
            })}
          >
            {t('lifecycle.draft')}
          </Show>
        </p>
        <div class="lifecycle__actions">
          <Show when={doc().status === 'draft'}>
            <button type="button" class="button button--primary" disabled={submission.pending} onClick={() => step('issue')}>
              {t('lifecycle.issue')}
            </button>
            <button
              type="button"
              class="button"
              disabled={submission.pending}
              onClick={() => step('issue', (d) => navigate(`${base(d.id)}/report`))}
            >
              {t('lifecycle.issueAndSend')}
            </button>
          </Show>
          <Show when={doc().type === 'invoice' && doc().status === 'issued'}>
            <button
              type="button"
              class="button"
              disabled={submission.pending}
              onClick={() => step('creditNote', (d) => navigate(base(d.id)))}
            >
              {t('lifecycle.creditNote')}
            </button>
          </Show>
          <Show when={doc().type === 'quote' && doc().status === 'issued'}>
            <button type="button" class="button" disabled={submission.pending} onClick={() => step('accept')}>
              {t('lifecycle.accept')}
            </button>
            <button type="button" class="button" disabled={submission.pending} onClick={() => step('refuse')}>
              {t('lifecycle.refuse')}
            </button>
          </Show>
          <Show when={doc().type === 'quote' && doc().status === 'accepted'}>
            <Show
              when={doc().invoiceId}
              fallback={
                <button
                  type="button"
                  class="button button--primary"
                  disabled={submission.pending}
                  onClick={() => step('invoice', (d) => navigate(base(d.id)))}
                >
                  {t('lifecycle.invoice')}
                </button>
              }
            >
              {(invoiceId) => <A href={base(invoiceId())}>{t('lifecycle.openInvoice')}</A>}
            </Show>
          </Show>
          <Show when={doc().creditedDocumentId}>
            {(id) => <A href={base(id())}>{t('lifecycle.creditedInvoice', { number: doc().creditedNumber ?? '' })}</A>}
          </Show>
        </div>
        <Show when={missing().length > 0} fallback={<ErrorBox error={submission.error} />}>
          <div class="error-box" role="alert">
            <p>{t('lifecycle.missing')}</p>
            <ul>
              <For each={missing()}>{(m) => <li>{tMaybe(`lifecycle.missing.${m.path}`) ?? m.message}</li>}</For>
            </ul>
            <A href="/settings">{t('lifecycle.toSettings')}</A>
          </div>
        </Show>
      </section>
    </Show>
  );
}
