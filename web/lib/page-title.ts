import { createEffect } from 'solid-js';
import { t } from '../i18n';

/** The browser tab's title follows the screen (and the language): "Clients · Carnet". */
export function usePageTitle(title: () => string | undefined): void {
  createEffect(() => {
    const text = title();
    document.title = text ? `${text} · ${t('app.name')}` : t('app.name');
  });
}
