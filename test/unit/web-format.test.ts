/**
 * The web app's times are on the organisation's clock (Europe/Paris), whatever the browser's zone:
 * this file runs with the process in New York's zone to prove it.
 */
process.env.TZ = 'America/New_York';

import { describe, expect, it } from 'vitest';
import { formatDateTime, formatTime, timeInput, todayIso, toTimestamp } from '../../web/lib/format';

describe('times in the organisation’s time zone', () => {
  it.each([
    ['winter', '2026-12-07', '10:00', '2026-12-07T09:00:00.000Z'],
    ['summer', '2026-07-01', '10:00', '2026-07-01T08:00:00.000Z'],
    ['the day after the spring change', '2026-03-30', '09:30', '2026-03-30T07:30:00.000Z'],
    ['the morning of the autumn change', '2026-10-25', '08:00', '2026-10-25T07:00:00.000Z'],
  ])('%s: %s %s in Paris is %s', (_name, date, time, iso) => {
    expect(toTimestamp(date, time)).toBe(iso);
    expect(timeInput(iso)).toBe(time);
    expect(formatTime(iso)).toBe(time);
  });

  it('shows a send at 21:58 UTC as 22:58 on 06/12/2026, and today is Paris’s date', () => {
    expect(formatDateTime('2026-12-06T21:58:00.000Z').replace(/\s+/g, ' ')).toBe('06/12/2026 22:58');
    // 23:30 UTC on the 6th is already the 7th in Paris (and still the 6th in New York).
    expect(todayIso(new Date('2026-12-06T23:30:00.000Z'))).toBe('2026-12-07');
  });

  it('refuses a missing or malformed date or time', () => {
    expect(toTimestamp('', '10:00')).toBeNull();
    expect(toTimestamp('2026-12-07', '')).toBeNull();
    expect(toTimestamp('07/12/2026', '10:00')).toBeNull();
  });
});
