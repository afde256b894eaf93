import { type PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';

/**
 * Drawing helpers of the document PDF: text the standard fonts can encode, wrapping, and a
 * cursor that flows onto new pages (each repeating the header and the table's column titles).
 */
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

export const PAGE: [number, number] = [595.28, 841.89];
export const MARGIN = 50;
export const BOTTOM = 60;
export const WIDTH = PAGE[0] - 2 * MARGIN;
export const GREY = rgb(0.4, 0.4, 0.4);
export const LIGHT = rgb(0.85, 0.85, 0.85);

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

export class Layout {
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
