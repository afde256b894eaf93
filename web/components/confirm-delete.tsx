import type { JSX } from 'solid-js';
import { t } from '../i18n';
import { ConfirmDialog } from './dialog';

/** "Supprimer « name » ? Cette action est définitive." with Supprimer / Annuler. */
export function ConfirmDelete(props: {
  open: boolean;
  name: string;
  pending?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  /** What else the deletion affects (e.g. the documents that name a contact). */
  warning?: JSX.Element;
}) {
  return (
    <ConfirmDialog
      open={props.open}
      title={t('common.confirmDelete')}
      confirmLabel={t('common.delete')}
      danger
      pending={props.pending}
      onCancel={() => props.onCancel()}
      onConfirm={() => props.onConfirm()}
    >
      <p>{t('common.deleteQuestion', { name: props.name })}</p>
      {props.warning}
    </ConfirmDialog>
  );
}
