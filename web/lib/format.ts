/**
 * Dates, money and phone numbers, always in French formats (the app serves French businesses).
 * Times are in the organisation's time zone, never the browser's: an intervention at 10:00 in
 * Lyon reads 10:00 on a laptop set to London too, as in its PDF.
 */
import { formatEuros } from '../../shared/money';

export { formatEuros as formatMoney };

/** The organisation's time zone; Europe/Paris until the settings carry one (docs/decisions.md). */
export const ORGANIZATION_TIME_ZONE = 'Europe/Paris';

const timeZone = ORGANIZATION_TIME_ZONE;
const dateFormat = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeZone });
const dateTimeFormat = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short', timeZone });
const timeFormat = new Intl.DateTimeFormat('fr-FR', { timeStyle: 'short', timeZone });
const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** The wall-clock fields of an instant in the organisation's time zone. */
function zonedParts(date: Date): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts: Record<string, number> = {};
  for (const part of partsFormat.formatToParts(date)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

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

/** `27/11/2026 14:05` in the organisation's time zone. */
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

/** `2026-11-27` today in the organisation's time zone. */
export function todayIso(now = new Date()): string {
  const p = zonedParts(now);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** `HH:MM` of a timestamp in the organisation's time zone, for <input type="time">. */
export function timeInput(value: string | null | undefined): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  const p = zonedParts(date);
  return `${pad(p.hour)}:${pad(p.minute)}`;
}

/** A date and time on the organisation's clock → ISO timestamp (UTC), or null when either is missing. */
export function toTimestamp(date: string, time: string): string | null {
  if (!date || !time) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const clock = /^(\d{2}):(\d{2})/.exec(time);
  if (!match || !clock) return null;
  const wall = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), Number(clock[1]), Number(clock[2]));
  // The zone's offset at that moment (found twice: the first guess may sit across a DST change).
  let utc = wall;
  for (let i = 0; i < 2; i++) {
    const p = zonedParts(new Date(utc));
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    utc = wall - (shown - utc);
  }
  return Number.isNaN(utc) ? null : new Date(utc).toISOString();
}

/** `12 rue des Lilas, 75011 Paris` on one line. */
export function formatAddress(a: { line1: string; line2?: string | null; postalCode: string; city: string } | null | undefined): string {
  if (!a) return '';
  return [a.line1, a.line2, `${a.postalCode} ${a.city}`].filter(Boolean).join(', ');
}
