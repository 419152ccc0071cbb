import type { OpeningHours, Weekday } from '../exhibit/index.js';

const DAYS: Record<string, Weekday> = { Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun' };
const MINUTE_MS = 60_000;
/** How far back an opening is looked for: a week and a day (a schedule repeats weekly). */
const LOOK_BACK_MS = 8 * 24 * 3_600_000;

/**
 * An exhibit's opening hours on the wall clock, in the museum's time zone (Intl does the zone's rules,
 * summer time included): whether it is open at a moment, and when it last opened.
 */
export class Schedule {
  private readonly format: Intl.DateTimeFormat;

  constructor(readonly hours: OpeningHours) {
    this.format = new Intl.DateTimeFormat('en-GB', { timeZone: hours.timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  }

  /** Weekday and minutes after midnight at `epochMs`, in the schedule's zone. */
  local(epochMs: number): { day: Weekday; minute: number } {
    let day: Weekday = 'mon';
    let hour = 0;
    let minute = 0;
    for (const p of this.format.formatToParts(epochMs)) {
      if (p.type === 'weekday') day = DAYS[p.value] ?? day;
      else if (p.type === 'hour') hour = Number(p.value);
      else if (p.type === 'minute') minute = Number(p.value);
    }
    return { day, minute: hour * 60 + minute };
  }

  /** Whether the exhibit is open at `epochMs` (to the minute). */
  isOpen(epochMs: number): boolean {
    const { day, minute } = this.local(epochMs);
    return this.hours.weekly[day].some(([from, to]) => minute >= from && minute < to);
  }

  /**
   * When the open stretch that holds `epochMs` began (to the minute), or null when closed then or open
   * for the whole week looked back over.
   */
  openedAt(epochMs: number): number | null {
    if (!this.isOpen(epochMs)) return null;
    let t = Math.floor(epochMs / MINUTE_MS) * MINUTE_MS;
    for (let back = 0; back < LOOK_BACK_MS; back += MINUTE_MS) {
      if (!this.isOpen(t - MINUTE_MS)) return t;
      t -= MINUTE_MS;
    }
    return null;
  }
}
