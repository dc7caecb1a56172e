import { DateTime } from 'luxon';
import type { Occurrence } from '../occurrences/occurrence.js';
import type { Texts } from './texts.js';

/**
 * How an occurrence's span (a window's or a freeze's) is written, everywhere people read one:
 * the page, the embed, Atom, Teams and Slack lines in the reader's language (`Texts`), and the
 * CLI's tables and `diff`'s Markdown in English with ISO dates (`'iso'`), for CI and for sorting.
 */
export type SpanLanguage = Texts | 'iso';

/**
 * How the day an occurrence starts is written before its times (ISO always "Wed 2027-01-20"):
 * - `long`: "onsdag 20. januar 2027", as the page's day headings, its freezes, the embed, Atom;
 * - `short`: "ons. 20. jan 2027", for the one-line messages to Teams and Slack;
 * - `numeric`: "20.01.2027", for Atom titles.
 */
export type DayForm = 'long' | 'short' | 'numeric';

type Span = Pick<Occurrence, 'start' | 'end' | 'allDay'>;

/** A day (a DateTime in the calendar's zone) as `form` writes it. */
export function dayText(day: DateTime, language: SpanLanguage, form: DayForm = 'long'): string {
  if (language === 'iso') return day.toFormat('ccc yyyy-MM-dd');
  if (form === 'numeric') return day.toFormat('dd.MM.yyyy');
  const local = day.setLocale(language.locale);
  return form === 'long' ? local.toLocaleString(DateTime.DATE_HUGE) : local.toFormat('ccc d. LLL yyyy');
}

/**
 * The times of an occurrence in the calendar's zone, without its first day: "16:00–19:00",
 * "23:00–søn. 14. feb. 04:00", "hele dagen", "hele dagen til fre. 22. januar"; in ISO
 * "23:00–2027-02-14 04:00", "all day to 2027-01-22". A day other than the first is written
 * without its year, in the manner of `form` (the first day's form where both are shown).
 */
export function spanTimes(o: Span, zone: string, language: SpanLanguage, form: DayForm = 'long'): string {
  const local = (d: DateTime) => (language === 'iso' ? d.setZone(zone) : d.setZone(zone).setLocale(language.locale));
  const [s, e] = [local(o.start), local(o.end)];
  const otherDay = (d: DateTime, month: 'short' | 'long') =>
    language === 'iso'
      ? d.toISODate()!
      : form === 'short'
        ? d.toFormat('d. LLL')
        : d.toLocaleString({ weekday: 'short', day: 'numeric', month });
  if (o.allDay) {
    const words = language === 'iso' ? { allDay: 'all day', until: 'to' } : language;
    const last = e.minus({ days: 1 });
    return last.hasSame(s, 'day') ? words.allDay : `${words.allDay} ${words.until} ${otherDay(last, 'long')}`;
  }
  return `${s.toFormat('HH:mm')}–${e.hasSame(s, 'day') ? '' : `${otherDay(e, 'short')} `}${e.toFormat('HH:mm')}`;
}

/** The day an occurrence starts and its times: "Wed 2027-01-20 16:00–19:00", "ons. 20. jan 2027 hele dagen". */
export function spanText(o: Span, zone: string, language: SpanLanguage, form: DayForm = 'long'): string {
  return `${dayText(o.start.setZone(zone), language, form)} ${spanTimes(o, zone, language, form)}`;
}
