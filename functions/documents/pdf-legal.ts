import { type Company, printedIban } from '../../shared/legal';
import { formatDateFr, type Line, lineTotals } from '../../shared/money';
import { type Layout, MARGIN } from './pdf-layout';

/** The French mentions of the document PDF: VAT per rate, the seller's identity, payment terms. */
const rateFr = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

/** VAT per rate, highest rate first: French invoices state each rate's base and amount. */
export function vatByRate(lines: readonly Line[]): [number, { netCents: number; vatCents: number }][] {
  const byRate = new Map<number, { netCents: number; vatCents: number }>();
  for (const line of lines) {
    const t = lineTotals(line);
    const sum = byRate.get(line.vatRate) ?? { netCents: 0, vatCents: 0 };
    sum.netCents += t.netCents;
    sum.vatCents += t.vatCents;
    byRate.set(line.vatRate, sum);
  }
  return [...byRate.entries()].sort(([a], [b]) => b - a);
}

export function sellerLines(c: Company): string[] {
  const a = c.address;
  return [
    a.line1 ?? '',
    a.line2 ?? '',
    [a.postalCode, a.city].filter(Boolean).join(' '),
    a.country && a.country !== 'FR' ? a.country : '',
    c.siren ? `${c.siren.length === 14 ? 'SIRET' : 'SIREN'} ${c.siren}` : '',
    c.vatNumber ? `TVA intracommunautaire ${c.vatNumber}` : '',
  ].filter(Boolean);
}

/** The footer's line: legal name, capital, SIREN, RCS/RM, VAT number. */
export function legalLine(c: Company): string {
  return [
    c.legalName && c.shareCapital ? `${c.legalName} au capital de ${c.shareCapital}` : c.legalName,
    c.siren ? `${c.siren.length === 14 ? 'SIRET' : 'SIREN'} ${c.siren}` : null,
    c.rcs,
    c.vatNumber ? `TVA ${c.vatNumber}` : null,
  ]
    .filter(Boolean)
    .join(' — ');
}

/** Payment terms, late penalties and the 40 € recovery indemnity (Code de commerce L441-10, D441-5). */
export function drawPaymentTerms(layout: Layout, c: Company, due: string | null) {
  layout.y -= 10;
  layout.ensure(70);
  layout.text('Conditions de paiement', MARGIN, { size: 10, bold: true });
  layout.y -= 15;
  const terms = [
    c.paymentTermsDays !== null
      ? `Paiement à ${c.paymentTermsDays === 0 ? 'réception' : `${c.paymentTermsDays} jours`}${due ? `, au plus tard le ${formatDateFr(due)}` : ''}. Pas d'escompte pour paiement anticipé.`
      : null,
    c.latePenaltyRate !== null
      ? `En cas de retard de paiement : pénalités au taux annuel de ${rateFr.format(c.latePenaltyRate)} %, et indemnité forfaitaire pour frais de recouvrement de 40 € (articles L441-10 et D441-5 du Code de commerce).`
      : null,
    c.iban ? `Règlement par virement : IBAN ${printedIban(c.iban)}${c.bic ? ` — BIC ${c.bic}` : ''}` : null,
  ].filter((t): t is string => Boolean(t));
  for (const t of terms) layout.paragraph(t, { size: 9 });
}
