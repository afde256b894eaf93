import { Show, type JSX } from 'solid-js';
import { t } from '../i18n';
import type { PagedList } from '../lib/lists';
import { Empty, ErrorBox, Loader, Loading } from './status';

/**
 * A paged list read through Suspense: the empty state, or its table (the children) followed by
 * "Charger plus". `announce` tells screen readers how many results are shown.
 */
export function PagedResults<T>(props: { list: PagedList<T>; empty: string; announce?: boolean; children: JSX.Element }) {
  return (
    <Loader>
      <Show when={props.list.first.latest}>
        <Show when={props.list.items().length > 0} fallback={<Empty>{props.empty}</Empty>}>
          <Show when={props.announce}>
            <p class="visually-hidden" role="status">
              {t('common.results', { count: props.list.items().length })}
            </p>
          </Show>
          {props.children}
          <Show when={props.list.hasMore()}>
            <button type="button" class="button" disabled={props.list.loadingMore()} onClick={() => void props.list.loadMore()}>
              {t('common.loadMore')}
            </button>
          </Show>
          <Show when={props.list.loadingMore()}>
            <Loading />
          </Show>
          <ErrorBox error={props.list.moreError()} onRetry={() => void props.list.loadMore()} />
        </Show>
      </Show>
    </Loader>
  );
}
