/**
 * A list of records as a table, with an optional action per row that asks first ("Révoquer",
 * "Désactiver", "Réactiver"): the button names its record, the confirmation names it again, and
 * a refusal is shown under the table. The settings sections are built on it.
 */
import { createSignal, For, type JSX, Show } from 'solid-js';
import { t } from '../i18n';
import { ConfirmDialog } from './dialog';
import { Column, ListTable } from './list-table';
import { Empty, ErrorBox } from './status';

export interface ResourceColumn<T> {
  header: string;
  cell: (item: T) => JSX.Element;
  /** hidden on a phone */
  narrow?: boolean;
  nowrap?: boolean;
}

export interface RowAction<T> {
  /** the button, the confirmation's title and its confirm button */
  label: string;
  /** the record in words, after the label in the button's accessible name */
  name: (item: T) => string;
  question: (item: T) => string;
  /** rows without the action (none when absent) */
  available?: (item: T) => boolean;
  danger?: boolean;
  run: (item: T) => Promise<unknown>;
  pending: boolean;
  error: unknown;
}

export function ResourceTable<T>(props: {
  caption: string;
  items: T[] | undefined;
  columns: ResourceColumn<T>[];
  /** shown instead of an empty table */
  empty?: string;
  action?: RowAction<T>;
}) {
  const [asking, setAsking] = createSignal<{ item: T } | null>(null);
  const cellClass = (column: ResourceColumn<T>) => [column.narrow && 'hide-narrow', column.nowrap && 'nowrap'].filter(Boolean).join(' ');

  return (
    <>
      {/* first: a <dialog> between the table and what follows would break `.table-wrap + h3` */}
      <Show when={props.action}>
        {(action) => (
          <ConfirmDialog
            open={asking() !== null}
            title={action().label}
            confirmLabel={action().label}
            danger={action().danger}
            pending={action().pending}
            onCancel={() => setAsking(null)}
            onConfirm={() => {
              const current = asking();
              if (!current) return;
              const close = () => setAsking(null);
              action().run(current.item).then(close, close);
            }}
          >
            <Show when={asking()}>{(current) => <p>{action().question(current().item)}</p>}</Show>
          </ConfirmDialog>
        )}
      </Show>
      <Show when={props.items}>
        {(items) => (
          <Show when={items().length > 0 || props.empty === undefined} fallback={<Empty>{props.empty}</Empty>}>
            <ListTable
              caption={props.caption}
              head={
                <>
                  <For each={props.columns}>{(column) => <Column narrow={column.narrow}>{column.header}</Column>}</For>
                  <Show when={props.action}>
                    <Column>
                      <span class="visually-hidden">{t('common.actions')}</span>
                    </Column>
                  </Show>
                </>
              }
            >
              <For each={items()}>
                {(item) => (
                  <tr>
                    <For each={props.columns}>{(column) => <td class={cellClass(column) || undefined}>{column.cell(item)}</td>}</For>
                    <Show when={props.action}>
                      {(action) => (
                        <td>
                          <Show when={action().available?.(item) ?? true}>
                            <button
                              type="button"
                              class="button button--small"
                              classList={{ 'button--danger': action().danger }}
                              aria-label={`${action().label} ${action().name(item)}`}
                              onClick={() => setAsking({ item })}
                            >
                              {action().label}
                            </button>
                          </Show>
                        </td>
                      )}
                    </Show>
                  </tr>
                )}
              </For>
            </ListTable>
          </Show>
        )}
      </Show>
      <ErrorBox error={props.action?.error} />
    </>
  );
}
