import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Document } from '../../shared/documents';
import type { Company } from '../../shared/legal';
import { formatDateFr, formatEuros, lineTotals } from '../../shared/money';
import { displayName } from '../lib/person';
import { drawPaymentTerms, legalLine, sellerLines, vatByRate } from './pdf-legal';
import { GREY, Layout, MARGIN, PAGE, WIDTH, winAnsi, wrap } from './pdf-layout';

export { winAnsi, wrap } from './pdf-layout';

/**
 * The document as a PDF (pdf-lib, the standard Helvetica fonts: no font file to ship, and their
 * WinAnsi encoding covers French: é, à, ç, œ, €, ’, «»). A4, French formats (`1 234,56 €`,
 * `27/11/2026`). Long documents flow onto more pages; every page repeats the header (organisation,
 * document type and number, date), the lines table repeats its column titles, and the footer says
 * "Page n / N".
 */
export interface PdfInput {
  organizationName: string;
  /** The seller's legal profile (frozen at issue); without it only the organisation's name is printed. */
  company?: Company | null;
  /** Who is billed: the client's name and billing address lines (invoices, quotes). */
  billTo?: { name: string; lines: string[] } | null;
  /** Invoices: when payment is due; quotes: until when the offer holds. */
  dueDate?: string | null;
  validUntil?: string | null;
  document: Document;
  client: {
    name: string;
    mainContact: { firstName: string | null; lastName: string | null; email: string | null; phone: string | null } | null;
  };
  address: {
    label: string;
    line1: string;
    line2: string | null;
    postalCode: string;
    city: string;
    country: string;
    siteContact: { firstName: string | null; lastName: string | null; email: string | null; phone: string | null } | null;
  } | null;
  contact: {
    firstName: string | null;
    lastName: string | null;
    jobTitle: string | null;
    email: string | null;
    phone: string | null;
    mobile: string | null;
  } | null;
}

const TITLES = { invoice: 'FACTURE', quote: 'DEVIS', intervention: "RAPPORT D'INTERVENTION", credit_note: 'AVOIR' } as const;

const euros = (cents: number) => winAnsi(formatEuros(cents));
const quantityFr = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 3 });
const rateFr = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
const timeFr = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' });
const dayFr = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

function personLines(
  p: { firstName: string | null; lastName: string | null; email?: string | null; phone?: string | null } | null,
): string[] {
  if (!p) return [];
  return [displayName(p), p.email ?? '', p.phone ?? ''].filter(Boolean);
}

function time(iso: string | null): string | null {
  return iso ? timeFr.format(new Date(iso)) : null;
}

export async function renderDocumentPdf(input: PdfInput): Promise<Uint8Array> {
  const { document: doc } = input;
  const pdf = await PDFDocument.create();
  // A draft has no number yet: it says so everywhere the number would be.
  const number = doc.number ?? 'BROUILLON';
  const title = `${TITLES[doc.type]} ${number}`;
  pdf.setTitle(winAnsi(title));
  pdf.setAuthor(winAnsi(input.organizationName));
  pdf.setCreator('Carnet');
  pdf.setLanguage('fr-FR');
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);

  const seller = input.company?.legalName ?? input.organizationName;
  const layout = new Layout(pdf, regular, bold, (l) => {
    l.text(seller, MARGIN, { size: 15, bold: true });
    l.text(TITLES[doc.type], MARGIN, { size: 13, bold: true, align: 'right', width: WIDTH });
    l.y -= 20;
    l.text(doc.number ? `N° ${doc.number}` : 'BROUILLON (non émis)', MARGIN, { size: 10, align: 'right', width: WIDTH, bold: !doc.number });
    l.y -= 14;
    l.text(`${doc.type === 'intervention' ? 'Date' : "Date d'émission"} : ${formatDateFr(doc.date)}`, MARGIN, {
      size: 10,
      align: 'right',
      width: WIDTH,
    });
    if (input.dueDate && doc.type === 'invoice') {
      l.y -= 14;
      l.text(`Échéance : ${formatDateFr(input.dueDate)}`, MARGIN, { size: 10, align: 'right', width: WIDTH, bold: true });
    }
    if (input.validUntil && doc.type === 'quote') {
      l.y -= 14;
      l.text(`Valable jusqu'au : ${formatDateFr(input.validUntil)}`, MARGIN, { size: 10, align: 'right', width: WIDTH, bold: true });
    }
    l.y -= 18;
    l.rule(GREY);
    l.y -= 14;
  });

  // The seller's identity under its name, on the first page (beside the dates of the header).
  if (input.company) {
    const saved = layout.y;
    layout.y = PAGE[1] - MARGIN - 20;
    for (const value of sellerLines(input.company)) {
      layout.text(value, MARGIN, { size: 8.5, color: GREY });
      layout.y -= 11;
    }
    layout.y = Math.min(saved, layout.y - 10);
  }

  // Client, address, contact: three columns on the first page.
  const columns: [string, string[]][] = [
    input.billTo && doc.type !== 'intervention'
      ? [
          doc.type === 'invoice' ? 'Facturé à' : 'Client',
          [input.billTo.name, ...input.billTo.lines, ...personLines(input.client.mainContact)],
        ]
      : ['Client', [input.client.name, ...personLines(input.client.mainContact)]],
    [
      doc.type === 'intervention' ? "Adresse d'intervention" : 'Adresse',
      input.address
        ? [
            input.address.label,
            input.address.line1,
            input.address.line2 ?? '',
            `${input.address.postalCode} ${input.address.city}`,
            input.address.country !== 'FR' ? input.address.country : '',
            ...personLines(input.address.siteContact).map((l, i) => (i === 0 ? `Contact : ${l}` : l)),
          ].filter(Boolean)
        : ['—'],
    ],
    [
      'Contact',
      input.contact
        ? [
            displayName(input.contact),
            input.contact.jobTitle ?? '',
            input.contact.email ?? '',
            input.contact.phone ?? input.contact.mobile ?? '',
          ].filter(Boolean)
        : ['—'],
    ],
  ];
  const columnWidth = WIDTH / 3;
  const top = layout.y;
  let lowest = top;
  columns.forEach(([heading, lines], c) => {
    layout.y = top;
    const x = MARGIN + c * columnWidth;
    layout.text(heading, x, { size: 9, bold: true, color: GREY });
    layout.y -= 13;
    for (const value of lines) {
      for (const part of wrap(value, regular, 9.5, columnWidth - 10)) {
        layout.text(part, x, { size: 9.5 });
        layout.y -= 12;
      }
    }
    lowest = Math.min(lowest, layout.y);
  });
  layout.y = lowest - 12;

  if (doc.title) {
    layout.ensure(20);
    for (const line of wrap(doc.title, bold, 12, WIDTH)) {
      layout.text(line, MARGIN, { size: 12, bold: true });
      layout.y -= 16;
    }
    layout.y -= 4;
  }

  if (doc.type === 'intervention' && doc.intervention) {
    const i = doc.intervention;
    const start = time(i.start);
    const end = time(i.end);
    const day = i.start ? formatDateFr(dayFr.format(new Date(i.start))) : formatDateFr(doc.date);
    const facts: [string, string][] = [
      ["Date de l'intervention", day],
      ['Horaire (heure de Paris)', start && end ? `${start} – ${end}` : (start ?? end ?? '—')],
      ['Technicien', i.technicianName ?? '—'],
    ];
    for (const [label, value] of facts) {
      layout.ensure(15);
      layout.text(`${label} :`, MARGIN, { size: 10, bold: true });
      layout.text(value, MARGIN + 140, { size: 10 });
      layout.y -= 15;
    }
    for (const [label, value] of [
      ['Description', i.description],
      ['Rapport', i.report],
    ] as const) {
      layout.y -= 8;
      layout.ensure(30);
      layout.text(label, MARGIN, { size: 11, bold: true });
      layout.y -= 16;
      layout.paragraph(value ?? '—');
    }
    layout.y -= 8;
  }

  if (doc.lines.length || doc.type !== 'intervention') drawLines(layout, doc);
  if (input.company && doc.type === 'invoice') drawPaymentTerms(layout, input.company, input.dueDate ?? null);
  if (input.company?.vatExemptionMention && doc.type !== 'intervention') {
    layout.y -= 6;
    layout.paragraph(input.company.vatExemptionMention, { size: 9 });
  }

  // Page numbers, now that the count is known, under the seller's legal line.
  const pages = pdf.getPages();
  const legal = input.company ? winAnsi(legalLine(input.company)) : null;
  pages.forEach((page, index) => {
    const label = winAnsi(`${number} — Page ${index + 1} / ${pages.length}`);
    page.drawText(label, { x: PAGE[0] - MARGIN - regular.widthOfTextAtSize(label, 8), y: 30, size: 8, font: regular, color: GREY });
    if (legal) {
      wrap(legal, regular, 7.5, WIDTH).forEach((part, i, all) => {
        page.drawText(part, { x: MARGIN, y: 42 + (all.length - 1 - i) * 9, size: 7.5, font: regular, color: GREY });
      });
    }
  });
  return pdf.save({ useObjectStreams: false });
}

/** The lines table (description, quantity, unit price, VAT rate, net) and the totals. */
function drawLines(layout: Layout, doc: Document) {
  const cols = { description: MARGIN, quantity: MARGIN + 250, unit: MARGIN + 295, vat: MARGIN + 375, net: MARGIN + 415 };
  const right = (text: string, x: number, width: number, bold = false) => layout.text(text, x, { size: 9.5, align: 'right', width, bold });
  const headings = () => {
    layout.text('Désignation', cols.description, { size: 9, bold: true });
    right('Qté', cols.quantity, 40, true);
    right('PU HT', cols.unit, 75, true);
    right('TVA', cols.vat, 35, true);
    right('Total HT', cols.net, WIDTH - (cols.net - MARGIN), true);
    layout.y -= 14;
    layout.rule();
    layout.y -= 5;
  };
  layout.ensure(40);
  headings();
  layout.continuation = headings;
  for (const line of doc.lines) {
    const parts = wrap(line.description, layout.regular, 9.5, 240);
    const height = parts.length * 12 + 4;
    layout.ensure(Math.min(height, 36));
    const t = lineTotals(line);
    parts.forEach((part, index) => {
      layout.ensure(12);
      layout.text(part, cols.description, { size: 9.5 });
      // The figures after the first line of the description, so extracted text reads in order.
      if (index === 0) {
        right(winAnsi(quantityFr.format(line.quantity)), cols.quantity, 40);
        right(euros(line.unitPriceCents), cols.unit, 75);
        right(`${winAnsi(rateFr.format(line.vatRate))} %`, cols.vat, 35);
        right(euros(t.netCents), cols.net, WIDTH - (cols.net - MARGIN));
      }
      layout.y -= 12;
    });
    layout.y -= 4;
  }
  layout.continuation = null;
  layout.ensure(60);
  layout.y -= 2;
  layout.rule();
  layout.y -= 8;
  const totals: [string, number, boolean][] = [
    ['Total HT', doc.totals.netCents, false],
    ...vatByRate(doc.lines).map(
      ([rate, t]) => [`TVA ${winAnsi(rateFr.format(rate))} % sur ${euros(t.netCents)}`, t.vatCents, false] as [string, number, boolean],
    ),
    ['Total TTC', doc.totals.grossCents, true],
  ];
  for (const [label, cents, strong] of totals) {
    layout.ensure(15);
    layout.text(label, cols.quantity - 40, { size: 10, bold: strong });
    right(euros(cents), cols.net, WIDTH - (cols.net - MARGIN), strong);
    layout.y -= 15;
  }
}
