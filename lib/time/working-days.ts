/**
 * Japanese bank working days (営業日), in Japan time: not a Saturday or Sunday, not a national
 * holiday (with its substitute and "citizens' holiday" rules), not the bank's year-end closure
 * (12/31–1/3). Dates are plain "YYYY-MM-DD" strings of the JST calendar.
 *
 * The holiday rules are the statutory ones (国民の祝日に関する法律) as they stand since 2020;
 * the equinox days use the usual astronomical approximation, valid 1980–2099.
 */

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The JST calendar date of a moment. */
export function jstDate(moment: Date): string {
  return new Date(moment.getTime() + JST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The moment a JST date begins (00:00 JST). */
export function jstDayStart(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) - JST_OFFSET_MS);
}

/** The date `days` after (or before, negative) a date. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
function weekday(date: string): number {
  return new Date(`${date}T00:00:00.000Z`).getUTCDay();
}

const pad = (n: number) => String(n).padStart(2, "0");
const ymd = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

/** The n-th Monday of a month (Happy Monday holidays). */
function nthMonday(year: number, month: number, n: number): string {
  const first = weekday(ymd(year, month, 1));
  return ymd(year, month, 1 + ((8 - first) % 7) + (n - 1) * 7);
}

function equinoxDay(year: number, base: number): number {
  return Math.floor(base + 0.242194 * (year - 1980) - Math.floor((year - 1980) / 4));
}

const holidayCache = new Map<number, Set<string>>();

/** The national holidays of a year, substitute holidays and citizens' holidays included. */
export function nationalHolidays(year: number): Set<string> {
  const cached = holidayCache.get(year);
  if (cached) return cached;
  const days = new Set<string>([
    ymd(year, 1, 1),
    nthMonday(year, 1, 2),
    ymd(year, 2, 11),
    ymd(year, 2, 23),
    ymd(year, 3, equinoxDay(year, 20.8431)),
    ymd(year, 4, 29),
    ymd(year, 5, 3),
    ymd(year, 5, 4),
    ymd(year, 5, 5),
    nthMonday(year, 7, 3),
    ymd(year, 8, 11),
    nthMonday(year, 9, 3),
    ymd(year, 9, equinoxDay(year, 23.2488)),
    nthMonday(year, 10, 2),
    ymd(year, 11, 3),
    ymd(year, 11, 23),
  ]);
  const sorted = [...days].sort();
  // A weekday between two holidays is a holiday too (e.g. 2026-09-22).
  for (const day of sorted) {
    const between = addDays(day, 1);
    if (!days.has(between) && days.has(addDays(day, 2)) && weekday(between) !== 0) days.add(between);
  }
  // A holiday on a Sunday moves to the next day that is not a holiday.
  for (const day of [...days].sort()) {
    if (weekday(day) !== 0) continue;
    let next = addDays(day, 1);
    while (days.has(next)) next = addDays(next, 1);
    days.add(next);
  }
  holidayCache.set(year, days);
  return days;
}

/** Banks close 12/31 to 1/3 (銀行法施行令). */
function yearEndClosure(date: string): boolean {
  const md = date.slice(5);
  return md === "12-31" || md === "01-01" || md === "01-02" || md === "01-03";
}

export function isWorkingDay(date: string): boolean {
  const day = weekday(date);
  if (day === 0 || day === 6) return false;
  if (yearEndClosure(date)) return false;
  return !nationalHolidays(Number(date.slice(0, 4))).has(date);
}

/** The last working day strictly before `date`. */
export function previousWorkingDay(date: string): string {
  let day = addDays(date, -1);
  while (!isWorkingDay(day)) day = addDays(day, -1);
  return day;
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(date: string): string {
  let day = addDays(date, 1);
  while (!isWorkingDay(day)) day = addDays(day, 1);
  return day;
}
