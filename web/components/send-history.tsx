/** A document's sends, newest first, polled until each has reached a final status from SES. */
import { createAsync, revalidate } from '@solidjs/router';
import { createEffect, For, onCleanup, Show } from 'solid-js';
import { t, tMaybe } from '../i18n';
import { type CarnetDocument, getRecipients, listSends, type Send } from '../lib/api';
import { formatDateTime } from '../lib/format';
import { Empty, Loader } from './status';

const FINAL_STATUSES = new Set(['delivered', 'bounced', 'complained', 'failed']);
const POLL_MS = 2000;

export function SendHistory(props: { document: CarnetDocument }) {
  const sends = createAsync(() => listSends(props.document.clientId, props.document.id));

  // Poll while a send has not reached a final status (delivered, bounced, complained, failed).
  createEffect(() => {
    let items: Send[] = [];
    try {
      items = sends.latest?.items ?? [];
    } catch {
      return;
    }
    if (!items.some((s) => !FINAL_STATUSES.has(s.status))) return;
    // The recipients too: a bounce or a complaint makes an address unavailable.
    const keys = [
      listSends.keyFor(props.document.clientId, props.document.id),
      getRecipients.keyFor(props.document.clientId, props.document.id),
    ];
    const timer = setTimeout(() => void revalidate(keys, true), POLL_MS);
    onCleanup(() => clearTimeout(timer));
  });

  return (
    <aside class="report__history" aria-labelledby="history-title">
      <h3 id="history-title">{t('report.history')}</h3>
      <Loader>
        <Show when={sends()}>
          {(page) => (
            <Show when={page().items.length > 0} fallback={<Empty>{t('report.historyEmpty')}</Empty>}>
              <ol class="history" aria-live="polite">
                <For each={page().items}>
                  {(item) => (
                    <li class="history__item">
                      <p class="history__meta">
                        <span class="visually-hidden">{t('report.status')} </span>
                        <span class={`status status--${item.status}`}>{tMaybe(`status.${item.status}`) ?? item.status}</span>{' '}
                        <time dateTime={item.createdAt}>{formatDateTime(item.createdAt)}</time>
                        <Show when={item.sentBy.name}>
                          {' · '}
                          {t('report.sentBy', { name: item.sentBy.name ?? '' })}
                        </Show>
                      </p>
                      <p>
                        {t('report.to', {
                          list: item.to.map((r) => (r.name ? `${r.name} <${r.email}>` : r.email)).join(', '),
                        })}
                      </p>
                      <p class="muted">{item.subject ?? t('report.noSubject')}</p>
                    </li>
                  )}
                </For>
              </ol>
            </Show>
          )}
        </Show>
      </Loader>
    </aside>
  );
}
