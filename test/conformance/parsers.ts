import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { expandWithIcalJs } from '../helpers/icaljs-expand.js';

/** One expansion request: a feed file and a date range [from, to). */
export interface Job {
  file: string;
  from: string;
  to: string;
}

/** What a parser made of one job: occurrences as "START END UID" lines (Oslo wall clock), and errors. */
export interface Result {
  occurrences: string[];
  errors: string[];
}

export interface Parser {
  name: string;
  /** Why it can not run here, or null when it can. */
  missing: string | null;
  run(jobs: Job[]): Result[];
}

const PYTHON = '/usr/bin/python3';
const here = new URL('./parsers/', import.meta.url).pathname;

function probe(cmd: string, args: string[]): boolean {
  return spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
}

function python(script: string, jobs: Job[]): unknown[] {
  const out = execFileSync(PYTHON, [join(here, script)], {
    input: JSON.stringify(jobs),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out) as unknown[];
}

export const icaljs: Parser = {
  name: 'ical.js',
  missing: null,
  run: (jobs) =>
    jobs.map((j) => ({
      occurrences: expandWithIcalJs(readFileSync(j.file, 'utf8'), j.from, j.to).map(
        (o) => `${o.start} ${o.end} ${o.uid}`,
      ),
      errors: [],
    })),
};

export const pythonRecurring: Parser = {
  name: 'icalendar+recurring-ical-events',
  missing: probe(PYTHON, ['-c', 'import icalendar, recurring_ical_events'])
    ? null
    : 'Debian packages python3-icalendar python3-recurring-ical-events',
  run: (jobs) => (python('python_expand.py', jobs) as string[][]).map((occurrences) => ({ occurrences, errors: [] })),
};

export const libical: Parser = {
  name: 'libical',
  missing: probe(PYTHON, ['-c', "import gi; gi.require_version('ICalGLib', '3.0'); from gi.repository import ICalGLib"])
    ? null
    : 'Debian packages gir1.2-ical-3.0 python3-gi',
  run: (jobs) => python('libical_check.py', jobs) as Result[],
};

/**
 * khal, a command-line calendar, reading the feed as a user would: `khal import` into a
 * calendar folder, then `khal list`. khal shows an all-day event's last day (inclusive) and a
 * multi-day event once per day; both are display conventions, turned back into the RFC form.
 */
export const khal: Parser = {
  name: 'khal',
  missing: probe('khal', ['--version']) ? null : 'Debian package khal',
  run: (jobs) =>
    jobs.map((j) => {
      const dir = mkdtempSync(join(tmpdir(), 'nedetid-khal-'));
      try {
        const config = join(dir, 'config');
        mkdirSync(join(dir, 'cal'));
        writeFileSync(
          config,
          [
            '[calendars]',
            '[[feed]]',
            `path = ${join(dir, 'cal')}`,
            '[locale]',
            'timeformat = %H:%M',
            'dateformat = %Y-%m-%d',
            'longdateformat = %Y-%m-%d',
            'datetimeformat = %Y-%m-%dT%H:%M',
            'longdatetimeformat = %Y-%m-%dT%H:%M',
            'local_timezone = Europe/Oslo',
            'default_timezone = Europe/Oslo',
            '[sqlite]',
            `path = ${join(dir, 'khal.db')}`,
            '',
          ].join('\n'),
        );
        const env = { ...process.env, HOME: dir, TZ: 'UTC' };
        const imported = spawnSync('khal', ['-c', config, 'import', '--batch', '-a', 'feed', j.file], {
          encoding: 'utf8',
          env,
        });
        const errors = imported.status === 0 ? [] : [`import failed: ${imported.stderr.trim()}`];
        if (imported.stderr.trim()) errors.push(...imported.stderr.trim().split('\n'));
        const days = Math.round(DateTime.fromISO(j.to).diff(DateTime.fromISO(j.from), 'days').days);
        const listed = spawnSync(
          'khal',
          ['-c', config, 'list', '--day-format', '', '--format', '{start} {end} {uid}', j.from, `${days}d`],
          { encoding: 'utf8', env },
        );
        if (listed.status !== 0) errors.push(`list failed: ${listed.stderr.trim()}`);
        const lines = new Set(
          listed.stdout
            .split('\n')
            .filter(Boolean)
            .map((l) => {
              const [start, end, uid] = l.split(' ');
              const allDay = /^\d{4}-\d{2}-\d{2}$/.test(start!);
              return `${start} ${allDay ? DateTime.fromISO(end!).plus({ days: 1 }).toISODate() : end} ${uid}`;
            }),
        );
        // khal lists by day: keep what starts before the end of the range, as the others do.
        return { occurrences: [...lines].filter((l) => l.slice(0, 10) < j.to).sort(), errors };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }),
};

export const PARSERS = [icaljs, pythonRecurring, khal, libical];
