"""Expands one feed with Python icalendar + recurring-ical-events and prints, per occurrence,
START (Europe/Oslo wall clock), UID, STATUS and SUMMARY as a JSON list of lists.

argv: FILE FROM TO (dates, YYYY-MM-DD).
"""
import datetime
import json
import sys
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

OSLO = ZoneInfo("Europe/Oslo")


def text(value):
    v = value.dt
    if isinstance(v, datetime.datetime):
        return v.astimezone(OSLO).strftime("%Y-%m-%dT%H:%M")
    return v.isoformat()


path, start, end = sys.argv[1:4]
with open(path, "rb") as f:
    cal = icalendar.Calendar.from_ical(f.read())
out = []
for ev in recurring_ical_events.of(cal).between(
    datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)
):
    out.append([text(ev["DTSTART"]), str(ev["UID"]), str(ev.get("STATUS", "")), str(ev.get("SUMMARY", ""))])
print(json.dumps(sorted(out)))
