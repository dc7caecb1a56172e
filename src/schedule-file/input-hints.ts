import { DateTime } from 'luxon';

/**
 * What `check` adds to a refused value when it can tell what the editor meant: hints for the
 * mistakes people make in a Norwegian schedule (day.month.year dates, `alle`, a 31st that does
 * not exist). Each returns '' or text that starts with "; ".
 */

/** `01.02.2023` → "; did you mean 2023-02-01? (dates are year-month-day)"; `2022-06-31` → "; June 2022 has 30 days". */
export function dateHint(text: string): string {
  const dotted = /^(\d{1,2})[./](\d{1,2})[./](\d{4})(?:[ T](\d{1,2}):(\d{2}))?$/.exec(text);
  if (dotted) {
    const [, day, month, year, hour, minute] = dotted;
    const d = DateTime.utc(+year!, +month!, +day!, +(hour ?? 0), +(minute ?? 0));
    if (d.isValid) {
      const iso = hour === undefined ? d.toISODate() : d.toFormat("yyyy-MM-dd'T'HH:mm");
      return `; did you mean ${iso}? (dates are year-month-day)`;
    }
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (iso) {
    const month = DateTime.utc(+iso[1]!, +iso[2]!, 1);
    if (!month.isValid) return `; there is no month ${iso[2]} (months are 01 to 12)`;
    if (+iso[3]! > month.daysInMonth)
      return `; ${month.setLocale('en').toFormat('LLLL yyyy')} has ${month.daysInMonth} days`;
  }
  const time = /(?:^|[T ])(\d{1,2}):(\d{2})$/.exec(text);
  if (time) {
    const [, hour, minute] = time;
    if (+hour! > 23)
      return `; the hour ${hour} is out of range (00 to 23; the end of a day is 00:00 of the next day, or use duration:)`;
    if (+minute! > 59) return `; the minute ${minute} is out of range (00 to 59)`;
    if (hour!.length === 1) return `; write the hour with two digits: 0${hour}:${minute}`;
  }
  return '';
}

/** `systems: alle` → "; did you mean `all`?"; `systems: gat` → "; for one system write [gat]". */
export function systemsHint(text: string, systemIds: readonly string[]): string {
  if (systemIds.includes(text)) return `; for one system write [${text}]`;
  if (/^(all|alle|alt|alla)$/i.test(text.trim())) return '; did you mean `all`? (the keyword is English)';
  return '';
}
