import type { JSX } from 'solid-js';
import type { Draft } from '../lib/forms';
import { DraftNotice } from './draft-notice';

/**
 * A record's form (client, address, contact, document): validated by the API rather than the
 * browser, kept as a draft, and "Brouillon restauré" above its fields when the draft was restored.
 */
export function RecordForm<T extends object>(props: { draft: Draft<T>; onSubmit: () => void; children: JSX.Element }) {
  return (
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
  );
}
