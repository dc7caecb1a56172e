import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli.js';
import { feedsFrom, ROOT, SHIPPED } from './helpers/load.js';
import { testApp } from './helpers/app.js';

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
  const { app } = testApp(t);
  for (const feed of feedsFrom(SHIPPED).feeds) {
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
    'Wed 2022-06-22  16:00–19:00  Månedlig vedlikehold av IKT-systemer i Gjøvikregionen  visma, gat, servere  moved from 2022-06-15',
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

test('every subcommand answers --help with its own text and exit 0; serve --help starts nothing', async () => {
  for (const [command, first] of [
    ['serve', 'nedetid serve: run the service'],
    ['check', 'nedetid check [FILE]: validate a schedule'],
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
  const dates = await run(['check', 'test/schedule/fixtures/date-hints.yaml']);
  assert.equal(dates.code, 1);
  assert.deepEqual(dates.err.trimEnd().split('\n'), [
    'test/schedule/fixtures/date-hints.yaml:14:14: systems must be a list such as [visma, gat], or the word all; did you mean `all`? (the keyword is English)',
    "test/schedule/fixtures/date-hints.yaml:15:11: date '01.02.2023' must be a date such as 2022-06-13; did you mean 2023-02-01? (dates are year-month-day)",
    'test/schedule/fixtures/date-hints.yaml:19:14: systems must be a list such as [visma, gat], or the word all; for one system write [gat]',
    "test/schedule/fixtures/date-hints.yaml:20:11: date '2022-06-31' must be a date such as 2022-06-13; June 2022 has 30 days",
    "test/schedule/fixtures/date-hints.yaml:25:12: start '26.03.2022 12:00' must be a local date and time such as 2022-03-26T12:00; did you mean 2022-03-26T12:00? (dates are year-month-day)",
    '5 problems; the schedule was not loaded',
  ]);
  const tab = await run(['check', 'test/schedule/fixtures/tab-indent.yaml']);
  assert.equal(tab.code, 1);
  assert.deepEqual(tab.err.trimEnd().split('\n'), [
    'test/schedule/fixtures/tab-indent.yaml:11:1: YAML syntax: a tab in the indentation; YAML indents with spaces only, so replace it with spaces',
    '1 problem; the schedule was not loaded',
  ]);
});
