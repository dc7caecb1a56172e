"""Expands feeds with Python icalendar + recurring-ical-events (Debian packages).

Reads a JSON list of {"file", "from", "to"} on stdin; prints a JSON list (one per job) of
"START END UID" strings, times as Europe/Oslo wall clock, all-day dates as YYYY-MM-DD.
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
        if v.tzinfo is None:
            raise ValueError(f"floating time {v}")
        return v.astimezone(OSLO).strftime("%Y-%m-%dT%H:%M")
    return v.isoformat()


results = []
for job in json.load(sys.stdin):
    with open(job["file"], "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    start = datetime.date.fromisoformat(job["from"])
    end = datetime.date.fromisoformat(job["to"])
    out = []
    for ev in recurring_ical_events.of(cal).between(start, end):
        out.append(f"{text(ev['DTSTART'])} {text(ev['DTEND'])} {ev['UID']}")
    results.append(sorted(out))
print(json.dumps(results))
