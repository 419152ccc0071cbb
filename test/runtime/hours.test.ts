import { describe, expect, it } from 'vitest';
import type { OpeningHours } from '../../src/exhibit/index.js';
import { Schedule } from '../../src/runtime/hours.js';

/** Opening hours on the wall clock, in the museum's time zone (Intl does the zone's rules). */

const week = (periods: Partial<OpeningHours['weekly']>): OpeningHours['weekly'] => ({ mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [], ...periods });
const h = (hh: number, mm = 0) => hh * 60 + mm;

describe('a weekly schedule', () => {
  const paris = new Schedule({ timeZone: 'Europe/Paris', weekly: week({ sat: [[h(10), h(12, 30)], [h(13, 30), h(18)]], sun: [[h(10), h(18)]], mon: [[h(0), h(2)]] }), atOpening: 'fresh' });

  it('is open within a period, to the minute, in the zone\'s local time', () => {
    // Saturday 2026-03-07: Paris is UTC+1.
    expect(paris.isOpen(Date.UTC(2026, 2, 7, 8, 59))).toBe(false);
    expect(paris.isOpen(Date.UTC(2026, 2, 7, 9, 0))).toBe(true);
    expect(paris.isOpen(Date.UTC(2026, 2, 7, 11, 29))).toBe(true);
    expect(paris.isOpen(Date.UTC(2026, 2, 7, 11, 30))).toBe(false);
    expect(paris.isOpen(Date.UTC(2026, 2, 7, 12, 30))).toBe(true);
    expect(paris.isOpen(Date.UTC(2026, 2, 7, 17, 0))).toBe(false);
    // Friday: closed all day.
    expect(paris.isOpen(Date.UTC(2026, 2, 6, 12, 0))).toBe(false);
  });

  it('follows summer time: 10:00 in Paris is 09:00 UTC in winter and 08:00 UTC in summer', () => {
    expect(paris.isOpen(Date.UTC(2026, 2, 8, 8, 30))).toBe(false); // Sunday 8 March, winter
    expect(paris.isOpen(Date.UTC(2026, 6, 5, 8, 30))).toBe(true); // Sunday 5 July, summer
    expect(paris.local(Date.UTC(2026, 2, 29, 1, 30))).toEqual({ day: 'sun', minute: h(3, 30) }); // the night the clocks go forward
  });

  it('knows when the open stretch began, across midnight too', () => {
    expect(paris.openedAt(Date.UTC(2026, 2, 7, 10, 15))).toBe(Date.UTC(2026, 2, 7, 9, 0));
    expect(paris.openedAt(Date.UTC(2026, 2, 7, 14, 0))).toBe(Date.UTC(2026, 2, 7, 12, 30));
    expect(paris.openedAt(Date.UTC(2026, 2, 7, 20, 0))).toBeNull();
    // Sunday 10:00–18:00 and Monday 00:00–02:00 are two stretches: Sunday 24:00 is not listed.
    expect(paris.openedAt(Date.UTC(2026, 2, 8, 23, 30))).toBe(Date.UTC(2026, 2, 8, 23, 0));
  });

  it('open every minute of the week: never opened in the week looked back over', () => {
    const always = new Schedule({ timeZone: 'UTC', weekly: week(Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [[0, 1440]]]))), atOpening: 'fresh' });
    expect(always.isOpen(Date.UTC(2026, 0, 1, 3, 7))).toBe(true);
    expect(always.openedAt(Date.UTC(2026, 0, 1, 3, 7))).toBeNull();
  });
});
