import { describe, expect, it } from 'vitest';
import { winAnsi } from '../../functions/documents/pdf';
import { formatEuros } from '../../shared/money';

/** What the PDF's standard fonts can draw (WinAnsi): French is kept, Intl's spaces become plain. */
describe('text for the PDF', () => {
  it.each([
    ['Cœur de chaudière — « Œil-de-bœuf »', 'Cœur de chaudière — « Œil-de-bœuf »'],
    ['Main d’œuvre : 20 €', 'Main d’œuvre : 20 €'],
    [formatEuros(123456), '1 234,56 €'],
    ['Ĉapeau ŝtono', 'Capeau stono'],
    ['Emoji 🔥 ok', 'Emoji ? ok'],
    ['tab\there', 'tab here'],
  ])('%s', (input, expected) => {
    expect(winAnsi(input)).toBe(expected);
  });
});
