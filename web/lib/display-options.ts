/**
 * "Options d'affichage": which optional fields each module shows, per user, saved on the server
 * (GET/PUT /me/display-options). Applied at once; the PUT follows.
 */
import { createSignal } from 'solid-js';
import { createStore, unwrap } from 'solid-js/store';
import { displayOptionDefaults, withDefaults, type DisplayModule } from '../../shared/display-options';
import { api, type DisplayOptions } from './api';

export type { DisplayModule };

const [options, setOptions] = createStore<DisplayOptions>(withDefaults(null));
const [saveFailed, setSaveFailed] = createSignal(false);
export { saveFailed as displayOptionsSaveFailed };

/** Fill the store from the server's answer (a resource in the app shell reads it). */
export function applyDisplayOptions(stored: DisplayOptions | undefined): void {
  if (stored) setOptions(withDefaults(stored));
}

export function resetDisplayOptions(): void {
  setOptions(withDefaults(null));
  setSaveFailed(false);
}

/** The optional fields of a module, in the order the forms show them. */
export function optionalFields(module: DisplayModule): string[] {
  return Object.keys(displayOptionDefaults[module]);
}

/** Whether a field is shown; fields that are not optional are always shown. */
export function shown(module: DisplayModule, field: string): boolean {
  const value = (options[module] as Record<string, boolean>)[field];
  return value ?? true;
}

let saving: Promise<unknown> = Promise.resolve();

export function setShown(module: DisplayModule, field: string, on: boolean): void {
  setOptions(module, field as never, on as never);
  const snapshot = structuredClone(unwrap(options));
  // One PUT after another, so that the last click is the one the server keeps.
  saving = saving
    .then(() => api.putDisplayOptions(snapshot))
    .then(
      () => setSaveFailed(false),
      () => setSaveFailed(true),
    );
}
