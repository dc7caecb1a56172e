import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadText } from '../../src/feeds/load-feeds.js';
import { freezePeriods, windowInFreezes } from '../../src/occurrences/freeze-conflicts.js';
import { MAX_REPORTED_CONFLICTS } from '../../src/schedule-file/read-freezes.js';
import { parseSchedule } from '../../src/schedule-file/parse-schedule.js';
import { formatProblem, ScheduleError } from '../../src/schedule-file/schedule-error.js';
import type { Recurring } from '../../src/schedule/schedule.js';
import { ROOT } from '../helpers/load.js';

/** A schedule of three systems (skole depends on nett) with the freezes and windows given as YAML. */
function scheduleText(freezes: string, windows: string): string {
  return `calendar: { name: T, timezone: Europe/Oslo, domain: t.example.no, holidays: none }
providers: { drift: { name: Drift } }
systems:
  okonomi: { name: Økonomi }
  nett: { name: Nett }
  skole: { name: Skole, depends-on: [nett] }
windows:
${windows}
freezes:
${freezes}`;
}

const JUL = `  - id: jul
    title: Julefrys
    systems: [okonomi, skole]
    repeat: FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=23
    from: 2024-01-01
    time: "00:00"
    duration: P11D`;

const MONTHLY = `  - id: patch
    title: Patching
    provider: drift
    systems: [okonomi]
    repeat: FREQ=MONTHLY;BYDAY=4TU
    from: 2024-01-01
    until: 2026-12-31
    time: "17:00"
    duration: PT1H`;

function problems(text: string): string[] {
  try {
    parseSchedule(text, 's.yaml');
  } catch (err) {
    assert.ok(err instanceof ScheduleError, `expected a ScheduleError, got ${String(err)}`);
    return err.problems.map(formatProblem);
  }
  assert.fail('the schedule was accepted');
}

describe('freezes', () => {
  describe('conflicts', () => {
    test('a window in a freeze is an error at the window, with the freeze position, the dates and what to do', () => {
      assert.deepEqual(problems(scheduleText(JUL, MONTHLY)), [
        "s.yaml:8:5: window 'patch' falls in freeze 'jul' (s.yaml:18:5) on Økonomi: 2024-12-24 17:00, 2025-12-23 17:00; move those dates (`moved:`), add `on-freeze: skip` to leave them out, or set `on-freeze: allow` with `freeze-reason:` for approved emergency work",
      ]);
    });

    test('a window on a system a frozen one depends on is in conflict (depends-on)', () => {
      const window = `  - id: brannmur
    title: Brannmur
    provider: drift
    systems: [nett]
    start: 2024-12-27T10:00
    end: 2024-12-27T12:00`;
      assert.deepEqual(problems(scheduleText(JUL, window)), [
        "s.yaml:8:5: window 'brannmur' falls in freeze 'jul' (s.yaml:15:5) on Skole: 2024-12-27 10:00; move it out of the freeze, or set `on-freeze: allow` with `freeze-reason:` for approved emergency work",
      ]);
    });

    test('a freeze on systems: all meets a window on any system, and an all-day window counts by its days', () => {
      const freeze = `  - id: valg
    title: Valg
    systems: all
    start: 2025-09-07T00:00
    end: 2025-09-09T00:00`;
      const window = `  - id: oppgradering
    title: Oppgradering
    provider: drift
    systems: [okonomi]
    date: 2025-09-05
    days: 3`;
      assert.match(
        problems(scheduleText(freeze, window))[0]!,
        /^s\.yaml:8:5: window 'oppgradering' falls in freeze 'valg' \(s\.yaml:15:5\) on Økonomi: 2025-09-05;/,
      );
    });

    test('a window on a system no freeze names, or only touching a freeze at its end, is no conflict', () => {
      const touching = `  - id: for-jul
    title: Før jul
    provider: drift
    systems: [okonomi]
    start: 2024-12-22T20:00
    end: 2024-12-23T00:00
  - id: nett-jul
    title: Nett i jula
    provider: drift
    systems: [skole]
    start: 2024-06-27T10:00
    end: 2024-06-27T12:00`;
      const { schedule } = parseSchedule(scheduleText(JUL, touching), 's.yaml');
      assert.deepEqual(
        schedule.windows.map((w) => w.id),
        ['for-jul', 'nett-jul'],
      );
    });

    test('called-off windows and occurrences are not in conflict', () => {
      const window = `${MONTHLY}
    cancelled: [2024-12-24, 2025-12-23]
  - id: avlyst
    title: Avlyst
    provider: drift
    systems: [okonomi]
    status: cancelled
    start: 2024-12-27T10:00
    end: 2024-12-27T12:00`;
      assert.equal(parseSchedule(scheduleText(JUL, window), 's.yaml').schedule.windows.length, 2);
    });

    test(`conflicts are reported for the first ${MAX_REPORTED_CONFLICTS} windows, and the rest counted`, () => {
      const windows = Array.from(
        { length: MAX_REPORTED_CONFLICTS + 5 },
        (_, i) => `  - id: w${i}
    title: W
    provider: drift
    systems: [okonomi]
    start: 2024-12-27T10:00
    end: 2024-12-27T11:00`,
      ).join('\n');
      const found = problems(scheduleText(JUL, windows));
      assert.equal(found.length, MAX_REPORTED_CONFLICTS + 1);
      assert.match(found.at(-1)!, /^s\.yaml:\d+:3: 5 more windows fall in a freeze than the 20 reported above/);
    });

    test('the load refuses a schedule with a conflict, as serve and build do for any error', () => {
      assert.throws(
        () => loadText(Buffer.from(scheduleText(JUL, MONTHLY)), 's.yaml', new Date('2026-12-07T10:00:00Z')),
        (err) => err instanceof ScheduleError && /falls in freeze 'jul'/.test(err.problems[0]!.message),
      );
    });
  });

  describe('on-freeze', () => {
    test('on-freeze: skip adds the dates in a freeze to except, as on-holiday: skip adds holidays', () => {
      const { schedule } = parseSchedule(scheduleText(JUL, `${MONTHLY}\n    on-freeze: skip`), 's.yaml');
      const t = schedule.windows[0]!.timing as Recurring;
      assert.deepEqual(
        t.except.map((d) => d.toISODate()),
        ['2024-12-24', '2025-12-23'],
      );
      assert.deepEqual(
        t.skippedFreezes!.map((s) => `${s.date.toISODate()} ${s.freeze}`),
        ['2024-12-24 jul', '2025-12-23 jul'],
      );
    });

    test('on-freeze: skip leaves a moved occurrence in a freeze an error', () => {
      const window = `${MONTHLY}
    on-freeze: skip
    moved:
      - { date: 2024-11-26, to: 2024-12-30 }`;
      assert.deepEqual(problems(scheduleText(JUL, window)), [
        "s.yaml:8:5: window 'patch' falls in freeze 'jul' (s.yaml:21:5) on Økonomi: 2024-12-30 17:00; move it out of the freeze, or set `on-freeze: allow` with `freeze-reason:` for approved emergency work",
      ]);
    });

    test('on-freeze: allow with freeze-reason accepts the window and keeps the reason', () => {
      const window = `${MONTHLY}
    on-freeze: allow
    freeze-reason: Godkjent av IKT-sjefen`;
      const w = parseSchedule(scheduleText(JUL, window), 's.yaml').schedule.windows[0]!;
      assert.equal(w.onFreeze, 'allow');
      assert.equal(w.freezeReason, 'Godkjent av IKT-sjefen');
    });

    test('on-freeze: allow without freeze-reason, a reason without allow, and skip on a one-off are errors', () => {
      const oneOff = `  - id: en
    title: En
    provider: drift
    systems: [nett]
    start: 2024-05-02T10:00
    end: 2024-05-02T11:00
    on-freeze: skip`;
      assert.deepEqual(problems(scheduleText(JUL, `${MONTHLY}\n    on-freeze: allow`)), [
        "s.yaml:17:16: on-freeze: allow needs `freeze-reason:` saying who approved the work in the freeze and why (window 'patch')",
      ]);
      assert.deepEqual(problems(scheduleText(JUL, `${MONTHLY}\n    freeze-reason: Fordi`)), [
        's.yaml:17:5: `freeze-reason:` goes with `on-freeze: allow`; add that, or remove the reason',
      ]);
      assert.deepEqual(problems(scheduleText(JUL, oneOff)), [
        "s.yaml:14:16: on-freeze: skip only applies to a recurring window; move window 'en' out of the freeze, or set on-freeze: allow with freeze-reason",
      ]);
    });
  });

  describe('reading', () => {
    test('a freeze is read with the window timing keys, without provider', () => {
      const withProvider = JUL.replace(
        '    systems: [okonomi, skole]',
        '    provider: drift\n    systems: [okonomi, skole]',
      );
      assert.match(problems(scheduleText(withProvider, '  []'))[0]!, /unknown key 'provider' in a freeze/);
      const twoForms = JUL.replace('    time: "00:00"', '    time: "00:00"\n    date: 2024-12-23');
      assert.match(problems(scheduleText(twoForms, '  []'))[0]!, /freeze 'jul' needs exactly one time form/);
    });

    test('a freeze id may not be a window id', () => {
      const window = MONTHLY.replace('id: patch', 'id: jul').replace('2024-01-01', '2024-01-01\n    on-freeze: skip');
      assert.match(problems(scheduleText(JUL, window))[0]!, /freeze id 'jul' is used twice \(first at 8:9\)/);
    });

    test('the shipped schedule has the Christmas freeze and no window of it falls in a freeze', () => {
      const file = `${ROOT}config/schedule.yaml`;
      const { schedule } = parseSchedule(readFileSync(file, 'utf8'), file);
      assert.deepEqual(
        schedule.freezes!.map((f) => [f.id, f.systems.join(',')]),
        [['jul', 'visma,gat,servere,internett,ip-telefoni']],
      );
      for (const w of schedule.windows) {
        assert.equal(w.onFreeze, undefined, w.id);
        if (w.timing.kind === 'recurring') assert.equal(w.timing.skippedFreezes, undefined, w.id);
      }
    });
  });
});

describe('windowInFreezes', () => {
  test('expanding per period and sweeping over the span find the same conflicts', () => {
    const windows = `  - id: daglig
    title: Daglig
    provider: drift
    systems: [nett]
    repeat: FREQ=DAILY
    from: 2024-01-01
    until: 2026-12-31
    time: "23:30"
    duration: PT1H
    on-freeze: allow
    freeze-reason: Test
  - id: uke
    title: Uke
    provider: drift
    systems: [okonomi]
    repeat: FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR
    from: 2024-01-01
    until: 2026-12-31
    time: "17:00"
    duration: PT2H
    on-freeze: allow
    freeze-reason: Test`;
    const freezes = `${JUL}
  - id: natt
    title: Natt
    systems: [skole]
    repeat: FREQ=WEEKLY;BYDAY=SA
    from: 2024-01-01
    until: 2026-12-31
    time: "00:00"
    duration: PT1H`;
    const { schedule, index } = parseSchedule(scheduleText(freezes, windows), 's.yaml');
    const periods = freezePeriods(index, undefined);
    const shown = (limit: number) =>
      schedule.windows.flatMap((w) =>
        windowInFreezes(index, w, periods, undefined, limit).map(
          (c) =>
            `${w.id} ${c.freeze.id} ${c.systems.join(',')}: ${c.occurrences.map((o) => o.start.toISO()).join(' ')}`,
        ),
      );
    const perPeriod = shown(Infinity);
    assert.deepEqual(shown(0), perPeriod);
    // daglig (nett) reaches skole's Saturday night through depends-on, and each Christmas;
    // uke meets the Christmas freeze on weekdays.
    assert.deepEqual(
      perPeriod.map((l) => l.split(':')[0]),
      ['daglig jul skole', 'daglig natt skole', 'uke jul okonomi'],
    );
    assert.equal(perPeriod[1]!.split(' ').length - 3, 156); // every Friday 23:30, 3 years
  });
});
