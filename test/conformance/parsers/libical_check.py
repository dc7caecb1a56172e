"""Reads feeds with libical (the Evolution engine) through GObject introspection.

Reads a JSON list of {"file", "from", "to"} on stdin; prints a JSON list (one per job) of
{"errors": [...], "occurrences": ["START END UID", ...]}. errors holds every X-LIC-ERROR the
parser and the RFC 5545/5546 restriction check add. libical's foreach_recurrence expands one
component; applying RECURRENCE-ID overrides by instant is what its clients (Evolution) do on top.
"""
import datetime
import json
import sys
from zoneinfo import ZoneInfo

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib  # noqa: E402

OSLO = ZoneInfo("Europe/Oslo")
UTC = ICalGLib.Timezone.get_utc_timezone()


def errors_in(comp):
    found = []
    p = comp.get_first_property(ICalGLib.PropertyKind.XLICERROR_PROPERTY)
    while p is not None:
        found.append(p.get_xlicerror())
        p = comp.get_next_property(ICalGLib.PropertyKind.XLICERROR_PROPERTY)
    sub = comp.get_first_component(ICalGLib.ComponentKind.ANY_COMPONENT)
    while sub is not None:
        found += errors_in(sub)
        sub = comp.get_next_component(ICalGLib.ComponentKind.ANY_COMPONENT)
    return found


def epoch(t):
    # as_timet_with_zone reads the time's fields as local time in the zone it is given.
    return t.as_timet() if t.is_date() else t.as_timet_with_zone(t.get_timezone() or UTC)


def fmt(seconds, all_day):
    d = datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)
    return d.strftime("%Y-%m-%d") if all_day else d.astimezone(OSLO).strftime("%Y-%m-%dT%H:%M")


def events(cal):
    ev = cal.get_first_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)
    while ev is not None:
        yield ev
        ev = cal.get_next_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)


results = []
for job in json.load(sys.stdin):
    with open(job["file"], encoding="utf-8") as f:
        cal = ICalGLib.Component.new_from_string(f.read())
    errors = errors_in(cal)
    ICalGLib.restriction_check(cal)
    errors = sorted(set(errors_in(cal)))
    start = ICalGLib.Time.new_from_string(job["from"].replace("-", "") + "T000000Z")
    end = ICalGLib.Time.new_from_string(job["to"].replace("-", "") + "T000000Z")
    overrides = {}
    for ev in events(cal):
        rid = ev.get_first_property(ICalGLib.PropertyKind.RECURRENCEID_PROPERTY)
        if rid is not None:
            # get_recurrenceid() leaves the zone off: resolve TZID from the feed's VTIMEZONE.
            tz = cal.get_timezone(rid.get_parameter_as_string("TZID"))
            overrides[(ev.get_uid(), ev.get_recurrenceid().as_timet_with_zone(tz))] = ev
    out = []
    lo, hi = epoch(start), epoch(end)
    for ev in events(cal):
        if ev.get_first_property(ICalGLib.PropertyKind.RECURRENCEID_PROPERTY) is not None:
            continue
        all_day = ev.get_dtstart().is_date()
        spans = []
        # Overrides may move an occurrence into the range from outside it: look a year around.
        wide_start = ICalGLib.Time.new_from_timet_with_zone(lo - 366 * 86400, 0, UTC)
        wide_end = ICalGLib.Time.new_from_timet_with_zone(hi + 366 * 86400, 0, UTC)
        ev.foreach_recurrence(wide_start, wide_end, lambda c, span, _: spans.append((span.get_start(), span.get_end())), None)
        for s, e in spans:
            o = overrides.get((ev.get_uid(), s))
            if o is not None:
                s, e = epoch(o.get_dtstart()), epoch(o.get_dtend())
            if e > lo and s < hi:
                out.append(f"{fmt(s, all_day)} {fmt(e, all_day)} {ev.get_uid()}")
    results.append({"errors": errors, "occurrences": sorted(set(out))})
print(json.dumps(results))
