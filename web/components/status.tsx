/** Loading, empty and error states, the same everywhere. */
import { revalidate } from '@solidjs/router';
import { ErrorBoundary, Show, Suspense, type JSX } from 'solid-js';
import { t } from '../i18n';
import { errorMessage } from '../lib/forms';

export function Loading(props: { label?: string }) {
  return (
    <p class="loading" role="status">
      <span class="spinner" aria-hidden="true" />
      {props.label ?? t('app.loading')}
    </p>
  );
}

export function Empty(props: { children: JSX.Element }) {
  return <p class="empty">{props.children}</p>;
}

/** A refused request, in words; the form above it keeps what was typed. */
export function ErrorBox(props: { error: unknown; onRetry?: () => void }) {
  return (
    <Show when={props.error}>
      <div class="error-box" role="alert">
        <p>{errorMessage(props.error)}</p>
        <Show when={props.onRetry}>
          <button type="button" class="button button--small" onClick={() => props.onRetry?.()}>
            {t('common.retry')}
          </button>
        </Show>
      </div>
    </Show>
  );
}

export function Notice(props: { children: JSX.Element }) {
  return (
    <p class="notice" role="status">
      {props.children}
    </p>
  );
}

/** Suspense and error boundary around data read with createAsync; "Réessayer" reloads the reads. */
export function Loader(props: { children: JSX.Element; fallback?: JSX.Element }) {
  return (
    <ErrorBoundary
      fallback={(error, reset) => (
        <ErrorBox
          error={error}
          onRetry={() => {
            void revalidate().then(reset);
          }}
        />
      )}
    >
      <Suspense fallback={props.fallback ?? <Loading />}>{props.children}</Suspense>
    </ErrorBoundary>
  );
}
