import { locale, setLocale, t } from '../i18n';

/** One button to the other language; the choice is remembered in localStorage. */
export function LanguageSwitch() {
  return (
    <button
      type="button"
      class="button button--link"
      lang={locale() === 'fr' ? 'en' : 'fr'}
      aria-label={t('app.switchLanguageLabel')}
      onClick={() => setLocale(locale() === 'fr' ? 'en' : 'fr')}
    >
      {t('app.switchLanguage')}
    </button>
  );
}
