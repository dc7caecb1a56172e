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

test('check: exit 0 with a summary for the shipped schedule, and its real holiday clashes of the next five years', async () => {
  // The shipped schedule has public holidays ahead, so the day is fixed for exact lines.
  const r = await run(['check', 'config/schedule.yaml', '--from', '2026-11-27']);
  assert.equal(r.code, 0);
  assert.equal(r.out, 'config/schedule.yaml: ok: 5 windows, 1 announced, 6 systems, 3 providers, 10 feeds\n');
  assert.deepEqual(r.err.trimEnd().split('\n'), [
    'config/schedule.yaml:50:5: warning: ist-manedlig: 2028-12-26 is Andre juledag (add it to moved or except, or set on-holiday: skip)',
    'config/schedule.yaml:50:5: warning: ist-manedlig: 2029-12-25 is Første juledag (add it to moved or except, or set on-holiday: skip)',
    'config/schedule.yaml:68:5: warning: gjovikregionen-manedlig: 2028-05-17 is Grunnlovsdagen (add it to moved or except, or set on-holiday: skip)',
    "config/schedule.yaml:129:12: warning: announcement 'ny-san-2022' was expected by 2022-06-30 (våren 2022) and the page no longer shows it; make it a window with a date, give a later until, or remove it",
  ]);
});

test('check --years: a one-year view from June 2022 has only the 17 May 2023 patch night, and the announcement not yet expired', async () => {
  const r = await run(['check', 'config/schedule.yaml', '--from', '2022-06-01', '--years', '1']);
  assert.equal(r.code, 0);
  assert.equal(
    r.err,
    'config/schedule.yaml:68:5: warning: gjovikregionen-manedlig: 2023-05-17 is Grunnlovsdagen (add it to moved or except, or set on-holiday: skip)\n',
  );
  const none = await run(['check', 'config/schedule.yaml', '--from', '2022-06-01', '--years', '0']);
  assert.equal(none.err, '');
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
