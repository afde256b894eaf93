/**
 * Form helpers: the API's field errors (problem+json `errors[].path`) shown at the field, and
 * drafts kept in sessionStorage so that nothing typed is lost to an expired session or a reload.
 */
import { createEffect, createSignal, on } from 'solid-js';
import { createStore, reconcile, unwrap, type SetStoreFunction, type Store } from 'solid-js/store';
import { t, tMaybe, type MessageKey } from '../i18n';
import { ApiError } from './api';

/** The API's field messages (English, from shared/text.ts) mapped to a translated one. */
const FIELD_MESSAGES: Array<[RegExp, MessageKey]> = [
  [/required/i, 'error.field.required'],
  [/first name or a last name/i, 'error.field.nameRequired'],
  [/email/i, 'error.field.email'],
  [/phone/i, 'error.field.phone'],
  [/at most|too (long|big)/i, 'error.field.tooLong'],
  [/control character/i, 'error.field.control'],
  [/country code/i, 'error.field.country'],
];

export function fieldMessage(message: string): string {
  for (const [pattern, key] of FIELD_MESSAGES) if (pattern.test(message)) return t(key);
  return t('error.field.other');
}

/** `{ 'mainContact.email': 'Adresse email invalide.' }` from a refused request. */
export function fieldErrors(error: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (error instanceof ApiError) {
    for (const e of error.errors) {
      const path = e.path.replace(/^body\./, '');
      result[path] ??= fieldMessage(e.message);
    }
  }
  return result;
}

/** The sentence for a refused request, in the current language. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return t('error.network');
    const reason = error.reason ?? (error.code === 'unprocessable' ? error.detail : undefined);
    if (reason) {
      const byReason = tMaybe(`error.reason.${reason}`);
      if (byReason) return byReason;
    }
    return tMaybe(`error.${error.code}`) ?? t('error.other');
  }
  return t('error.other');
}

export interface Draft<T extends object> {
  form: Store<T>;
  setForm: SetStoreFunction<T>;
  /** true when the form was filled from a stored draft rather than from `initial` */
  restored: () => boolean;
  /** forget the draft (after a successful save, or when the user discards it) */
  clear: (next?: T) => void;
}

/**
 * A form's state, kept in sessionStorage under `key` once the user changes something.
 * `initial` is what the form shows when there is no draft (a new record, or the saved one).
 */
export function createDraft<T extends object>(key: string, initial: T): Draft<T> {
  const storageKey = `carnet.draft.${key}`;
  let stored: T | null = null;
  try {
    const raw = sessionStorage.getItem(storageKey);
    if (raw) stored = JSON.parse(raw) as T;
  } catch {
    stored = null;
  }
  const [form, setForm] = createStore<T>(structuredClone(stored ?? initial));
  const [restored, setRestored] = createSignal(stored !== null);
  let baseline = JSON.stringify(initial);
  createEffect(
    on(
      () => JSON.stringify(form),
      (json) => {
        try {
          if (json === baseline) sessionStorage.removeItem(storageKey);
          else sessionStorage.setItem(storageKey, json);
        } catch {
          // storage full or unavailable: the draft lives in memory only
        }
      },
      { defer: true },
    ),
  );
  return {
    form,
    setForm,
    restored,
    clear(next?: T) {
      try {
        sessionStorage.removeItem(storageKey);
      } catch {
        // nothing stored
      }
      setRestored(false);
      const value = structuredClone(next ?? (unwrap(initial) as T));
      baseline = JSON.stringify(value);
      setForm(reconcile(value));
    },
  };
}
