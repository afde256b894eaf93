import { createContext, type JSX } from 'solid-js';
import type { Draft } from '../lib/forms';
import { DraftNotice } from './draft-notice';

/** "Annuler" of the form around: what FormActions's cancel button does. */
export const CancelContext = createContext<() => void>();

/**
 * A record's form (client, address, contact, document): validated by the API rather than the
 * browser, kept as a draft, and "Brouillon restauré" above its fields when the draft was restored.
 * "Annuler" forgets what was typed (the saved values come back), then `onCancel` (a new record's
 * form goes back to its list).
 */
export function RecordForm<T extends object>(props: {
  draft: Draft<T>;
  onSubmit: () => void;
  onCancel?: () => void;
  children: JSX.Element;
}) {
  return (
    <CancelContext.Provider
      value={() => {
        props.draft.clear();
        props.onCancel?.();
      }}
    >
      <form
        class="record-form"
        novalidate
        onSubmit={(event) => {
          event.preventDefault();
          props.onSubmit();
        }}
      >
        <DraftNotice draft={props.draft} />
        {props.children}
      </form>
    </CancelContext.Provider>
  );
}
