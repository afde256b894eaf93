/** The language of the interface: French by default, English on request, remembered in localStorage. */
import { createSignal } from 'solid-js';
import { fr, type Dictionary, type MessageKey } from './fr';
import { en } from './en';

export type Locale = 'fr' | 'en';
export type { MessageKey };

const STORAGE_KEY = 'carnet.locale';
const dictionaries: Record<Locale, Dictionary> = { fr, en };

function storedLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'fr';
  } catch {
    return 'fr';
  }
}

const [locale, setLocaleSignal] = createSignal<Locale>(storedLocale());
export { locale };

export function setLocale(next: Locale): void {
  setLocaleSignal(next);
  document.documentElement.lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

document.documentElement.lang = locale();

/** The text for `key` in the current language, with `{name}` placeholders filled in. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text = dictionaries[locale()][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

/** For keys built from API values (a status, a reason, a code); null when the key is unknown. */
export function tMaybe(key: string, params?: Record<string, string | number>): string | null {
  return key in fr ? t(key as MessageKey, params) : null;
}
