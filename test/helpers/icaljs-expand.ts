import ICAL from 'ical.js';
import { DateTime } from 'luxon';

/** One occurrence as a parser we did not write sees it, in Oslo (or `zone`) wall-clock text. */
export interface ParsedOccurrence {
  uid: string;
  summary: string;
  /** `2022-03-26T12:00` for timed occurrences, `2022-06-13` for all-day ones. */
  start: string;
  end: string;
  status: string | null;
}

/**
 * Expands a feed with ical.js (Mozilla's parser, Thunderbird's engine), using only the
 * VTIMEZONE blocks in the feed itself. The instants ical.js computes are turned into wall-clock
 * text with Luxon's ICU zone data, so a wrong VTIMEZONE or TZID shows up as a wrong hour.
 */
export function expandWithIcalJs(ics: string, from: string, to: string, zone = 'Europe/Oslo'): ParsedOccurrence[] {
  ICAL.TimezoneService.reset();
  const calendar = new ICAL.Component(ICAL.parse(ics));
  for (const vtz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(vtz);
  const rangeStart = ICAL.Time.fromDateTimeString(`${from}T00:00:00Z`);
  const rangeEnd = ICAL.Time.fromDateTimeString(`${to}T00:00:00Z`);
  const masters = new Map<string, InstanceType<typeof ICAL.Event>>();
  const exceptions: InstanceType<typeof ICAL.Event>[] = [];
  for (const vevent of calendar.getAllSubcomponents('vevent')) {
    const event = new ICAL.Event(vevent);
    if (event.isRecurrenceException()) exceptions.push(event);
    else masters.set(event.uid, event);
  }
  for (const e of exceptions) {
    const master = masters.get(e.uid);
    if (!master) throw new Error(`ical.js: override ${e.uid} has no master`);
    master.relateException(e);
  }
  const text = (t: InstanceType<typeof ICAL.Time>) =>
    t.isDate
      ? t.toString().slice(0, 10)
      : DateTime.fromSeconds(t.toUnixTime(), { zone }).toFormat("yyyy-MM-dd'T'HH:mm");
  const out: ParsedOccurrence[] = [];
  const push = (
    item: InstanceType<typeof ICAL.Event>,
    start: InstanceType<typeof ICAL.Time>,
    end: InstanceType<typeof ICAL.Time>,
  ) => {
    if (end.compare(rangeStart) <= 0 || start.compare(rangeEnd) >= 0) return;
    out.push({
      uid: item.uid,
      summary: item.summary,
      start: text(start),
      end: text(end),
      status: (item.component.getFirstPropertyValue('status') as string | null) ?? null,
    });
  };
  for (const master of masters.values()) {
    if (!master.isRecurring()) {
      push(master, master.startDate, master.endDate);
      continue;
    }
    const it = master.iterator();
    for (let next = it.next(); next; next = it.next()) {
      // Moved occurrences can land before their original date, so look a year past the range.
      if (next.compare(rangeEnd) >= 0 && next.toJSDate().getTime() > rangeEnd.toJSDate().getTime() + 366 * 86_400_000)
        break;
      const d = master.getOccurrenceDetails(next);
      push(d.item, d.startDate, d.endDate);
    }
  }
  return out.sort((a, b) => a.start.localeCompare(b.start) || a.uid.localeCompare(b.uid));
}
