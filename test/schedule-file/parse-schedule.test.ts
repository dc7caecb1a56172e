import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseSchedule } from '../../src/schedule-file/parse-schedule.js';
import { formatProblem, ScheduleError } from '../../src/schedule-file/schedule-error.js';

const dir = 'test/schedule-file/fixtures';

function problemsOf(name: string): string[] {
  const file = `${dir}/${name}.yaml`;
  try {
    parseSchedule(readFileSync(file, 'utf8'), file);
  } catch (err) {
    assert.ok(err instanceof ScheduleError, `expected a ScheduleError, got ${String(err)}`);
    return err.problems.map(formatProblem);
  }
  assert.fail(`${file} was accepted`);
}

const cases: Record<string, string[]> = {
  'yaml-syntax': ['test/schedule-file/fixtures/yaml-syntax.yaml:12:12: YAML syntax: Missing closing "quote'],
  'unknown-key': [
    "test/schedule-file/fixtures/unknown-key.yaml:16:5: unknown key 'duraton' in a window; did you mean 'duration'? (allowed: id, title, description, provider, systems, status, sequence, updated, start, end, duration, date, days, repeat, offset, from, until, time, except, moved, on-holiday, overlaps, cancelled, on-freeze, freeze-reason)",
    "test/schedule-file/fixtures/unknown-key.yaml:11:5: window 'a' needs exactly one of `end:` and `duration:`",
  ],
  'unknown-references': [
    "test/schedule-file/fixtures/unknown-references.yaml:13:15: unknown provider 'drfit'; did you mean 'drift'? (known: drift)",
    "test/schedule-file/fixtures/unknown-references.yaml:14:22: unknown system 'nope' (known: visma, gat)",
  ],
  'bad-rrule': [
    'test/schedule-file/fixtures/bad-rrule.yaml:15:26: BYDAY=4XX must be weekdays (MO,TU,WE,TH,FR,SA,SU), each optionally with a position such as 4TU or -1FR',
    'test/schedule-file/fixtures/bad-rrule.yaml:15:36: BYHOUR does not belong in repeat: give the start as `time: "HH:MM"` on the window',
    'test/schedule-file/fixtures/bad-rrule.yaml:23:14: FREQ=SECONDLY is not supported: a maintenance window repeats at most daily; use FREQ=DAILY, WEEKLY, MONTHLY or YEARLY',
  ],
  'unknown-zone': [
    "test/schedule-file/fixtures/unknown-zone.yaml:3:13: unknown time zone 'Europe/Olso'; use an IANA zone such as Europe/Oslo (did you mean 'Europe/Oslo'?)",
  ],
  'end-before-start': [
    'test/schedule-file/fixtures/end-before-start.yaml:16:10: end 2022-03-26T12:00 is not after start 2022-03-26T18:00',
  ],
  'duplicate-id': [
    "test/schedule-file/fixtures/duplicate-id.yaml:16:9: window id 'a' is used twice (first at 11:9); ids are UIDs and must be unique",
  ],
  'dates-not-produced': [
    'test/schedule-file/fixtures/dates-not-produced.yaml:19:14: except 2022-07-21: the rule never produces this date; in that month it produces 2022-07-20',
    'test/schedule-file/fixtures/dates-not-produced.yaml:21:17: moved 2022-12-22: the rule never produces this date; in that month it produces 2022-12-21',
  ],
  'dst-gap-overlap': [
    'test/schedule-file/fixtures/dst-gap-overlap.yaml:15:12: start 2022-03-27 at 02:30 does not exist in Europe/Oslo: the clocks skip it when summer time starts; choose a time outside the DST change or move that date',
    'test/schedule-file/fixtures/dst-gap-overlap.yaml:24:11: time 2022-10-30 at 02:30 happens twice in Europe/Oslo (summer time ends, +02:00 and +01:00); choose a time outside the DST change or move that date',
  ],
  'date-hints': [
    'test/schedule-file/fixtures/date-hints.yaml:14:14: systems must be a list such as [visma, gat], or the word all; did you mean `all`? (the keyword is English)',
    "test/schedule-file/fixtures/date-hints.yaml:15:11: date '01.02.2023' must be a date such as 2022-06-13; did you mean 2023-02-01? (dates are year-month-day)",
    'test/schedule-file/fixtures/date-hints.yaml:19:14: systems must be a list such as [visma, gat], or the word all; for one system write [gat]',
    "test/schedule-file/fixtures/date-hints.yaml:20:11: date '2022-06-31' must be a date such as 2022-06-13; June 2022 has 30 days",
    "test/schedule-file/fixtures/date-hints.yaml:25:12: start '26.03.2022 12:00' must be a local date and time such as 2022-03-26T12:00; did you mean 2022-03-26T12:00? (dates are year-month-day)",
  ],
  'contact-aliases': [
    "test/schedule-file/fixtures/contact-aliases.yaml:5:59: contact email 'servicedesk.example.no' must be an e-mail address such as servicedesk@example.no",
    "test/schedule-file/fixtures/contact-aliases.yaml:5:40: contact phone '61 18 ab' must be digits and spaces, optionally after +, such as +47 61 18 90 00",
    "test/schedule-file/fixtures/contact-aliases.yaml:9:34: aliases of system 'visma' must list at least one name",
    "test/schedule-file/fixtures/contact-aliases.yaml:10:30: system 'gat' aliases (a list of names) must be a list",
  ],
  'tab-indent': [
    'test/schedule-file/fixtures/tab-indent.yaml:11:1: YAML syntax: a tab in the indentation; YAML indents with spaces only, so replace it with spaces',
  ],
  'two-time-forms': [
    "test/schedule-file/fixtures/two-time-forms.yaml:15:5: window 'a' needs exactly one time form: `start:` (one-off), `date:` (all-day) or `repeat:` (recurring), not start and date",
  ],
};

describe('parseSchedule', () => {
  for (const [name, expected] of Object.entries(cases)) {
    test(`refuses ${name} with FILE:LINE:COL and what would be right`, () => {
      assert.deepEqual(problemsOf(name), expected);
    });
  }

  test('accepts the valid fixture and the shipped schedule without warnings', () => {
    for (const file of [`${dir}/valid.yaml`, 'config/schedule.yaml']) {
      const { schedule, warnings } = parseSchedule(readFileSync(file, 'utf8'), file);
      assert.ok(schedule.windows.length > 0);
      assert.deepEqual(warnings, []);
    }
  });

  test('announcements are validated like windows and share their id space', () => {
    const base = readFileSync(`${dir}/valid.yaml`, 'utf8');
    const ok = parseSchedule(
      `${base}announcements:\n  - { id: san, title: Ny SAN, provider: drift, systems: all, expected: våren 2022 }\n`,
      'a.yaml',
    );
    assert.deepEqual(
      ok.schedule.announcements.map((a) => [a.id, a.expected, a.systems.join()]),
      [['san', 'våren 2022', 'visma,gat']],
    );
    const bad = `${base}announcements:\n  - { id: ok, title: Ny SAN, provider: drift, systems: [vsima] }\n`;
    assert.throws(
      () => parseSchedule(bad, 'b.yaml'),
      (err: unknown) =>
        err instanceof ScheduleError &&
        JSON.stringify(err.problems.map(formatProblem)) ===
          JSON.stringify([
            "b.yaml:18:11: announcement id 'ok' is used twice (first at 11:9); ids are UIDs and must be unique",
            "b.yaml:18:57: unknown system 'vsima'; did you mean 'visma'? (known: visma, gat)",
            "b.yaml:18:5: announcement 'ok' is missing `expected:`",
          ]),
    );
  });

  test('systems: all is expanded to every system, in file order', () => {
    const file = 'config/schedule.yaml';
    const { schedule } = parseSchedule(readFileSync(file, 'utf8'), file);
    const all = schedule.windows.find((w) => w.id === 'servere-2022-03-26')!;
    assert.equal(all.allSystems, true);
    assert.deepEqual(
      all.systems,
      schedule.systems.map((s) => s.id),
    );
  });

  test('a rule Outlook can not map as written is accepted without a warning: the feeds publish it exactly', () => {
    const text = readFileSync(`${dir}/valid.yaml`, 'utf8').replace(
      / {4}start: .*\n {4}end: .*\n/,
      '    repeat: FREQ=MONTHLY;BYDAY=WE;BYMONTHDAY=16,17,18,19,20,21,22\n    from: 2022-01-01\n    time: "16:00"\n    duration: PT3H\n',
    );
    const { schedule, warnings } = parseSchedule(text, 'x.yaml');
    assert.deepEqual(warnings.map(formatProblem), []);
    assert.equal(schedule.windows[0]!.timing.kind, 'recurring');
  });

  test('an empty file and a rule that never happens are refused', () => {
    assert.throws(() => parseSchedule('', 'empty.yaml'), /empty\.yaml:1:1: the file is empty/);
    const text = readFileSync(`${dir}/valid.yaml`, 'utf8').replace(
      / {4}start: .*\n {4}end: .*\n/,
      '    repeat: FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30\n    from: 2022-01-01\n    time: "16:00"\n    duration: PT3H\n',
    );
    assert.throws(() => parseSchedule(text, 'never.yaml'), /never\.yaml:15:13: window 'ok' never happens/);
  });

  test('regression: a rule with no date between from and until is not blamed on except', () => {
    // Found by the random-schedule property test: the message said "every occurrence is in except".
    const text = readFileSync(`${dir}/valid.yaml`, 'utf8').replace(
      / {4}start: .*\n {4}end: .*\n/,
      '    repeat: FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=1\n    from: 2022-01-01\n    until: 2022-01-31\n    time: "16:00"\n    duration: PT3H\n',
    );
    assert.throws(
      () => parseSchedule(text, 'x.yaml'),
      /x\.yaml:15:13: window 'ok' never happens: the rule produces no date between from and until$/,
    );
  });

  test('systems may have aliases and the calendar a contact; both are optional', () => {
    const text = readFileSync(`${dir}/valid.yaml`, 'utf8')
      .replace(
        '  domain: test.example.no\n',
        '  domain: test.example.no\n  contact: { name: Servicedesk, phone: "+47 61 18 90 00", url: https://hjelp.example.no }\n',
      )
      .replace('  visma: { name: Visma }', '  visma: { name: Visma, aliases: [Easycruit, fakturabehandling] }');
    const { schedule } = parseSchedule(text, 'x.yaml');
    assert.deepEqual(schedule.calendar.contact, {
      name: 'Servicedesk',
      phone: '+47 61 18 90 00',
      url: 'https://hjelp.example.no',
    });
    assert.deepEqual(schedule.systems[0]!.aliases, ['Easycruit', 'fakturabehandling']);
    assert.equal(schedule.systems[1]!.aliases, undefined);
    assert.throws(
      () => parseSchedule(text.replace(/ {2}contact: .*\n/, '  contact: { name: Servicedesk }\n'), 'y.yaml'),
      /y\.yaml:5:12: calendar\.contact needs at least one of `phone:`, `email:` and `url:`/,
    );
  });
});
