import { PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import type { Document } from '../../shared/documents';
import { formatDateFr, formatEuros, lineTotals } from '../../shared/money';
import { displayName } from '../lib/person';

/**
 * The document as a PDF (pdf-lib, the standard Helvetica fonts: no font file to ship, and their
 * WinAnsi encoding covers French: é, à, ç, œ, €, ’, «»). A4, French formats (`1 234,56 €`,
 * `27/11/2026`). Long documents flow onto more pages; every page repeats the header (organisation,
 * document type and number, date), the lines table repeats its column titles, and the footer says
 * "Page n / N".
 */
export interface PdfInput {
  organizationName: string;
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

const TITLES = { invoice: 'FACTURE', quote: 'DEVIS', intervention: "RAPPORT D'INTERVENTION" } as const;

// WinAnsi (Windows-1252) beyond Latin-1: what the standard fonts can draw in 0x80–0x9F.
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/**
 * Text the standard fonts can encode: Intl's narrow and regular no-break spaces become plain
 * spaces, other characters outside WinAnsi lose their accents or become '?', tabs become spaces.
 */
export function winAnsi(text: string): string {
  let out = '';
  for (const ch of text.replace(/[\u202f\u00a0\u2007\u2009\t]/g, ' ')) {
    const code = ch.codePointAt(0)!;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa1 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch)) out += ch;
    else if (ch === '\n') out += ch;
    else {
      const base = ch.normalize('NFD').replace(/\p{M}+/gu, '');
      out += base && [...base].every((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) <= 0x7e) ? base : '?';
    }
  }
  return out;
}

const euros = (cents: number) => winAnsi(formatEuros(cents));
const quantityFr = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 3 });
const rateFr = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const timeFr = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' });
const dayFr = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

const PAGE: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const BOTTOM = 60;
const WIDTH = PAGE[0] - 2 * MARGIN;
const GREY = rgb(0.4, 0.4, 0.4);
const LIGHT = rgb(0.85, 0.85, 0.85);

/** Splits text into lines no wider than `width` (words, then characters for a very long word). */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of winAnsi(text).split(/\r?\n/)) {
    let current = '';
    for (const word of paragraph.split(' ')) {
      const candidate = current ? `${current} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= width) {
        current = candidate;
        continue;
      }
      if (current) lines.push(current);
      current = '';
      let rest = word;
      while (font.widthOfTextAtSize(rest, size) > width) {
        let cut = rest.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut--;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      current = rest;
    }
    lines.push(current);
  }
  return lines;
}

class Layout {
  page!: PDFPage;
  y = 0;
  /** Drawn at the top of every page after the first one's header (the table's column titles). */
  continuation: (() => void) | null = null;

  constructor(
    readonly pdf: PDFDocument,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
    private readonly header: (layout: Layout) => void,
  ) {
    this.newPage();
  }

  newPage() {
    this.page = this.pdf.addPage(PAGE);
    this.y = PAGE[1] - MARGIN;
    this.header(this);
    this.continuation?.();
  }

  /** Room for `height` points on this page, else a new page. */
  ensure(height: number) {
    if (this.y - height < BOTTOM) this.newPage();
  }

  text(
    value: string,
    x: number,
    options: { size?: number; bold?: boolean; color?: ReturnType<typeof rgb>; align?: 'left' | 'right'; width?: number } = {},
  ) {
    const size = options.size ?? 10;
    const font = options.bold ? this.bold : this.regular;
    const safe = winAnsi(value);
    const dx = options.align === 'right' ? (options.width ?? 0) - font.widthOfTextAtSize(safe, size) : 0;
    this.page.drawText(safe, { x: x + dx, y: this.y - size, size, font, color: options.color ?? rgb(0, 0, 0) });
  }

  rule(color = LIGHT) {
    this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: PAGE[0] - MARGIN, y: this.y }, thickness: 0.6, color });
  }

  /** A wrapped paragraph that flows onto the next pages. */
  paragraph(value: string, options: { size?: number; x?: number; width?: number } = {}) {
    const size = options.size ?? 10;
    const leading = size * 1.35;
    for (const line of wrap(value, this.regular, size, options.width ?? WIDTH)) {
      this.ensure(leading);
      this.text(line, options.x ?? MARGIN, { size });
      this.y -= leading;
    }
  }
}

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
  const title = `${TITLES[doc.type]} ${doc.number}`;
  pdf.setTitle(winAnsi(title));
  pdf.setAuthor(winAnsi(input.organizationName));
  pdf.setCreator('Carnet');
  pdf.setLanguage('fr-FR');
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);

  const layout = new Layout(pdf, regular, bold, (l) => {
    l.text(input.organizationName, MARGIN, { size: 15, bold: true });
    l.text(TITLES[doc.type], MARGIN, { size: 13, bold: true, align: 'right', width: WIDTH });
    l.y -= 20;
    l.text(input.client.name, MARGIN, { size: 10, color: GREY });
    l.text(`N° ${doc.number}`, MARGIN, { size: 10, align: 'right', width: WIDTH });
    l.y -= 14;
    l.text(`Date : ${formatDateFr(doc.date)}`, MARGIN, { size: 10, align: 'right', width: WIDTH });
    l.y -= 18;
    l.rule(GREY);
    l.y -= 14;
  });

  // Client, address, contact: three columns on the first page.
  const columns: [string, string[]][] = [
    ['Client', [input.client.name, ...personLines(input.client.mainContact)]],
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
      ['Horaire', start && end ? `${start} – ${end}` : (start ?? end ?? '—')],
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

  // Page numbers, now that the count is known.
  const pages = pdf.getPages();
  pages.forEach((page, index) => {
    const label = winAnsi(`${doc.number} — Page ${index + 1} / ${pages.length}`);
    page.drawText(label, { x: PAGE[0] - MARGIN - regular.widthOfTextAtSize(label, 8), y: 30, size: 8, font: regular, color: GREY });
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
    ['TVA', doc.totals.vatCents, false],
    ['Total TTC', doc.totals.grossCents, true],
  ];
  for (const [label, cents, strong] of totals) {
    layout.text(label, cols.unit, { size: 10, bold: strong });
    right(euros(cents), cols.net, WIDTH - (cols.net - MARGIN), strong);
    layout.y -= 15;
  }
}
