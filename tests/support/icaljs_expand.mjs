// Expand every VEVENT of an iCalendar file with ical.js, an independent
// parser (the one inside Thunderbird and many web calendars).
//
// Usage: node icaljs_expand.mjs RANGE_START RANGE_END < feed.ics
//   RANGE_* are ISO-8601 UTC instants, e.g. 2025-01-01T00:00:00Z.
// Prints JSON: {"events": [{"uid", "all_day", "occurrences": [...], "alarms": [{"action", "trigger"}]}]}
// Timed occurrences are UTC ISO strings ("2025-03-09T03:00:00Z"), all-day
// ones are dates ("2025-03-09"). Only occurrences starting in
// [RANGE_START, RANGE_END) are listed.
//
// VTIMEZONEs of the file are registered with ICAL.TimezoneService first, so
// TZIDs resolve through *our* VTIMEZONE data, not any built-in zone table.
// A TZID without a VTIMEZONE is an error (ical.js would silently treat the
// time as floating).

import ICAL from "ical.js";
import { readFileSync } from "node:fs";

const MAX_OCCURRENCES = 100000;

function fail(message) {
  process.stderr.write(`icaljs_expand: ${message}\n`);
  process.exit(2);
}

const [rangeStartArg, rangeEndArg] = process.argv.slice(2);
if (!rangeStartArg || !rangeEndArg) fail("usage: icaljs_expand.mjs RANGE_START RANGE_END < file.ics");
const rangeStart = Date.parse(rangeStartArg) / 1000;
const rangeEnd = Date.parse(rangeEndArg) / 1000;
if (Number.isNaN(rangeStart) || Number.isNaN(rangeEnd)) fail("bad range");

const text = readFileSync(0, "utf8");
const root = new ICAL.Component(ICAL.parse(text));

// A fresh registry per run: only this file's VTIMEZONEs count.
ICAL.TimezoneService.reset();
const registered = new Set();
for (const vtz of root.getAllSubcomponents("vtimezone")) {
  const zone = new ICAL.Timezone(vtz);
  ICAL.TimezoneService.register(zone);
  registered.add(zone.tzid);
}

function checkZones(vevent) {
  for (const name of ["dtstart", "dtend", "exdate", "recurrence-id"]) {
    for (const prop of vevent.getAllProperties(name)) {
      const tzid = prop.getParameter("tzid");
      if (tzid && !registered.has(tzid)) fail(`TZID ${tzid} has no VTIMEZONE`);
    }
  }
}

function format(time) {
  if (time.isDate) return time.toString(); // YYYY-MM-DD
  return new Date(time.toUnixTime() * 1000).toISOString().replace(".000Z", "Z");
}

const events = [];
for (const vevent of root.getAllSubcomponents("vevent")) {
  checkZones(vevent);
  const event = new ICAL.Event(vevent);
  const allDay = event.startDate.isDate;
  const occurrences = [];
  const iterator = event.iterator();
  let next;
  let count = 0;
  while ((next = iterator.next())) {
    if (++count > MAX_OCCURRENCES) fail(`more than ${MAX_OCCURRENCES} occurrences for ${event.uid}`);
    // All-day occurrences are compared by their date at UTC midnight.
    const instant = allDay ? Date.UTC(next.year, next.month - 1, next.day) / 1000 : next.toUnixTime();
    if (instant >= rangeEnd) break;
    if (instant >= rangeStart) occurrences.push(format(next));
    if (!event.isRecurring()) break;
  }
  const alarms = vevent.getAllSubcomponents("valarm").map((valarm) => ({
    action: valarm.getFirstPropertyValue("action"),
    trigger: valarm.getFirstPropertyValue("trigger").toString(),
  }));
  events.push({ uid: event.uid, all_day: allDay, occurrences, alarms });
}

process.stdout.write(JSON.stringify({ events }) + "\n");
