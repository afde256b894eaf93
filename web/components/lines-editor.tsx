/** Invoice and quote lines; totals computed as the user types, with the server's rounding. */
import { For, Index, Show } from 'solid-js';
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

/** The line as numbers, or null where a number does not parse. */
export function parseLine(line: LineFormValue) {
  const quantity = parseDecimal(line.quantity);
  const unitPriceCents = line.unitPrice.trim() === '' ? 0 : eurosToCents(line.unitPrice);
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
  const totals = () =>
    documentTotals(
      props.lines.map((l) => {
        const p = parseLine(l);
        return { quantity: p.quantity ?? 0, unitPriceCents: p.unitPriceCents ?? 0, vatRate: p.vatRate };
      }),
    );
  const err = (i: number, field: string) => props.errors[`lines.${i}.${field}`];

  return (
    <fieldset class="lines">
      <legend>{t('lines.title')}</legend>
      <Show when={props.lines.length > 0} fallback={<p class="muted">{t('lines.empty')}</p>}>
        <ol class="lines__list">
          <Index each={props.lines}>
            {(line, i) => (
              <li class="line" aria-label={t('lines.line', { n: i + 1 })}>
                <TextField
                  class="line__description"
                  label={t('lines.description')}
                  value={line().description}
                  onInput={(v) => props.onLineChange(i, 'description', v)}
                  error={err(i, 'description')}
                />
                <TextField
                  class="line__quantity"
                  label={t('lines.quantity')}
                  inputMode="decimal"
                  value={line().quantity}
                  onInput={(v) => props.onLineChange(i, 'quantity', v)}
                  error={err(i, 'quantity') ?? (parseLine(line()).quantity === null ? t('lines.invalidNumber') : undefined)}
                  maxLength={12}
                />
                <TextField
                  class="line__price"
                  label={t('lines.unitPrice')}
                  inputMode="decimal"
                  value={line().unitPrice}
                  onInput={(v) => props.onLineChange(i, 'unitPrice', v)}
                  error={err(i, 'unitPriceCents') ?? (parseLine(line()).unitPriceCents === null ? t('lines.invalidNumber') : undefined)}
                  maxLength={16}
                />
                <SelectField
                  class="line__vat"
                  label={t('lines.vatRate')}
                  value={line().vatRate}
                  onChange={(v) => props.onLineChange(i, 'vatRate', v)}
                  options={VAT_RATES.map((rate) => ({
                    value: String(rate),
                    label: t('lines.vatOption', { rate: String(rate).replace('.', ',') }),
                  }))}
                  error={err(i, 'vatRate')}
                />
                <p class="line__net">
                  <span class="line__net-label">{t('lines.net')}</span> <output>{formatMoney(safeTotals(line()).netCents)}</output>
                </p>
                <button
                  type="button"
                  class="button button--small line__remove"
                  onClick={() => props.onLinesChange(props.lines.filter((_, j) => j !== i))}
                >
                  {t('lines.remove', { n: i + 1 })}
                </button>
              </li>
            )}
          </Index>
        </ol>
      </Show>
      <button type="button" class="button" onClick={() => props.onLinesChange([...props.lines, emptyLine()])}>
        {t('lines.add')}
      </button>
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
