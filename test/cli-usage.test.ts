import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSchedule } from '../bench/generate-schedule.js';
import { SHIPPED } from './helpers/load.js';
import { runCli } from './helpers/run-cli.js';

describe('nedetid usage errors', () => {
  it('says what is wrong in one line and where the help is, not the whole help (usage printed the whole help bug)', async () => {
    const r = await runCli(['upcoming', '--days', 'x']);
    assert.equal(r.code, 2);
    assert.equal(r.err, "nedetid: --days 'x' must be a whole number from 1 to 3660\nsee `nedetid upcoming --help`\n");
  });

  it('points at the general help for an unknown command', async () => {
    const r = await runCli(['frob']);
    assert.equal(r.code, 2);
    assert.equal(r.err, "nedetid: unknown command 'frob'\nsee `nedetid --help`\n");
  });

  it('keeps an unknown option to two lines', async () => {
    const r = await runCli(['check', '--bogus']);
    assert.equal(r.code, 2);
    assert.match(r.err, /^nedetid: Unknown option '--bogus'.*\nsee `nedetid check --help`\n$/);
  });
});

describe('nedetid check --config', () => {
  it('reads the schedule named by --config, as build and upcoming do (check --config was refused bug)', async () => {
    const r = await runCli(['check', '--config', SHIPPED], { NEDETID_CONFIG: '/nonexistent/schedule.yaml' });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /ok: 5 windows/);
  });

  it('refuses FILE and --config together', async () => {
    const r = await runCli(['check', SHIPPED, '--config', SHIPPED]);
    assert.equal(r.code, 2);
    assert.match(r.err, /check reads one schedule: give FILE or --config FILE/);
  });
});

describe('nedetid serve --help', () => {
  it('lists every setting the service reads (TRUST_PROXY was missing bug)', async () => {
    const r = await runCli(['serve', '--help']);
    assert.equal(r.code, 0);
    for (const name of [
      'PORT',
      'HOST',
      'NEDETID_CONFIG',
      'PUBLIC_URL',
      'TRUST_PROXY',
      'NEDETID_FRAME_ANCESTORS',
      'NEDETID_WATCH_MS',
      'NEDETID_SETTLE_MS',
      'NEDETID_LOAD_BUDGET_MS',
      'NEDETID_WORKER_HEAP_MB',
      'NEDETID_MAX_LOOP_DELAY_MS',
      'NEDETID_NOW',
      'LOG_LEVEL',
    ])
      assert.match(r.out, new RegExp(`\\b${name}\\b`), name);
  });
});

describe('check hints for times', () => {
  it('says the hour is out of range for 25:00 (25:00 got only "must be a 24-hour time" bug)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nedetid-time-'));
    const file = join(dir, 'schedule.yaml');
    writeFileSync(
      file,
      [
        'calendar: { name: T, timezone: Europe/Oslo, domain: t.example }',
        'providers: { p: { name: P } }',
        'systems: { s: { name: S } }',
        'windows:',
        '  - { id: a, title: A, provider: p, systems: [s], repeat: FREQ=WEEKLY;BYDAY=TU, from: 2026-01-01, time: "25:00", duration: PT1H }',
        '  - { id: b, title: B, provider: p, systems: [s], start: 2026-03-01T10:00, end: 2026-03-01T10:75 }',
        '',
      ].join('\n'),
    );
    const r = await runCli(['check', file]);
    assert.equal(r.code, 1);
    assert.match(
      r.err,
      /:5:\d+: time '25:00' must be a 24-hour time such as "17:00" \(quote it\); the hour 25 is out of range \(00 to 23/,
    );
    assert.match(
      r.err,
      /:6:\d+: end '2026-03-01T10:75' must be a local date and time such as 2022-03-26T18:00; the minute 75 is out of range \(00 to 59\)/,
    );
  });
});

describe('check and the load budget', () => {
  it('fails a schedule the service would stop loading (check passed a file the service refused bug)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nedetid-budget-'));
    const file = join(dir, 'schedule.yaml');
    // 2,000 windows take far longer than the smallest budget allowed (100 ms) on any machine.
    writeFileSync(file, generateSchedule({ windows: 2_000, systems: 40 }));
    const r = await runCli(['check', file], { NEDETID_LOAD_BUDGET_MS: '100' });
    assert.equal(r.code, 1);
    assert.match(
      r.err,
      /:1:1: loading this schedule took \d+ ms here; the service stops a load after 100 ms \(NEDETID_LOAD_BUDGET_MS\)/,
    );
  });
});
