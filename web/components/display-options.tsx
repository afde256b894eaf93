/** The "Options d'affichage" button at the top right of a module, with its field toggles. */
import { createSignal, createUniqueId, For, onCleanup, onMount, Show } from 'solid-js';
import { t, type MessageKey } from '../i18n';
import { displayOptionsSaveFailed, optionalFields, setShown, shown, type DisplayModule } from '../lib/display-options';

const FIELD_LABELS: Record<string, MessageKey> = {
  'client.reference': 'client.reference',
  'client.mainContact.civility': 'person.civility',
  'client.mainContact.mobile': 'person.mobile',
  'client.mainContact.fax': 'person.fax',
  'client.notes': 'client.notes',
  'address.line2': 'address.line2',
  'address.country': 'address.country',
  'address.siteContact.info': 'person.info',
  'address.notes': 'address.notes',
  'contact.civility': 'person.civility',
  'contact.jobTitle': 'person.jobTitle',
  'contact.mobile': 'person.mobile',
  'contact.addressId': 'contact.address',
  'contact.notes': 'contact.notes',
  'intervention.contactId': 'document.contact',
  'intervention.technicianUserId': 'document.technician',
  'intervention.description': 'document.description',
  'intervention.report': 'document.report',
  'invoice.addressId': 'document.address',
  'invoice.contactId': 'document.contact',
  'invoice.title': 'document.title',
  'quote.addressId': 'document.address',
  'quote.contactId': 'document.contact',
  'quote.title': 'document.title',
};

export function fieldLabel(module: DisplayModule, field: string): string {
  const key = FIELD_LABELS[`${module}.${field}`];
  return key ? t(key) : field;
}

export function DisplayOptions(props: { module: DisplayModule }) {
  const [open, setOpen] = createSignal(false);
  const panelId = createUniqueId();
  let root!: HTMLDivElement;
  let button!: HTMLButtonElement;

  const onDocumentClick = (event: MouseEvent) => {
    if (open() && !root.contains(event.target as Node)) setOpen(false);
  };
  onMount(() => document.addEventListener('click', onDocumentClick));
  onCleanup(() => document.removeEventListener('click', onDocumentClick));

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Escape closes the panel from any control inside it
    <div
      class="display-options"
      ref={root}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open()) {
          setOpen(false);
          button.focus();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        class="button button--small"
        aria-expanded={open()}
        aria-controls={panelId}
        onClick={() => setOpen(!open())}
      >
        <span aria-hidden="true">⚙</span>
        <span class="display-options__label">{t('display.button')}</span>
      </button>
      <Show when={open()}>
        <fieldset class="display-options__panel" id={panelId}>
          <legend>{t('display.title', { module: t(`module.${props.module}`) })}</legend>
          <For each={optionalFields(props.module)}>
            {(field) => (
              <label class="check">
                <input
                  type="checkbox"
                  checked={shown(props.module, field)}
                  onChange={(event) => setShown(props.module, field, event.currentTarget.checked)}
                />
                {fieldLabel(props.module, field)}
              </label>
            )}
          </For>
          <Show when={displayOptionsSaveFailed()}>
            <p class="field-error" role="alert">
              {t('display.saveFailed')}
            </p>
          </Show>
        </fieldset>
      </Show>
    </div>
  );
}
