/** Labelled form controls, each with its hint and the API's error shown at the field. */
import { createUniqueId, For, Show, type JSX } from 'solid-js';
import { formatPhone } from '../lib/format';

interface FieldBase {
  label: string;
  error?: string;
  hint?: string;
  required?: boolean;
  disabled?: boolean;
  class?: string;
  /** visually hide the label (it stays the accessible name) */
  hideLabel?: boolean;
}

function describedBy(id: string, props: FieldBase): string | undefined {
  const ids = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function FieldFrame(props: FieldBase & { id: string; children: JSX.Element }) {
  return (
    <div class={`field ${props.class ?? ''}`} classList={{ 'field--invalid': Boolean(props.error) }}>
      <span class="field__label" classList={{ 'visually-hidden': props.hideLabel }}>
        <label for={props.id}>{props.label}</label>
        {/* the asterisk stays outside the label: `required` already tells assistive technology */}
        <Show when={props.required}>
          <span aria-hidden="true" class="required-mark">
            {' *'}
          </span>
        </Show>
      </span>
      {props.children}
      <Show when={props.hint}>
        <p class="field-hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      </Show>
      <Show when={props.error}>
        <p class="field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      </Show>
    </div>
  );
}

export function TextField(
  props: FieldBase & {
    value: string | null | undefined;
    onInput: (value: string) => void;
    type?: 'text' | 'email' | 'tel' | 'password' | 'date' | 'time' | 'datetime-local' | 'search' | 'number' | 'url';
    autocomplete?: string;
    inputMode?: 'text' | 'decimal' | 'numeric' | 'tel' | 'email' | 'search';
    placeholder?: string;
    maxLength?: number;
    name?: string;
    ref?: (el: HTMLInputElement) => void;
    /** suggestions offered as the user types (a <datalist>) */
    suggestions?: readonly string[];
  },
) {
  const id = createUniqueId();
  return (
    <FieldFrame {...props} id={id}>
      <input
        id={id}
        ref={props.ref}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        onInput={(event) => props.onInput(event.currentTarget.value)}
        onBlur={(event) => {
          // Phone numbers shown the French way (01 23 45 67 89) once typed; the API accepts both.
          if (props.type !== 'tel') return;
          const formatted = formatPhone(event.currentTarget.value);
          if (formatted !== event.currentTarget.value) props.onInput(formatted);
        }}
        autocomplete={props.autocomplete ?? 'off'}
        inputMode={props.inputMode}
        placeholder={props.placeholder}
        maxLength={props.maxLength ?? 200}
        required={props.required}
        disabled={props.disabled}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props)}
        list={props.suggestions?.length ? `${id}-suggestions` : undefined}
      />
      <Show when={props.suggestions?.length}>
        <datalist id={`${id}-suggestions`}>
          <For each={props.suggestions}>{(suggestion) => <option value={suggestion} />}</For>
        </datalist>
      </Show>
    </FieldFrame>
  );
}

export function TextArea(props: FieldBase & { value: string | null | undefined; onInput: (value: string) => void; rows?: number }) {
  const id = createUniqueId();
  return (
    <FieldFrame {...props} id={id}>
      <textarea
        id={id}
        rows={props.rows ?? 3}
        value={props.value ?? ''}
        onInput={(event) => props.onInput(event.currentTarget.value)}
        maxLength={10_000}
        required={props.required}
        disabled={props.disabled}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props)}
      />
    </FieldFrame>
  );
}

export interface Choice {
  value: string;
  label: string;
  disabled?: boolean;
}

export function SelectField(props: FieldBase & { value: string | null | undefined; onChange: (value: string) => void; options: Choice[] }) {
  const id = createUniqueId();
  return (
    <FieldFrame {...props} id={id}>
      <select
        id={id}
        value={props.value ?? ''}
        onChange={(event) => props.onChange(event.currentTarget.value)}
        required={props.required}
        disabled={props.disabled}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props)}
      >
        <For each={props.options}>
          {(option) => (
            <option value={option.value} disabled={option.disabled} selected={option.value === (props.value ?? '')}>
              {option.label}
            </option>
          )}
        </For>
      </select>
    </FieldFrame>
  );
}

export function CheckboxField(props: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: string;
  disabled?: boolean;
}) {
  const id = createUniqueId();
  return (
    <div class="field field--check">
      <input
        id={id}
        type="checkbox"
        checked={props.checked}
        disabled={props.disabled}
        onChange={(event) => props.onChange(event.currentTarget.checked)}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
      />
      <label for={id}>{props.label}</label>
      <Show when={props.hint}>
        <p class="field-hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      </Show>
    </div>
  );
}
