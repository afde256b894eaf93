/**
 * Invoice and quote lines as a table, typed from the keyboard: Enter goes to the next line (adding
 * one after the last), Tab from the last line's VAT adds one when that line is filled in. Totals
 * are computed as the user types, with the server's rounding. An empty unit price is not 0,00 €:
 * it is "Champ obligatoire." at that field once the form is sent, and the form is not sent.
 */
import { createSignal, For, Index, onCleanup, onMount, Show } from 'solid-js';
import { documentTotals, lineTotals, VAT_RATES } from '../../shared/money';
import { t } from '../i18n';
import { eurosToCents, formatMoney, parseDecimal } from '../lib/format';
import { SelectField, TextField } from './fields';

export interface LineFormValue {
  description: string;
  quantity: string;
  unitPrice: string;
  vatRate: string;
}

export function emptyLine(): LineFormValue {
  return { description: '', quantity: '1', unitPrice: '', vatRate: '20' };
}

/** A line nothing was typed in (a trailing line added by the keyboard flow): not sent. */
export function isBlankLine(line: LineFormValue): boolean {
  return line.description.trim() === '' && line.unitPrice.trim() === '';
}

/** The line as numbers, or null where a number is missing or does not parse. */
export function parseLine(line: LineFormValue) {
  const quantity = parseDecimal(line.quantity);
  const unitPriceCents = line.unitPrice.trim() === '' ? Number.NaN : eurosToCents(line.unitPrice);
  return {
    description: line.description.trim(),
    quantity: Number.isNaN(quantity) ? null : quantity,
    unitPriceCents: Number.isNaN(unitPriceCents) ? null : unitPriceCents,
    vatRate: Number(line.vatRate),
  };
}

function safeTotals(line: LineFormValue) {
  const parsed = parseLine(line);
  return lineTotals({
    quantity: parsed.quantity ?? 0,
    unitPriceCents: parsed.unitPriceCents ?? 0,
    vatRate: parsed.vatRate,
  });
}

export function LinesEditor(props: {
  lines: LineFormValue[];
  onLineChange: (index: number, field: keyof LineFormValue, value: string) => void;
  onLinesChange: (lines: LineFormValue[]) => void;
  errors: Record<string, string>;
}) {
  let root: HTMLFieldSetElement | undefined;
  // Set when the form is sent: from then on a missing price says so at its field.
  const [sent, setSent] = createSignal(false);
  const totals = () =>
    documentTotals(
      props.lines.map((l) => {
        const p = parseLine(l);
        return { quantity: p.quantity ?? 0, unitPriceCents: p.unitPriceCents ?? 0, vatRate: p.vatRate };
      }),
    );
  const err = (i: number, field: string) => props.errors[`lines.${i}.${field}`];
  const priceError = (i: number, line: LineFormValue) => {
    if (err(i, 'unitPriceCents')) return err(i, 'unitPriceCents');
    if (line.unitPrice.trim() === '') return sent() && !isBlankLine(line) ? t('error.field.required') : undefined;
    return parseLine(line).unitPriceCents === null ? t('lines.invalidNumber') : undefined;
  };

  const focusLine = (index: number) =>
    queueMicrotask(() => root?.querySelectorAll<HTMLTableRowElement>('tbody tr')[index]?.querySelector('input')?.focus());
  const addLine = () => {
    props.onLinesChange([...props.lines, emptyLine()]);
    focusLine(props.lines.length - 1);
  };
  const onKeyDown = (index: number, event: KeyboardEvent) => {
    const target = event.target as HTMLElement;
    const last = index === props.lines.length - 1;
    if (event.key === 'Enter' && target instanceof HTMLInputElement) {
      // Enter goes to the next line rather than sending the form.
      event.preventDefault();
      if (last) addLine();
      else focusLine(index + 1);
    } else if (event.key === 'Tab' && !event.shiftKey && last && target instanceof HTMLSelectElement) {
      const line = props.lines[index];
      if (line && !isBlankLine(line)) {
        event.preventDefault();
        addLine();
      }
    }
  };

  onMount(() => {
    const form = root?.form;
    if (!form) return;
    const onSubmit = () => {
      setSent(true);
      queueMicrotask(() => root?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
    };
    form.addEventListener('submit', onSubmit);
    onCleanup(() => form.removeEventListener('submit', onSubmit));
  });

  return (
    <fieldset class="lines" ref={root}>
      <legend>{t('lines.title')}</legend>
      <Show when={props.lines.length > 0} fallback={<p class="muted">{t('lines.empty')}</p>}>
        <table class="lines-table">
          <thead>
            <tr>
              <th scope="col">{t('lines.description')}</th>
              <th scope="col">{t('lines.quantity')}</th>
              <th scope="col">{t('lines.unitPrice')}</th>
              <th scope="col">{t('lines.vatRate')}</th>
              <th scope="col" class="num">
                {t('lines.net')}
              </th>
              <th scope="col">
                <span class="visually-hidden">{t('lines.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            <Index each={props.lines}>
              {(line, i) => (
                <tr class="line" aria-label={t('lines.line', { n: i + 1 })} onKeyDown={(event) => onKeyDown(i, event)}>
                  <td class="line__description">
                    <TextField
                      label={t('lines.description')}
                      value={line().description}
                      onInput={(v) => props.onLineChange(i, 'description', v)}
                      error={err(i, 'description')}
                    />
                  </td>
                  <td class="line__quantity">
                    <TextField
                      label={t('lines.quantity')}
                      inputMode="decimal"
                      value={line().quantity}
                      onInput={(v) => props.onLineChange(i, 'quantity', v)}
                      error={err(i, 'quantity') ?? (parseLine(line()).quantity === null ? t('lines.invalidNumber') : undefined)}
                      maxLength={12}
                    />
                  </td>
                  <td class="line__price">
                    <TextField
                      label={t('lines.unitPrice')}
                      inputMode="decimal"
                      value={line().unitPrice}
                      onInput={(v) => props.onLineChange(i, 'unitPrice', v)}
                      error={priceError(i, line())}
                      required
                      maxLength={16}
                    />
                  </td>
                  <td class="line__vat">
                    <SelectField
                      label={t('lines.vatRate')}
                      value={line().vatRate}
                      onChange={(v) => props.onLineChange(i, 'vatRate', v)}
                      options={VAT_RATES.map((rate) => ({
                        value: String(rate),
                        label: t('lines.vatOption', { rate: String(rate).replace('.', ',') }),
                      }))}
                      error={err(i, 'vatRate')}
                    />
                  </td>
                  <td class="line__net num">
                    <span class="line__net-label">{t('lines.net')}</span> <output>{formatMoney(safeTotals(line()).netCents)}</output>
                  </td>
                  <td class="line__remove">
                    <button
                      type="button"
                      class="button button--small"
                      onClick={() => props.onLinesChange(props.lines.filter((_, j) => j !== i))}
                    >
                      <span aria-hidden="true">✕</span>
                      <span class="visually-hidden">{t('lines.remove', { n: i + 1 })}</span>
                    </button>
                  </td>
                </tr>
              )}
            </Index>
          </tbody>
        </table>
      </Show>
      <button type="button" class="button" onClick={addLine}>
        {t('lines.add')}
      </button>
      <p class="field-hint">{t('lines.keyboardHint')}</p>
      <dl class="totals" aria-live="polite">
        <For
          each={
            [
              ['totals.net', totals().netCents],
              ['totals.vat', totals().vatCents],
              ['totals.gross', totals().grossCents],
            ] as const
          }
        >
          {([key, cents]) => (
            <div class="totals__row" classList={{ 'totals__row--gross': key === 'totals.gross' }}>
              <dt>{t(key)}</dt>
              <dd>{formatMoney(cents)}</dd>
            </div>
          )}
        </For>
      </dl>
    </fieldset>
  );
}
