import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli.js';
import { feedsFrom, ROOT, SHIPPED } from './helpers/load.js';
import { testApp } from './helpers/app.js';
import { slowSchedule } from './helpers/slow-schedule.js';

async function run(args: string[], env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s) });
    return { code, out, err };
  } finally {
    process.env = saved;
  }
}

test('check: exit 0 with a summary for the shipped schedule', async () => {
  const r = await run(['check', 'config/schedule.yaml']);
  assert.equal(r.code, 0);
  assert.equal(r.out, 'config/schedule.yaml: ok: 5 windows, 1 announced, 6 systems, 3 providers, 10 feeds\n');
  assert.equal(r.err, '');
});

test('check: exit 1 with one FILE:LINE:COL line per problem', async () => {
  const r = await run(['check', 'test/schedule/fixtures/unknown-references.yaml']);
  assert.equal(r.code, 1);
  assert.deepEqual(r.err.trimEnd().split('\n'), [
    "test/schedule/fixtures/unknown-references.yaml:13:15: unknown provider 'drfit'; did you mean 'drift'? (known: drift)",
    "test/schedule/fixtures/unknown-references.yaml:14:22: unknown system 'nope' (known: visma, gat)",
    '2 problems; the schedule was not loaded',
  ]);
});

test('check: a missing file is an error with the path, not a stack trace', async () => {
  const r = await run(['check', 'nope.yaml']);
  assert.equal(r.code, 1);
  assert.match(r.err, /^nope\.yaml:1:1: can not read the schedule: ENOENT/);
});

test('serve: a broken schedule exits 1 with the same lines as check and never listens', async () => {
  const file = 'test/schedule/fixtures/dst-gap-overlap.yaml';
  const checked = await run(['check', file]);
  const served = await run(['serve'], { NEDETID_CONFIG: file, PORT: '0', HOST: '127.0.0.1' });
  assert.equal(served.code, 1);
  assert.equal(served.err, checked.err);
  assert.equal(served.out, '');
});

test('build: writes every feed, byte-identical to what the server sends', async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'nedetid-build-'));
  const r = await run(['build', '--config', SHIPPED, '--out', out]);
  assert.equal(r.code, 0);
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
  const bad = spawnSync(join(ROOT, 'bin/nedetid'), ['check', 'test/schedule/fixtures/yaml-syntax.yaml'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /yaml-syntax\.yaml:12:12: YAML syntax/);
});

/** Issue 9: every failure of check, build, upcoming and serve is one line saying what to do, exit 1 or 2. */
const F = 'test/schedule/fixtures';
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

test('regression: years below 100, 1900 next to 2022, 9999 and COUNT=10000 yearly are refused fast with the allowed years', async () => {
  const started = performance.now();
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
  assert.ok(performance.now() - started < 1500, `took ${performance.now() - started} ms`);
});

test('regression: start 9999-12-31T23:00 + P31D and refresh P1M are refused instead of written invalid', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nedetid-out-of-range-'));
  const valid = readFileSync(`${F}/valid.yaml`, 'utf8');
  const far = join(dir, 'far.yaml');
  writeFileSync(
    far,
    valid.replace('start: 2022-03-26T12:00\n    end: 2022-03-26T18:00', 'start: 9999-12-31T23:00\n    duration: P31D'),
  );
  assert.deepEqual(oneLine((await run(['check', far])).err), [
    `${far}:15:12: start 9999-12-31 is outside the years a schedule may use (2000–2199); check the year`,
    '1 problem; the schedule was not loaded',
  ]);
  for (const refresh of ['P1M', 'P1Y', 'PT1H0.5M', 'P1W2D', 'P8D', 'PT4M']) {
    const file = join(dir, 'refresh.yaml');
    writeFileSync(file, valid.replace('  domain: test.example.no', `  domain: test.example.no\n  refresh: ${refresh}`));
    const r = await run(['check', file]);
    assert.equal(r.code, 1, refresh);
    assert.deepEqual(oneLine(r.err), [
      `${file}:5:12: refresh '${refresh}' must be a duration in weeks, days, hours or minutes from PT5M to P7D, such as PT1H, PT30M or P1D`,
      '1 problem; the schedule was not loaded',
    ]);
  }
});

test('regression: 500,000 nested [ are refused in milliseconds at the position where the depth passes the limit', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nedetid-deep-'));
  const file = join(dir, 'deep.yaml');
  writeFileSync(file, `calendar: ${'['.repeat(500_000)}`);
  const started = performance.now();
  const r = await run(['check', file]);
  assert.ok(performance.now() - started < 300, `took ${performance.now() - started} ms`);
  assert.equal(r.code, 1);
  assert.deepEqual(oneLine(r.err), [
    `${file}:1:30: lists and mappings are nested more than 20 deep here; a schedule needs about 5 (check the indentation and brackets)`,
    '1 problem; the schedule was not loaded',
  ]);
});

test('regression: a 20,000-key mapping is checked for duplicates in linear time (the parser took 7 s)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nedetid-keys-'));
  const file = join(dir, 'keys.yaml');
  const providers = Array.from({ length: 20_000 }, (_, i) => `  p${i}: { name: P }`).join('\n');
  writeFileSync(file, `providers:\n${providers}\n  p7: { name: P }\n`);
  const started = performance.now();
  const r = await run(['check', file]);
  assert.ok(performance.now() - started < 2500, `took ${performance.now() - started} ms`);
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
  const r = await run(['check', file]);
  assert.equal(r.err, '');
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
  writeFileSync(file, slowSchedule(1500));
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
      timeout: 20_000,
    });
    assert.ok(r.status === 1 || r.status === 2, `${args.join(' ')}: exit ${r.status}`);
    assert.doesNotMatch(r.stderr, /^\s+at |Error:/m, r.stderr);
    assert.match(r.stderr, /^nedetid: /);
  }
});
