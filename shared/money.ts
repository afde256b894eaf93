/**
 * Money in integer cents. Each line: net = quantity × unit price, VAT = net × rate, both rounded
 * half-up (away from zero) to the cent per line; totals are the sums. The server computes the
 * stored totals with this; the web app shows the same figures as the user types.
 */
export const VAT_RATES = [20, 10, 5.5, 2.1, 0] as const;
export type VatRate = (typeof VAT_RATES)[number];

export interface Line {
  description: string;
  quantity: number;
  unitPriceCents: number;
  vatRate: number;
}

export interface LineTotals {
  netCents: number;
  vatCents: number;
  grossCents: number;
}

/** a / b rounded half away from zero, exact on big integers. */
function divRound(a: bigint, b: bigint): bigint {
  const negative = a < 0n !== b < 0n;
  const abs = (x: bigint) => (x < 0n ? -x : x);
  const q = (abs(a) * 2n + abs(b)) / (abs(b) * 2n);
  return negative ? -q : q;
}

export function lineTotals(line: Pick<Line, 'quantity' | 'unitPriceCents' | 'vatRate'>): LineTotals {
  const quantityMilli = BigInt(Math.round(line.quantity * 1000));
  const rateTenths = BigInt(Math.round(line.vatRate * 10));
  const net = divRound(quantityMilli * BigInt(Math.round(line.unitPriceCents)), 1000n);
  const vat = divRound(net * rateTenths, 1000n);
  return { netCents: Number(net), vatCents: Number(vat), grossCents: Number(net + vat) };
}

export function documentTotals(lines: readonly Pick<Line, 'quantity' | 'unitPriceCents' | 'vatRate'>[]): LineTotals {
  let netCents = 0;
  let vatCents = 0;
  for (const l of lines) {
    const t = lineTotals(l);
    netCents += t.netCents;
    vatCents += t.vatCents;
  }
  return { netCents, vatCents, grossCents: netCents + vatCents };
}

const euro = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

/** `1 234,56 €` (French grouping with a narrow no-break space as Intl gives it). */
export function formatEuros(cents: number): string {
  return euro.format(cents / 100);
}

/** `27/11/2026` from `2026-11-27` or an ISO timestamp. */
export function formatDateFr(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}
