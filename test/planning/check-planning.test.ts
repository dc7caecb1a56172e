import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/run-cli.js';

const FIXTURE = 'test/planning/fixtures/planning.yaml';
const ERRORS = 'test/planning/fixtures/planning-errors.yaml';
const AT = ['--from', '2027-01-01', '--years', '2'];

describe('nedetid check: planning warnings and refusals', () => {
  test('check warns about holidays, clashes and expired announcements with FILE:LINE:COL, in file order', async () => {
    const r = await runCli(['check', FIXTURE, ...AT]);
    assert.equal(r.code, 0);
    assert.equal(r.out, `${FIXTURE}: ok: 7 windows, 2 announced, 4 systems, 1 providers, 6 feeds\n`);
    assert.deepEqual(r.err.trimEnd().split('\n'), [
      // patch: warned; patch-skip has the same rule and says on-holiday: skip, so it is not.
      `${FIXTURE}:21:5: warning: patch: 2028-05-17 is Grunnlovsdagen (add it to moved or except, or set on-holiday: skip)`,
      // backup clashes with patch on GAT; rapport overlaps patch too but acknowledges it.
      `${FIXTURE}:21:5: warning: patch overlaps backup (${FIXTURE}:47:5) on GAT: 2027-01-20 16:00 and 2027-01-20 18:00; 2027-02-17 16:00 and 2027-02-17 18:00; 2027-03-17 16:00 and 2027-03-17 18:00; add \`overlaps: [backup]\` to acknowledge`,
      // flytting is on Kristi himmelfartsdag with on-holiday: allow; oppgradering is cancelled.
      `${FIXTURE}:83:5: warning: pinse: 2027-05-17 is Grunnlovsdagen (move it, or set on-holiday: allow)`,
      `${FIXTURE}:96:12: warning: announcement 'gammel' was expected by 2026-11-30 (høsten 2026) and the page no longer shows it; make it a window with a date, give a later until, or remove it`,
    ]);
  });

  test('check --years limits how far ahead holidays and clashes are looked for', async () => {
    const r = await runCli(['check', FIXTURE, '--from', '2027-04-01', '--holiday-years', '1']);
    assert.deepEqual(r.err.trimEnd().split('\n'), [
      `${FIXTURE}:83:5: warning: pinse: 2027-05-17 is Grunnlovsdagen (move it, or set on-holiday: allow)`,
      `${FIXTURE}:96:12: warning: announcement 'gammel' was expected by 2026-11-30 (høsten 2026) and the page no longer shows it; make it a window with a date, give a later until, or remove it`,
    ]);
    const bad = await runCli(['check', FIXTURE, '--years', 'many']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--years 'many' must be a whole number from 0 to 20/);
  });

  test('check refuses bad holidays, depends-on cycles and unknown ids, cancellations and overlaps with positions', async () => {
    const r = await runCli(['check', ERRORS]);
    assert.equal(r.code, 1);
    assert.deepEqual(r.err.trimEnd().split('\n'), [
      `${ERRORS}:5:13: calendar.holidays 'NOR' is not a country or region date-holidays knows; use a code such as NO or DE-BY, or none (did you mean 'NO'?)`,
      `${ERRORS}:14:30: system 'd' can not depend on itself`,
      `${ERRORS}:14:33: system 'd' depends on unknown system 'nope' (known: a, b, c, d)`,
      `${ERRORS}:13:30: depends-on makes a cycle: a → b → c → a; remove one of these entries`,
      `${ERRORS}:21:17: on-holiday 'sometimes' must be warn (the default), skip or allow`,
      `${ERRORS}:30:17: cancelled 2027-01-21: the rule never produces this date`,
      `${ERRORS}:31:17: cancelled 2027-02-17 is also in except or moved; an occurrence is either cancelled, moved or left out`,
      `${ERRORS}:22:16: window 'serie' can not overlap itself; list other window ids`,
      `${ERRORS}:37:17: on-holiday: skip only applies to a recurring window; move window 'enkelt' off the holiday instead`,
      `${ERRORS}:38:5: \`cancelled:\` lists occurrences of a recurring window; to call off window 'enkelt', set \`status: cancelled\``,
      `${ERRORS}:22:23: overlaps: 'ukjent' is not a window id (window 'serie')`,
      `${ERRORS}:48:12: until 'neste uke' must be the last date the work is expected, such as 2022-06-30`,
      '12 problems; the schedule was not loaded',
    ]);
  });

  test('check --format github prints workflow commands on stdout, escaped', async () => {
    const r = await runCli(['check', FIXTURE, ...AT, '--format', 'github']);
    assert.equal(r.code, 0);
    const lines = r.out.trimEnd().split('\n');
    assert.equal(
      lines[0],
      `::warning file=${FIXTURE},line=21,col=5::patch: 2028-05-17 is Grunnlovsdagen (add it to moved or except, or set on-holiday: skip)`,
    );
    assert.equal(lines.length, 5);
    assert.equal(lines[4], `${FIXTURE}: ok: 7 windows, 2 announced, 4 systems, 1 providers, 6 feeds`);
    assert.equal(r.err, '');
    const broken = await runCli(['check', ERRORS, '--format', 'github']);
    assert.equal(broken.code, 1);
    assert.equal(
      broken.out.split('\n')[0],
      `::error file=${ERRORS},line=5,col=13::calendar.holidays 'NOR' is not a country or region date-holidays knows; use a code such as NO or DE-BY, or none (did you mean 'NO'?)`,
    );
  });

  test('check --format gitlab prints a Code Quality report on stdout and the summary on stderr', async () => {
    const r = await runCli(['check', FIXTURE, ...AT, '--format', 'gitlab']);
    assert.equal(r.code, 0);
    const report = JSON.parse(r.out) as {
      description: string;
      severity: string;
      fingerprint: string;
      location: { path: string; lines: { begin: number } };
    }[];
    assert.equal(report.length, 4);
    assert.deepEqual(report[2]!.location, { path: FIXTURE, lines: { begin: 83 } });
    assert.equal(report[2]!.severity, 'minor');
    assert.equal(new Set(report.map((p) => p.fingerprint)).size, 4);
    assert.match(r.err, /: ok: 7 windows/);
  });
});
