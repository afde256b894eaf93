import { Show, useContext, type JSX } from 'solid-js';
import { t } from '../i18n';
import { CancelContext } from './record-form';
import { ErrorBox, Notice } from './status';

/**
 * The foot of a record's form: why the save was refused, "Enregistré.", then the submit button,
 * "Annuler" inside a RecordForm (or when `onCancel` is given), "Supprimer" when `onDelete` is
 * given, and any other action.
 */
export function FormActions(props: {
  pending: boolean;
  error: unknown;
  submitLabel: string;
  saved?: boolean;
  onDelete?: () => void;
  onCancel?: () => void;
  children?: JSX.Element;
}) {
  const formCancel = useContext(CancelContext);
  const cancel = () => props.onCancel ?? formCancel;
  return (
    <>
      <ErrorBox error={props.error} />
      <Show when={props.saved && !props.pending}>
        <Notice>{t('common.saved')}</Notice>
      </Show>
      <div class="actions">
        <button type="submit" class="button button--primary" disabled={props.pending}>
          {props.pending ? t('common.saving') : props.submitLabel}
        </button>
        <Show when={cancel()}>
          {(onCancel) => (
            <button type="button" class="button" disabled={props.pending} onClick={() => onCancel()()}>
              {t('common.cancel')}
            </button>
          )}
        </Show>
        <Show when={props.onDelete}>
          {(onDelete) => (
            <button type="button" class="button button--danger" onClick={() => onDelete()()}>
              {t('common.delete')}
            </button>
          )}
        </Show>
        {props.children}
      </div>
    </>
  );
}
