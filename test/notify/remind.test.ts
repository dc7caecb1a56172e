import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { dueReminders, parseEvery, parseLead, type Lead } from '../../src/notify/due-reminders.js';
import { expandSchedule } from '../../src/occurrences/expand-window.js';
import { parseSchedule } from '../../src/schedule-file/parse-schedule.js';
import { runCli } from '../helpers/run-cli.js';
import { realisticEdit } from '../diff/realistic-edit.js';
import { answerWith, secretFree, webhookReceiver } from './webhook-receivers.js';

/**
 * The shipped schedule with the realistic edit: IST's 2027-01-26 17:00 is cancelled, the regional
 * window of 2027-01-20 16:00 is moved to 2027-01-27 16:00, and the internet is down 2027-02-13
 * 08:00–12:00.
 */
const EDITED = realisticEdit();
function editedFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'nedetid-remind-')), 'schedule.yaml');
  writeFileSync(file, EDITED);
  return file;
}

const REMIND = ['remind', '--before', 'P1D', '--before', 'PT1H', '--every', 'PT15M'];
const FAST = { NEDETID_WEBHOOK_RETRY_MS: '5' };

/** The lines of a Teams message (the TextRuns), or of a Slack one (the bullets). */
function messageLines(body: unknown): string[] {
  const slack = body as { blocks?: { text: { text: string } }[] };
  if (slack.blocks) return slack.blocks[1]!.text.text.split('\n');
  const card = (body as { attachments: { content: { body: { inlines?: { text: string }[] }[] } }[] }).attachments[0]!
    .content.body;
  return card.flatMap((b) => (b.inlines ?? []).map((i) => i.text));
}

const leads = (...texts: string[]): Lead[] => texts.map((t) => parseLead(t)!);

describe('remind', () => {
  describe('the command', () => {
    it('posts, at three fixed times, only what is due then: not at a moved date, not when cancelled, and at the new date', async (t) => {
      const hook = await webhookReceiver(t, answerWith(200));
      const file = editedFile();
      const run = (now: string) => runCli([...REMIND, '--config', file, '--webhook', hook.url], { NEDETID_NOW: now });

      // The regional window's rule date, a day ahead: it was moved away, so nothing is due.
      const first = await run('2027-01-19T16:00');
      assert.equal(first.code, 0, first.err);
      assert.equal(
        first.out,
        'covering reminders due after 2027-01-19 15:45 up to 2027-01-19 16:00 (Europe/Oslo)\nnothing to remind of in this period\n',
      );
      assert.equal(hook.exchanges.length, 0);

      // A day before IST's cancelled date (a run five minutes late covers the same period).
      const second = await run('2027-01-25T17:05');
      assert.equal(second.code, 0, second.err);
      assert.equal(
        second.out,
        [
          'covering reminders due after 2027-01-25 16:45 up to 2027-01-25 17:00 (Europe/Oslo)',
          'skipped (cancelled): P1D before ist-manedlig at 2027-01-26 17:00',
          'nothing to remind of in this period',
          '',
        ].join('\n'),
      );
      assert.equal(hook.exchanges.length, 0);

      // A day before the moved date, and an hour before the cancelled one.
      const third = await run('2027-01-26T16:00');
      assert.equal(third.code, 0, third.err);
      assert.equal(
        third.out,
        [
          'covering reminders due after 2027-01-26 15:45 up to 2027-01-26 16:00 (Europe/Oslo)',
          'skipped (cancelled): PT1H before ist-manedlig at 2027-01-26 17:00',
          'reminded: P1D before gjovikregionen-manedlig at 2027-01-27 16:00 (moved from 2027-01-20)',
          'posted 1 reminder to the webhook (teams, 1 try)',
          '',
        ].join('\n'),
      );
      assert.equal(hook.exchanges.length, 1);
      assert.deepEqual(messageLines(hook.exchanges[0]!.body), [
        'Om 1 dag: Månedlig vedlikehold av IKT-systemer i Gjøvikregionen – ons. 27. jan 2027 16:00–19:00 (flyttet fra ons. 20. jan). Flyttet etter ønske fra økonomi. Berører: Visma økonomi, GAT, Servere i regionen.',
      ]);
      for (const r of [first, second, third]) assert.ok(secretFree(r.out + r.err, hook.port));
    });

    it('posts Slack text, with the page link, when asked', async (t) => {
      const hook = await webhookReceiver(t, answerWith(200));
      const r = await runCli([...REMIND, '--config', editedFile(), '--format', 'slack'], {
        NEDETID_NOW: '2027-02-13T07:00',
        NEDETID_WEBHOOK_URL: hook.url,
        PUBLIC_URL: 'https://nedetid.example.no',
      });
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /^reminded: PT1H before brannmur-2027-02-13 at 2027-02-13 08:00$/m);
      const body = hook.exchanges[0]!.body as { text: string; blocks: { text: { text: string } }[] };
      assert.equal(body.text, 'Påminnelse om planlagt nedetid: Bytte av brannmur – internett nede');
      assert.deepEqual(messageLines(body), [
        '• Om 1 time: Bytte av brannmur – internett nede – lør. 13. feb 2027 08:00–12:00. Berører: Internett.',
      ]);
      assert.equal(body.blocks[2]!.text.text, '<https://nedetid.example.no|Se all planlagt nedetid>');
    });

    it('retries and fails as notify does, exit 1, never printing the address', async (t) => {
      const hook = await webhookReceiver(t, answerWith(503));
      const r = await runCli([...REMIND, '--config', editedFile(), '--webhook', hook.url], {
        ...FAST,
        NEDETID_NOW: '2027-01-26T16:00',
      });
      assert.equal(r.code, 1);
      assert.equal(hook.exchanges.length, 4);
      assert.deepEqual(r.err.trimEnd().split('\n'), [
        'try 1 failed: the webhook answered 503 Service Unavailable; trying again in 5 ms',
        'try 2 failed: the webhook answered 503 Service Unavailable; trying again in 10 ms',
        'try 3 failed: the webhook answered 503 Service Unavailable; trying again in 20 ms',
        'nedetid remind: the webhook answered 503 Service Unavailable; gave up after 4 tries',
      ]);
      assert.doesNotMatch(r.out, /^reminded:/m);
      assert.ok(secretFree(r.out + r.err, hook.port));
    });

    it('is in the overview and answers --help with its options', async () => {
      const overview = await runCli(['--help']);
      assert.match(overview.out, /^ {2}nedetid remind --before P1D \[--before PT1H …\] --every PT15M/m);
      const help = await runCli(['remind', '--help']);
      assert.equal(help.code, 0);
      assert.equal(
        help.out.split('\n')[0],
        'nedetid remind --before P1D --every PT15M: remind people before work starts',
      );
      for (const option of [
        '--before D',
        '--every D',
        '--webhook URL',
        '--format F',
        '--page-url URL',
        '--config FILE',
      ])
        assert.ok(help.out.includes(`  ${option} `), option);
    });

    it('refuses missing or wrong --before, --every, --format and webhook before reading the schedule', async () => {
      const cases: [string[], RegExp][] = [
        [['remind', '--every', 'PT15M'], /remind needs --before, such as --before P1D/],
        [
          ['remind', '--before', 'P1M', '--every', 'PT15M'],
          /--before 'P1M' must be a duration in weeks, days, hours or minutes/,
        ],
        [['remind', '--before', 'P1D'], /remind needs --every, how often it runs, such as --every PT15M/],
        [
          ['remind', ...Array.from({ length: 11 }, (_, i) => ['--before', `PT${i + 1}H`]).flat(), '--every', 'PT15M'],
          /--before is given 11 times; at most 10 reminders per occurrence/,
        ],
        [['remind', '--before', 'P1D', '--every', 'PT7M'], /--every 'PT7M' must be minutes that divide a day/],
        [
          ['remind', '--before', 'P1D', '--every', 'PT15M', '--format', 'email'],
          /--format 'email' must be one of teams, slack/,
        ],
        [['remind', '--before', 'P1D', '--every', 'PT15M'], /remind needs --webhook URL or NEDETID_WEBHOOK_URL/],
      ];
      for (const [args, message] of cases) {
        const r = await runCli([...args, '--config', '/nonexistent/schedule.yaml'], { NEDETID_WEBHOOK_URL: '' });
        assert.equal(r.code, 2, args.join(' '));
        assert.match(r.err, message);
        assert.match(r.err, /\nsee `nedetid remind --help`\n$/);
      }
    });
  });

  describe('dueReminders()', () => {
    const schedule = parseSchedule(EDITED, 'edited.yaml').schedule;
    const zone = schedule.calendar.timezone;

    it('runs in consecutive periods post every reminder exactly once, across a clock change', () => {
      const all = leads('P7D', 'P1D', 'PT1H');
      const start = DateTime.fromISO('2027-01-01T00:00', { zone });
      const end = DateTime.fromISO('2027-04-30T00:00', { zone }); // 2027-03-28 is a clock change
      const seen: string[] = [];
      // Each run a little late, as a scheduler starts them: it covers the period that just ended.
      for (let now = start.plus({ minutes: 61 }); now <= end.plus({ minutes: 1 }); now = now.plus({ hours: 1 }))
        for (const r of dueReminders(schedule, now, 60, all).due)
          seen.push(`${r.lead.text} ${r.occurrence.window.id} ${r.occurrence.start.toISO()}`);
      const expected = all.flatMap((lead) =>
        expandSchedule(schedule, start.plus(lead.duration).minus({ days: 1 }), end.plus(lead.duration))
          .filter((o) => !o.cancelled && o.start.minus(lead.duration) > start && o.start.minus(lead.duration) <= end)
          .map((o) => `${lead.text} ${o.window.id} ${o.start.toISO()}`),
      );
      assert.ok(expected.length >= 12, String(expected.length));
      assert.deepEqual([...seen].sort(), [...expected].sort());
      assert.equal(new Set(seen).size, seen.length);
    });

    it('counts P1D on the calendar: the day before at the same clock time, also over a clock change', () => {
      // Work at 12:00 on 2027-03-28, the day clocks go forward (CET to CEST at 02:00).
      const sunday = parseSchedule(
        EDITED.replace(
          '# Announced work',
          '  - { id: sondag, title: Søndagsarbeid, provider: ikt-gjovikregionen, systems: [internett], start: 2027-03-28T12:00, end: 2027-03-28T13:00 }\n\n# Announced work',
        ),
        'sunday.yaml',
      ).schedule;
      const due = (now: string, lead: string) =>
        dueReminders(sunday, DateTime.fromISO(now, { zone }), 15, leads(lead)).due.map((r) => r.occurrence.window.id);
      // A day before is 12:00 on Saturday, 23 hours earlier; 24 hours earlier would be 11:00.
      assert.deepEqual(due('2027-03-27T12:00', 'P1D'), ['sondag']);
      assert.deepEqual(due('2027-03-27T11:00', 'P1D'), []);
      assert.deepEqual(due('2027-03-21T12:00', 'P1W'), ['sondag']);
      // PT24H is exact hours: 11:00 CET.
      assert.deepEqual(due('2027-03-27T11:00', 'PT24H'), ['sondag']);
    });

    it('reads leads and periods as the help says', () => {
      assert.equal(parseLead('P1D')!.duration.as('hours'), 24);
      assert.equal(parseLead('pt1h30m')!.text, 'PT1H30M');
      for (const bad of ['P', 'PT', 'P1DT', 'P1M', 'P1Y', 'PT0M', 'P53W', '1D', 'PT1S'])
        assert.equal(parseLead(bad), null, bad);
      assert.deepEqual(['PT5M', 'PT15M', 'PT1H', 'PT90M', 'P1D'].map(parseEvery), [5, 15, 60, 90, 1440]);
      for (const bad of ['PT7M', 'P2D', 'P1W', 'PT0M']) assert.equal(parseEvery(bad), null, bad);
    });
  });
});
