/** A modal confirmation on the native <dialog>: focus kept inside, Escape cancels. */
import { createEffect, createUniqueId, Show, type JSX } from 'solid-js';
import { t } from '../i18n';

export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  children?: JSX.Element;
  confirmLabel: string;
  pending?: boolean;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  let dialog!: HTMLDialogElement;
  const titleId = createUniqueId();
  createEffect(() => {
    if (props.open && !dialog.open) dialog.showModal();
    if (!props.open && dialog.open) dialog.close();
  });
  return (
    <dialog
      ref={dialog}
      class="dialog"
      aria-labelledby={titleId}
      onClose={() => {
        if (props.open) props.onCancel();
      }}
    >
      <Show when={props.open}>
        <form
          method="dialog"
          onSubmit={(event) => {
            event.preventDefault();
            props.onConfirm();
          }}
        >
          <h2 id={titleId}>{props.title}</h2>
          {props.children}
          <div class="actions">
            <button
              type="submit"
              class="button"
              classList={{ 'button--danger': props.danger, 'button--primary': !props.danger }}
              disabled={props.pending}
            >
              {props.confirmLabel}
            </button>
            <button type="button" class="button" onClick={() => props.onCancel()}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      </Show>
    </dialog>
  );
}
