/** Search-as-you-type and "Charger plus" paging over the API's `{ items, nextCursor }` lists. */
import { createAsync, useSearchParams, type AccessorWithLatest } from '@solidjs/router';
import { createComputed, createSignal, on, onCleanup, type Accessor } from 'solid-js';
import type { Page } from './api';

/** `source` once it has stopped changing for `ms`. */
export function createDebounced<T>(source: Accessor<T>, ms = 250): Accessor<T> {
  const [value, setValue] = createSignal<T>(source());
  let timer: ReturnType<typeof setTimeout> | undefined;
  createComputed(
    on(
      source,
      (next) => {
        clearTimeout(timer);
        timer = setTimeout(() => setValue(() => next), ms);
      },
      { defer: true },
    ),
  );
  onCleanup(() => clearTimeout(timer));
  return value;
}

export interface Search {
  /** what is in the search box */
  typed: Accessor<string>;
  setTyped: (text: string) => void;
  /** what to search for: the typed text, trimmed, once typing has paused */
  query: Accessor<string>;
}

/** A search box's text, kept in the address (`?q=`) so that Back returns to the same results. */
export function createSearch(): Search {
  const [params, setParams] = useSearchParams<{ q?: string }>();
  const [typed, setTyped] = createSignal(params.q ?? '');
  const debounced = createDebounced(typed, 250);
  return {
    typed,
    setTyped(text) {
      setTyped(text);
      setParams({ q: text || undefined }, { replace: true });
    },
    query: () => debounced().trim(),
  };
}

export interface PagedList<T> {
  /** the first page, read through Suspense */
  first: AccessorWithLatest<Page<T> | undefined>;
  items: Accessor<T[]>;
  hasMore: Accessor<boolean>;
  loadingMore: Accessor<boolean>;
  moreError: Accessor<unknown>;
  loadMore: () => Promise<void>;
}

export function createPagedList<K, T>(key: Accessor<K>, fetchPage: (key: K, cursor: string | null) => Promise<Page<T>>): PagedList<T> {
  const first = createAsync(() => fetchPage(key(), null));
  const [more, setMore] = createSignal<Page<T>[]>([]);
  const [loadingMore, setLoadingMore] = createSignal(false);
  const [moreError, setMoreError] = createSignal<unknown>();
  createComputed(
    on(key, () => {
      setMore([]);
      setMoreError(undefined);
    }),
  );
  const nextCursor = () => {
    const pages = more();
    return pages.length ? (pages[pages.length - 1]?.nextCursor ?? null) : (first.latest?.nextCursor ?? null);
  };
  return {
    first,
    items: () => [...(first.latest?.items ?? []), ...more().flatMap((p) => p.items)],
    hasMore: () => nextCursor() !== null,
    loadingMore,
    moreError,
    async loadMore() {
      const cursor = nextCursor();
      if (!cursor || loadingMore()) return;
      const forKey = key();
      setLoadingMore(true);
      setMoreError(undefined);
      try {
        const page = await fetchPage(forKey, cursor);
        if (key() === forKey) setMore([...more(), page]);
      } catch (error) {
        setMoreError(error);
      } finally {
        setLoadingMore(false);
      }
    },
  };
}
