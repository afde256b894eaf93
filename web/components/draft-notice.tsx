import { Show } from 'solid-js';
import { t } from '../i18n';
import { Notice } from './status';

/** Above a form filled from a stored draft: says so, and offers to discard it. */
export function DraftNotice(props: { draft: { restored: () => boolean; clear: () => void } }) {
  return (
    <Show when={props.draft.restored()}>
      <Notice>
        {t('common.draftRestored')}{' '}
        <button type="button" class="button button--link" onClick={() => props.draft.clear()}>
          {t('common.discardDraft')}
        </button>
      </Notice>
    </Show>
  );
}
