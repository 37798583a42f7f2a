#!/usr/bin/env python3
"""The independent reference for tests/calendar_differential.rs.

Reads every .ics file of a directory with Python's `icalendar` and
`recurring-ical-events` (and `x-wr-timezone` for Google's calendar zone),
and prints one JSON object: file name -> the occurrences overlapping
[FROM, TO), each as [uid, start, end, summary, status] with the instants in
UTC (RFC 3339). Floating times and dates are taken in ZONE, as Vaihde takes
them in the company's zone.

Usage: reference.py DIR ZONE FROM TO   (FROM and TO as 2027-01-01T00:00:00Z)

One known difference is kept out of the comparison by the generator, not
here: Python adds a duration to an aware date-time on the wall clock, so an
occurrence of exact length (DTEND, or a DURATION in hours) that spans a
daylight-saving change comes out an hour long or short, where RFC 5545
(3.3.6, 3.8.5.3) makes it exact. The generated timed events of exact length
lie between 06:00 and 23:00, clear of every change. Nominal lengths (P1D)
are wall-clock in both, as the RFC says.
"""

import datetime as dt
import json
import pathlib
import sys
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
import recurring_ical_events.adapters.component
import recurring_ical_events.series.rrule
import x_wr_timezone

UTC = dt.timezone.utc


# Three mistakes of the pinned reference libraries, corrected here so that
# a disagreement means something (each was found by this test and checked
# against RFC 5545 by hand):
#
# 1. recurring-ical-events identifies an occurrence by its UTC time *and* by
#    its local wall-clock time, both as naive values, so an RDATE period or
#    EXDATE at 11:00 local (09:00 UTC) also claims a rule occurrence at 09:00
#    local. An aware time is identified here by its instant only.
def strict_recurrence_ids(time):
    if isinstance(time, dt.datetime) and time.tzinfo is not None:
        return (time.astimezone(UTC).replace(tzinfo=None),)
    return recurring_ical_events.util.to_recurrence_ids(time)


recurring_ical_events.series.rrule.to_recurrence_ids = strict_recurrence_ids
recurring_ical_events.adapters.component.to_recurrence_ids = strict_recurrence_ids


# 2. x-wr-timezone rebuilds every date-time value it converts without its
#    parameters, which drops RANGE=THISANDFUTURE from a RECURRENCE-ID, and it
#    leaves RDATE periods alone. Parameters are kept and periods converted.
def walk_value_vDDDTypes(self, value):
    new = self.walk_value(value.dt)
    if new is value.dt:
        return value
    out = icalendar.prop.vDDDTypes(new)
    out.params.update({k: v for k, v in value.params.items() if k != "TZID"})
    return out


def walk_value_vDDDLists(self, values):
    def one(d):
        if isinstance(d, tuple):
            return (self.walk_value(d[0]),) + tuple(
                self.walk_value(x) if isinstance(x, dt.datetime) else x for x in d[1:])
        return self.walk_value(d)

    new = [one(d.dt) for d in values.dts]
    out = icalendar.prop.vDDDLists([])
    out.dts = [icalendar.prop.vDDDTypes(d) for d in new]
    out.params.update({k: v for k, v in values.params.items() if k != "TZID"})
    return out


x_wr_timezone.CalendarWalker.walk_value_vDDDTypes = walk_value_vDDDTypes
x_wr_timezone.CalendarWalker.walk_value_vDDDLists = walk_value_vDDDLists


# 3. ... and it leaves a floating RRULE UNTIL floating while the DTSTART it
#    belongs to becomes zoned, and the rule then reads that UNTIL as UTC.
#    RFC 5545 (3.3.10) takes UNTIL in DTSTART's terms: here, the zone, so
#    it is given to the library as the UTC instant it means.
def zone_untils(cal):
    name = cal.get("X-WR-TIMEZONE")
    if name is None:
        return
    zone = ZoneInfo(str(name))
    for event in cal.walk("VEVENT"):
        rules = event.get("RRULE")
        for rule in rules if isinstance(rules, list) else [rules] if rules is not None else []:
            if "UNTIL" in rule:
                rule["UNTIL"] = [u.replace(tzinfo=zone).astimezone(UTC) if isinstance(u, dt.datetime) and u.tzinfo is None else u
                                 for u in rule["UNTIL"]]


def instant(value, zone):
    """A DTSTART/DTEND value as an aware UTC datetime."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=zone)
        return value.astimezone(UTC)
    return dt.datetime.combine(value, dt.time(0), zone).astimezone(UTC)


def rfc3339(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def main():
    folder, zone_name, start, stop = sys.argv[1:5]
    zone = ZoneInfo(zone_name)
    frm = dt.datetime.fromisoformat(start.replace("Z", "+00:00"))
    to = dt.datetime.fromisoformat(stop.replace("Z", "+00:00"))
    # Floating times are compared on their own terms inside the library:
    # ask for a wider span and cut it here, once every time is an instant.
    pad = dt.timedelta(days=2)
    out = {}
    for path in sorted(pathlib.Path(folder).glob("*.ics")):
        cal = icalendar.Calendar.from_ical(path.read_bytes())
        zone_untils(cal)
        cal = x_wr_timezone.to_standard(cal)
        rows = []
        for e in recurring_ical_events.of(cal).between(frm - pad, to + pad):
            s_raw = e["DTSTART"].dt
            e_raw = e["DTEND"].dt if "DTEND" in e else s_raw
            s, t = instant(s_raw, zone), instant(e_raw, zone)
            inside = (frm <= s < to) if s == t else (s < to and frm < t)
            if inside:
                rows.append([str(e.get("UID", "")), rfc3339(s), rfc3339(t),
                             str(e.get("SUMMARY", "")), str(e.get("STATUS", "")).upper() or None])
        rows.sort(key=lambda r: [x or "" for x in r])
        out[path.name] = rows
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
