import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { feedsFrom, ROOT, SHIPPED } from './helpers/load.js';
import { testApp } from './helpers/app.js';
import { slowSchedule } from './helpers/slow-schedule.js';
import { runCli } from './helpers/run-cli.js';

const run = runCli;

describe('nedetid CLI: check, build, upcoming and serve', () => {
  test('check: exit 0 with a summary for the shipped schedule, and its real holiday clashes of the next five years', async () => {
    // The shipped schedule has public holidays ahead, so the day is fixed for exact lines.
    const r = await run(['check', 'config/schedule.yaml', '--from', '2026-11-27']);
    assert.equal(r.code, 0);
    assert.equal(
      r.out,
      'config/schedule.yaml: ok: 5 windows, 1 announced, 1 freeze, 6 systems, 3 providers, 16 feeds\n',
    );
    assert.deepEqual(r.err.trimEnd().split('\n'), [
      'config/schedule.yaml:52:5: warning: ist-manedlig: 2028-12-26 is Andre juledag (add it to moved or except, or set on-holiday: skip)',
      'config/schedule.yaml:52:5: warning: ist-manedlig: 2029-12-25 is Første juledag (add it to moved or except, or set on-holiday: skip)',
      'config/schedule.yaml:69:5: warning: gjovikregionen-manedlig: 2028-05-17 is Grunnlovsdagen (add it to moved or except, or set on-holiday: skip)',
      "config/schedule.yaml:122:12: warning: announcement 'ny-san-2022' was expected by 2022-06-30 (våren 2022) and the page no longer shows it; make it a window with a date, give a later until, or remove it",
    ]);
  });

  test('check --years: a one-year view from June 2022 has only the 17 May 2023 patch night, and the announcement not yet expired', async () => {
    const r = await run(['check', 'config/schedule.yaml', '--from', '2022-06-01', '--years', '1']);
    assert.equal(r.code, 0);
    assert.equal(
      r.err,
      'config/schedule.yaml:69:5: warning: gjovikregionen-manedlig: 2023-05-17 is Grunnlovsdagen (add it to moved or except, or set on-holiday: skip)\n',
    );
    const none = await run(['check', 'config/schedule.yaml', '--from', '2022-06-01', '--years', '0']);
    assert.equal(none.err, '');
  });

  test('check: exit 1 with one FILE:LINE:COL line per problem', async () => {
    const r = await run(['check', 'test/schedule-file/fixtures/unknown-references.yaml']);
    assert.equal(r.code, 1);
    assert.deepEqual(r.err.trimEnd().split('\n'), [
      "test/schedule-file/fixtures/unknown-references.yaml:13:15: unknown provider 'drfit'; did you mean 'drift'? (known: drift)",
      "test/schedule-file/fixtures/unknown-references.yaml:14:22: unknown system 'nope' (known: visma, gat)",
      '2 problems; the schedule was not loaded',
    ]);
  });

  test('check: a missing file is an error with the path, not a stack trace', async () => {
    const r = await run(['check', 'nope.yaml']);
    assert.equal(r.code, 1);
    assert.match(r.err, /^nope\.yaml:1:1: can not read the schedule: ENOENT/);
  });

  test('serve: a broken schedule exits 1 with the same lines as check and never listens', async () => {
    const file = 'test/schedule-file/fixtures/dst-gap-overlap.yaml';
    const checked = await run(['check', file]);
    const served = await run(['serve'], { NEDETID_CONFIG: file, PORT: '0', HOST: '127.0.0.1' });
    assert.equal(served.code, 1);
    assert.equal(served.err, checked.err);
    assert.equal(served.out, '');
  });

  test('build: writes every feed, byte-identical to what the server sends', async (t) => {
    const out = mkdtempSync(join(tmpdir(), 'nedetid-build-'));
    const r = await run(['build', '--config', SHIPPED, '--out', out]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, `wrote 16 feeds to ${out}/feeds\n`);
    assert.deepEqual(readdirSync(join(out, 'feeds', 'audiences')).sort(), [
      'gjovik.ics',
      'nordre-land.ics',
      'ostre-toten.ics',
      'sondre-land.ics',
      'vestre-toten.ics',
    ]);
    assert.deepEqual(readdirSync(join(out, 'feeds', 'systems')).sort(), [
      'gat.ics',
      'internett.ics',
      'ip-telefoni.ics',
      'ist-tjenester.ics',
      'servere.ics',
      'visma.ics',
    ]);
    // Both render in this month: rules Outlook can not map as written reach from the current month.
    const { app, feeds } = testApp(t, { feeds: feedsFrom(SHIPPED, new Date()) });
    for (const feed of feeds.feeds) {
      const served = await app.inject(`/${feed.definition.path}`);
      assert.ok(readFileSync(join(out, feed.definition.path)).equals(served.rawPayload), feed.definition.path);
    }
  });

  test('upcoming: a table of the next occurrences, filtered by system', async () => {
    const r = await run(['upcoming', '--config', SHIPPED, '--from', '2022-06-01', '--days', '30', '--system', 'visma']);
    assert.equal(r.code, 0);
    assert.deepEqual(r.out.trimEnd().split('\n'), [
      'Planned downtime 2022-06-01 + 30 days (Europe/Oslo)',
      'Mon 2022-06-13  all day      Visma oppgraderes til 2022.1 – Visma er nede           visma',
      'Tue 2022-06-14  all day      Visma 2022.1 – Visma kan fortsatt være nede            visma                tentative',
      'Wed 2022-06-22  16:00–19:00  Månedlig vedlikehold av IKT-systemer i Gjøvikregionen  visma, gat, servere',
    ]);
    const bad = await run(['upcoming', '--system', 'nope']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--system 'nope' is not a system; known: visma, gat/);
  });

  test('bin/nedetid (the built CLI) checks the shipped schedule', () => {
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT });
    const ok = spawnSync(join(ROOT, 'bin/nedetid'), ['check'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /config\/schedule\.yaml: ok: 5 windows/);
    const bad = spawnSync(join(ROOT, 'bin/nedetid'), ['check', 'test/schedule-file/fixtures/yaml-syntax.yaml'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /yaml-syntax\.yaml:12:12: YAML syntax/);
  });

  /** Issue 9: every failure of check, build, upcoming and serve is one line saying what to do, exit 1 or 2. */
  const F = 'test/schedule-file/fixtures';
  const oneLine = (s: string) => s.trimEnd().split('\n');

  test('regression: control characters (BEL, ESC, FF) are refused with FILE:LINE:COL, escaped or raw', async () => {
    const escaped = await run(['check', `${F}/control-characters.yaml`]);
    assert.equal(escaped.code, 1);
    assert.deepEqual(oneLine(escaped.err), [
      `${F}/control-characters.yaml:12:19: control character U+0007 (BEL) is not allowed: calendar clients and XML refuse it; delete it (tabs and line breaks are fine)`,
      `${F}/control-characters.yaml:13:26: control character U+001B (ESC) is not allowed: calendar clients and XML refuse it; delete it (tabs and line breaks are fine)`,
      '2 problems; the schedule was not loaded',
    ]);
    const raw = await run(['check', `${F}/raw-control-character.yaml`]);
    assert.equal(raw.code, 1);
    assert.deepEqual(oneLine(raw.err), [
      `${F}/raw-control-character.yaml:12:17: control character U+000C (FF) is not allowed: calendar clients and XML refuse it; delete it (tabs and line breaks are fine)`,
      '1 problem; the schedule was not loaded',
    ]);
  });

  test('regression: a title with U+2028/U+2029 loads (the feed lint took them for line ends)', async () => {
    const r = await run(['check', `${F}/line-separator.yaml`]);
    assert.equal(r.err, '');
    assert.equal(r.code, 0);
    const summary = feedsFrom(`${ROOT}${F}/line-separator.yaml`).get('feeds/all.ics')!.body.toString();
    assert.match(summary, /SUMMARY:Visma\u2028nede\u2029i dag\r\n/);
  });

  test('regression: a Latin-1 file is refused at its first non-UTF-8 byte, not read as U+FFFD', async () => {
    const r = await run(['check', `${F}/latin-1.yaml`]);
    assert.equal(r.code, 1);
    assert.deepEqual(oneLine(r.err), [
      `${F}/latin-1.yaml:2:14: byte 0xF8 is not UTF-8 (is the file Latin-1 or Windows-1252?); save the file as UTF-8`,
      '1 problem; the schedule was not loaded',
    ]);
  });

  test('regression: years below 100, 1900 next to 2022, 9999 and COUNT=10000 yearly are refused with the allowed years', async () => {
    const r = await run(['check', `${F}/expensive-rules.yaml`]);
    assert.equal(r.code, 1);
    assert.deepEqual(oneLine(r.err), [
      `${F}/expensive-rules.yaml:19:14: except 9999-12-01 is outside the years a schedule may use (2000–2199); check the year`,
      `${F}/expensive-rules.yaml:21:33: moved to 9999-06-01 is outside the years a schedule may use (2000–2199); check the year`,
      `${F}/expensive-rules.yaml:28:12: until 9999-12-31 is outside the years a schedule may use (2000–2199); check the year`,
      `${F}/expensive-rules.yaml:35:13: COUNT=10000 runs past 2199-12-31, the last date a schedule may use; lower COUNT or give \`until:\``,
      `${F}/expensive-rules.yaml:43:11: date 1900-06-01 is outside the years a schedule may use (2000–2199); check the year`,
      `${F}/expensive-rules.yaml:48:12: start 0001-06-01 is outside the years a schedule may use (2000–2199); check the year`,
      `${F}/expensive-rules.yaml:54:13: the rule produces more than 20000 occurrences up to 2199-12-01; give \`until:\` or a less frequent rule`,
      '7 problems; the schedule was not loaded',
    ]);
  });

  test('regression: start 9999-12-31T23:00 + P31D and refresh P1M are refused instead of written invalid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nedetid-out-of-range-'));
    const valid = readFileSync(`${F}/valid.yaml`, 'utf8');
    const far = join(dir, 'far.yaml');
    writeFileSync(
      far,
      valid.replace(
        'start: 2022-03-26T12:00\n    end: 2022-03-26T18:00',
        'start: 9999-12-31T23:00\n    duration: P31D',
      ),
    );
    assert.deepEqual(oneLine((await run(['check', far])).err), [
      `${far}:15:12: start 9999-12-31 is outside the years a schedule may use (2000–2199); check the year`,
      '1 problem; the schedule was not loaded',
    ]);
    for (const refresh of ['P1M', 'P1Y', 'PT1H0.5M', 'P1W2D', 'P8D', 'PT4M']) {
      const file = join(dir, 'refresh.yaml');
      writeFileSync(
        file,
        valid.replace('  domain: test.example.no', `  domain: test.example.no\n  refresh: ${refresh}`),
      );
      const r = await run(['check', file]);
      assert.equal(r.code, 1, refresh);
      assert.deepEqual(oneLine(r.err), [
        `${file}:5:12: refresh '${refresh}' must be a duration in weeks, days, hours or minutes from PT5M to P7D, such as PT1H, PT30M or P1D`,
        '1 problem; the schedule was not loaded',
      ]);
    }
  });

  test('regression: 500,000 nested [ are refused at the position where the depth passes the limit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nedetid-deep-'));
    const file = join(dir, 'deep.yaml');
    writeFileSync(file, `calendar: ${'['.repeat(500_000)}`);
    const r = await run(['check', file]);
    assert.equal(r.code, 1);
    assert.deepEqual(oneLine(r.err), [
      `${file}:1:30: lists and mappings are nested more than 20 deep here; a schedule needs about 5 (check the indentation and brackets)`,
      '1 problem; the schedule was not loaded',
    ]);
  });

  test('regression: a 20,000-key mapping is checked for duplicates (the parser took 7 s; its time is in npm run bench)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nedetid-keys-'));
    const file = join(dir, 'keys.yaml');
    const providers = Array.from({ length: 20_000 }, (_, i) => `  p${i}: { name: P }`).join('\n');
    writeFileSync(file, `providers:\n${providers}\n  p7: { name: P }\n`);
    const r = await run(['check', file]);
    assert.equal(r.code, 1);
    assert.ok(
      r.err.includes(
        `${file}:20002:3: Map keys must be unique: each key may appear once; remove or rename the second one\n`,
      ),
      r.err,
    );
  });

  test('regression: a 20,000-window schedule in block style with descriptions loads (the 2 MiB limit refused 10,000)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nedetid-big-'));
    const file = join(dir, 'big.yaml');
    const head = readFileSync(`${F}/valid.yaml`, 'utf8').replace(/windows:[\s\S]*$/, 'windows:\n');
    const window = (i: number) =>
      [
        `  - id: window-${i}`,
        `    title: Planlagt vedlikehold av fagsystem nummer ${i}`,
        '    description: Systemet er utilgjengelig mens leverandøren oppgraderer; lagre arbeidet ditt før start.',
        '    provider: drift',
        '    systems: [visma, gat]',
        '    status: tentative',
        `    start: 2022-03-${String((i % 28) + 1).padStart(2, '0')}T17:00`,
        '    duration: PT3H',
      ].join('\n');
    writeFileSync(file, head + Array.from({ length: 20_000 }, (_, i) => window(i)).join('\n') + '\n');
    assert.ok(statSync(file).size > 5_000_000, `${statSync(file).size} bytes`);
    // About the limits, not the load budget (check fails a load past it, as the service does):
    // a budget no machine reaches, so a busy one can not fail this test.
    const r = await run(['check', file], { NEDETID_LOAD_BUDGET_MS: '3600000' });
    // Nothing on stderr but the warning that each feed of 20,000 events is too big for Google (issue 19.4).
    const lines = r.err.split('\n').filter(Boolean);
    assert.ok(
      lines.some((l) => / warning: feeds\/all\.ics holds 20,000 events /.test(l)),
      r.err,
    );
    for (const l of lines)
      assert.match(l, / warning: feeds\/\S+ holds 20,000 events \(.*Google Calendar.* It holds 20,000 windows/);
    assert.equal(r.code, 0);
    assert.match(r.out, /ok: 20000 windows/);
  });

  test('regression: PORT=abc, PORT=99999 and NEDETID_NOW=13.06.2022 stop serve with one line and exit 2', async () => {
    for (const [name, value, message] of [
      ['PORT', 'abc', "PORT 'abc' must be a port number from 0 to 65535"],
      ['PORT', '99999', "PORT '99999' must be a port number from 0 to 65535"],
      ['NEDETID_NOW', '13.06.2022', "NEDETID_NOW '13.06.2022' must be a date and time such as 2022-06-13T10:00"],
      [
        'NEDETID_NOW',
        '2022-13-45T10:00',
        "NEDETID_NOW '2022-13-45T10:00' must be a date and time such as 2022-06-13T10:00",
      ],
    ] as const) {
      const r = await run(['serve'], { [name]: value, NEDETID_CONFIG: SHIPPED });
      assert.deepEqual([r.code, r.err], [2, `nedetid: ${message}\n`]);
    }
  });

  test('serve: NEDETID_LOAD_BUDGET_MS must be a number of milliseconds (exit 2); a first load over it stops serve with one line (exit 1)', async () => {
    for (const value of ['abc', '50', '1.5']) {
      const r = await run(['serve'], { NEDETID_LOAD_BUDGET_MS: value, NEDETID_CONFIG: SHIPPED });
      assert.deepEqual(
        [r.code, r.err],
        [2, `nedetid: NEDETID_LOAD_BUDGET_MS '${value}' must be a whole number of milliseconds, at least 100\n`],
      );
    }
    const file = join(mkdtempSync(join(tmpdir(), 'nedetid-budget-')), 'schedule.yaml');
    // The largest schedule allowed (20,000 windows: seconds of work) against the budget's floor of
    // 100 ms; the budget itself is tested on a load that never ends (feeds/worker-loader.test.ts).
    writeFileSync(file, slowSchedule(20_000));
    const r = await run(['serve'], { NEDETID_LOAD_BUDGET_MS: '100', NEDETID_CONFIG: file, NEDETID_SETTLE_MS: '0' });
    assert.deepEqual(
      [r.code, r.err],
      [
        1,
        `${file}:1:1: loading the schedule took longer than 100 ms (NEDETID_LOAD_BUDGET_MS) and was stopped; make it cheaper (fewer windows, shorter rules, fewer far-off dates)\n1 problem; the schedule was not loaded\n`,
      ],
    );
  });

  test('regression: build --out a file, and --out /proc/x (which hung in mkdir), fail with one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nedetid-out-'));
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    const r = await run(['build', '--config', SHIPPED, '--out', file]);
    assert.deepEqual(
      [r.code, r.err],
      [1, `nedetid: --out ${file}: ${file} is a file, not a folder; give a folder (it is created if missing)\n`],
    );
    const proc = await run(['build', '--config', SHIPPED, '--out', '/proc/x']);
    assert.deepEqual([proc.code, proc.err], [1, 'nedetid: --out /proc/x: can not create the folder /proc/x: ENOENT\n']);
    const nested = await run(['build', '--config', SHIPPED, '--out', join(dir, 'a', 'b')]);
    assert.equal(nested.code, 0);
    assert.ok(statSync(join(dir, 'a', 'b', 'feeds', 'all.ics')).isFile());
  });

  test('build: a feed that can not be written (its path is a folder) fails with one line naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nedetid-out-'));
    mkdirSync(join(dir, 'feeds', 'all.ics'), { recursive: true });
    const r = await run(['build', '--config', SHIPPED, '--out', dir]);
    const path = join(dir, 'feeds', 'all.ics');
    assert.deepEqual([r.code, r.err], [1, `nedetid: --out ${dir}: can not write ${path}: EISDIR\n`]);
  });

  test('regression: the built CLI prints no stack trace for a bad PORT or an unusable --out', () => {
    for (const [args, env] of [
      [['serve'], { PORT: 'abc' }],
      [['build', '--out', '/proc/x'], {}],
      [['upcoming', '--from', '0001-01-01'], {}],
    ] as const) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/main.ts'), ...args], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, ...env },
      });
      assert.ok(r.status === 1 || r.status === 2, `${args.join(' ')}: exit ${r.status}`);
      assert.doesNotMatch(r.stderr, /^\s+at |Error:/m, r.stderr);
      assert.match(r.stderr, /^nedetid: /);
    }
  });

  test('every subcommand answers --help with its own text and exit 0; serve --help starts nothing', async () => {
    for (const [command, first] of [
      ['serve', 'nedetid serve: run the service'],
      ['check', 'nedetid check [--explain] [FILE | --config FILE]: validate a schedule'],
      ['build', 'nedetid build [--config FILE] --out DIR: write every feed as files'],
      ['upcoming', 'nedetid upcoming: the next occurrences, as the page lists them'],
    ]) {
      for (const flag of ['--help', '-h']) {
        // A port that is taken would make a real serve fail; --help must not get that far.
        const r = await run([command!, flag], { PORT: 'not-a-port' });
        assert.equal(r.code, 0, `${command} ${flag}: ${r.err}`);
        assert.equal(r.out.split('\n')[0], first);
        assert.equal(r.err, '');
      }
    }
  });

  test('upcoming: several systems, comma-separated or repeated, from NEDETID_NOW, with the page horizon', async () => {
    const env = { NEDETID_NOW: '2022-06-13T10:00' };
    const commas = await run(['upcoming', '--config', SHIPPED, '--system', 'gat,ist-tjenester'], env);
    const repeated = await run(['upcoming', '--config', SHIPPED, '--system', 'gat', '--system', 'ist-tjenester'], env);
    assert.equal(commas.code, 0, commas.err);
    assert.equal(commas.out, repeated.out);
    const lines = commas.out.trimEnd().split('\n');
    assert.equal(lines[0], 'Planned downtime 2022-06-13 + 60 days (Europe/Oslo)');
    // 60 days from Monday 13 June 10:00 end on 12 August: the regional window of 17 August is past it.
    assert.deepEqual(
      lines.slice(1).map((l) => l.slice(0, 50).trimEnd()),
      [
        'Wed 2022-06-22  16:00–19:00  Månedlig vedlikehold',
        'Tue 2022-06-28  17:00–18:00  Systemvedlikehold IST',
        'Tue 2022-07-26  17:00–18:00  Systemvedlikehold IST',
      ],
    );
    const unknown = await run(['upcoming', '--config', SHIPPED, '--system', 'gat,vsima'], env);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /--system 'vsima' is not a system; known: visma, gat/);
  });

  test('upcoming: "1 day", not "1 days"', async () => {
    const r = await run(['upcoming', '--config', SHIPPED, '--from', '2022-06-13', '--days', '1']);
    assert.equal(r.out.split('\n')[0], 'Planned downtime 2022-06-13 + 1 day (Europe/Oslo)');
  });

  test('upcoming --json: the JSON of /api/occurrences for the same span', async (t) => {
    const r = await run(['upcoming', '--config', SHIPPED, '--system', 'visma', '--json', '--days', '30'], {
      NEDETID_NOW: '2022-06-01T00:00',
    });
    assert.equal(r.code, 0, r.err);
    const { app } = testApp(t);
    const api = await app.inject('/api/occurrences?from=2022-06-01T00:00&to=2022-07-01T00:00&systems=visma');
    assert.deepEqual(JSON.parse(r.out), api.json());
    assert.deepEqual(
      JSON.parse(r.out).occurrences.map((o: { window: string }) => o.window),
      ['visma-2022-1', 'visma-2022-1-dag-2', 'gjovikregionen-manedlig'],
    );
  });

  test('check: hints for day.month.year dates, `alle`, June 31st and a tab in the indentation', async () => {
    const dates = await run(['check', 'test/schedule-file/fixtures/date-hints.yaml']);
    assert.equal(dates.code, 1);
    assert.deepEqual(dates.err.trimEnd().split('\n'), [
      'test/schedule-file/fixtures/date-hints.yaml:14:14: systems must be a list such as [visma, gat], or the word all; did you mean `all`? (the keyword is English)',
      "test/schedule-file/fixtures/date-hints.yaml:15:11: date '01.02.2023' must be a date such as 2022-06-13; did you mean 2023-02-01? (dates are year-month-day)",
      'test/schedule-file/fixtures/date-hints.yaml:19:14: systems must be a list such as [visma, gat], or the word all; for one system write [gat]',
      "test/schedule-file/fixtures/date-hints.yaml:20:11: date '2022-06-31' must be a date such as 2022-06-13; June 2022 has 30 days",
      "test/schedule-file/fixtures/date-hints.yaml:25:12: start '26.03.2022 12:00' must be a local date and time such as 2022-03-26T12:00; did you mean 2022-03-26T12:00? (dates are year-month-day)",
      '5 problems; the schedule was not loaded',
    ]);
    const tab = await run(['check', 'test/schedule-file/fixtures/tab-indent.yaml']);
    assert.equal(tab.code, 1);
    assert.deepEqual(tab.err.trimEnd().split('\n'), [
      'test/schedule-file/fixtures/tab-indent.yaml:11:1: YAML syntax: a tab in the indentation; YAML indents with spaces only, so replace it with spaces',
      '1 problem; the schedule was not loaded',
    ]);
  });

  test('check --explain says how each window is published so that Outlook maps it', async () => {
    const r = await run(['check', '--explain', '--years', '0', 'test/fixtures/outlook-rules.yaml']);
    assert.equal(r.code, 0);
    const lines = r.out.trimEnd().split('\n');
    assert.match(
      lines[0]!,
      /^patch-wed: 1 monthly-nth series \(FREQ=MONTHLY;BYDAY=3WE\) with \d+ overrides, published through \d{4}-\d\d-\d\d \(a month further each month\), because Outlook drops the rule as written$/,
    );
    assert.match(
      lines[2]!,
      /^second-fourth: 2 monthly-nth series \(FREQ=MONTHLY;BYDAY=2TU \| FREQ=MONTHLY;BYDAY=4TU\), because Outlook drops the rule as written$/,
    );
    assert.match(lines[3]!, /^quarterly: 4 yearly-nth series /);
    assert.match(lines[4]!, /^fifth-friday: 1 monthly-nth series \(FREQ=MONTHLY;BYDAY=-1FR\) with \d+ excluded dates/);
    const shipped = await run(['check', '--explain', '--years', '0', SHIPPED]);
    assert.match(shipped.out, /^ist-manedlig: as written, Outlook's monthly-nth template \(FREQ=MONTHLY;BYDAY=4TU\)$/m);
    assert.match(shipped.out, /^servere-2022-03-26: one event$/m);
    assert.match(shipped.out, /^visma-2022-1: one all-day event \(1 day\)$/m);
  });

  test("regression: a zone whose rules changed within the windows' years crashed check, build and serve with a stack trace", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nedetid-zone-'));
    for (const zone of ['America/Sao_Paulo', 'Africa/Cairo', 'America/Mexico_City', 'America/Nuuk', 'Asia/Tehran']) {
      const file = join(dir, `${zone.replace('/', '-')}.yaml`);
      writeFileSync(
        file,
        `calendar:\n  name: T\n  timezone: ${zone}\n  domain: t.example.no\nproviders:\n  p: { name: P }\nsystems:\n  s: { name: S }\nwindows:\n  - id: w\n    title: W\n    provider: p\n    systems: [s]\n    repeat: FREQ=MONTHLY;BYDAY=1MO\n    from: 2016-01-01\n    time: "10:00"\n    duration: PT1H\n`,
      );
      for (const args of [
        ['check', file],
        ['build', '--config', file, '--out', join(dir, 'out')],
      ]) {
        // Open-ended rules count 20 years from now (issue 19.1): to 2046 in December 2026.
        const r = await run(args, { NEDETID_NOW: '2026-12-07T12:00' });
        assert.equal(r.code, 1, `${zone} ${args[0]}`);
        assert.match(
          r.err,
          new RegExp(
            `^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:3:13: time zone ${zone} has no one yearly rule for all the years the windows use \\(2016–2046\\)`,
          ),
          zone,
        );
        assert.doesNotMatch(r.err, /^\s+at |Error:/m, zone);
      }
      const served = await run(['serve'], {
        NEDETID_CONFIG: file,
        PORT: '0',
        HOST: '127.0.0.1',
        NEDETID_SETTLE_MS: '0',
      });
      assert.equal(served.code, 1, `${zone} serve`);
      assert.equal(served.err, (await run(['check', file])).err, `${zone} serve`);
    }
    // The same zone is fine for years whose rules agree: São Paulo has had no DST since 2019.
    const later = join(dir, 'later.yaml');
    writeFileSync(
      later,
      readFileSync(join(dir, 'America-Sao_Paulo.yaml'), 'utf8').replace('from: 2016-01-01', 'from: 2020-01-01'),
    );
    assert.equal((await run(['check', '--years', '0', later])).code, 0);
  });
});
