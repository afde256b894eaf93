/** Dates, money and phone numbers, always in French formats (the app serves French businesses). */
import { formatEuros } from '../../shared/money';

export { formatEuros as formatMoney };

const dateFormat = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short' });
const dateTimeFormat = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short' });
const timeFormat = new Intl.DateTimeFormat('fr-FR', { timeStyle: 'short' });

/** `27/11/2026` from `2026-11-27` (a calendar date, no time zone shift) or a timestamp. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-');
    return `${d}/${m}/${y}`;
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : dateFormat.format(date);
}

/** `27/11/2026 14:05` in the browser's time zone. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : dateTimeFormat.format(date);
}

export function formatTime(value: string | null | undefined): string {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : timeFormat.format(date);
}

/** `01 23 45 67 89` for French numbers (typed or +33), `+33 …` kept for others as typed. */
export function formatPhone(value: string | null | undefined): string {
  if (!value) return '';
  const compact = value.replace(/[\s.\-()]/g, '');
  let national: string | null = null;
  if (/^0\d{9}$/.test(compact)) national = compact;
  else if (/^(\+|00)33\d{9}$/.test(compact)) national = `0${compact.slice(-9)}`;
  return national ? national.replace(/(\d{2})(?=\d)/g, '$1 ') : value.trim();
}

/** "Mme Anne Martin" style display name of a person-like record. */
export function personName(
  p: { civility?: string | null; firstName?: string | null; lastName?: string | null } | null | undefined,
): string {
  if (!p) return '';
  return [p.firstName, p.lastName].filter(Boolean).join(' ');
}

/** `12,5` or `12.50` or `1 234,56` → 12.5; NaN when not a number. */
export function parseDecimal(text: string): number {
  const cleaned = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (cleaned === '' || !/^-?\d*(\.\d*)?$/.test(cleaned)) return Number.NaN;
  return Number(cleaned);
}

/** Euros as typed → integer cents, or NaN. */
export function eurosToCents(text: string): number {
  const euros = parseDecimal(text);
  return Number.isNaN(euros) ? Number.NaN : Math.round(euros * 100);
}

/** Cents → `12,50` for an input (no currency sign, no grouping). */
export function centsToInput(cents: number): string {
  return (cents / 100).toFixed(2).replace('.', ',');
}

/** `2026-11-27` today in the browser's time zone. */
export function todayIso(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** `HH:MM` of a timestamp in the browser's time zone, for <input type="time">. */
export function timeInput(value: string | null | undefined): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

/** A local date and time → ISO timestamp (UTC), or null when either is missing. */
export function toTimestamp(date: string, time: string): string | null {
  if (!date || !time) return null;
  const value = new Date(`${date}T${time}`);
  return Number.isNaN(value.getTime()) ? null : value.toISOString();
}

/** `12 rue des Lilas, 75011 Paris` on one line. */
export function formatAddress(a: { line1: string; line2?: string | null; postalCode: string; city: string } | null | undefined): string {
  if (!a) return '';
  return [a.line1, a.line2, `${a.postalCode} ${a.city}`].filter(Boolean).join(', ');
}
