/** Choose a client by typing the start of its name (for a new contact or document from the menus). */
import { createAsync } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { t } from '../i18n';
import { listClients } from '../lib/api';
import { createDebounced } from '../lib/lists';
import { TextField } from './fields';
import { Empty, Loader } from './status';

export interface ChosenClient {
  id: string;
  name: string;
}

export function ClientPicker(props: { value: ChosenClient | null; onChange: (client: ChosenClient | null) => void }) {
  const [typed, setTyped] = createSignal('');
  const q = createDebounced(typed, 250);
  const results = createAsync(() => (props.value ? Promise.resolve(undefined) : listClients(q().trim(), null)));

  return (
    <Show
      when={props.value}
      fallback={
        <div class="client-picker">
          <TextField label={t('picker.clientSearch')} type="search" value={typed()} onInput={setTyped} hint={t('picker.typeToSearch')} />
          <Loader>
            <Show when={results.latest}>
              {(page) => (
                <Show when={page().items.length > 0} fallback={<Empty>{t('common.noResult')}</Empty>}>
                  <ul class="picker-results" aria-label={t('picker.results')}>
                    <For each={page().items.slice(0, 10)}>
                      {(client) => (
                        <li>
                          <button
                            type="button"
                            class="button button--list"
                            aria-label={t('picker.choose', { name: client.name })}
                            onClick={() => props.onChange({ id: client.id, name: client.name })}
                          >
                            {client.name}
                            <Show when={client.reference}>
                              <span class="muted"> · {client.reference}</span>
                            </Show>
                          </button>
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
              )}
            </Show>
          </Loader>
        </div>
      }
    >
      {(chosen) => (
        <p class="client-picker__chosen">
          <span>{t('picker.chosen', { name: chosen().name })}</span>{' '}
          <button type="button" class="button button--small" onClick={() => props.onChange(null)}>
            {t('picker.change')}
          </button>
        </p>
      )}
    </Show>
  );
}
