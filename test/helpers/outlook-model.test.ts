import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { outlookExpand, outlookProblems, outlookTemplate, type OutlookExpansion } from './outlook-model.js';

// Expected values are written out by hand (dates from a wall calendar, offsets from the EU rule:
// CEST from the last Sunday of March to the last Sunday of October).

const OSLO = `BEGIN:VTIMEZONE
TZID:Europe/Oslo
BEGIN:STANDARD
DTSTART:19701025T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:19700329T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
END:VTIMEZONE`;

function calendar(body: string, zones = OSLO): string {
  return `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//outlook-model//EN\r\n${zones}\r\n${body}\r\nEND:VCALENDAR\r\n`.replace(
    /\r?\n/g,
    '\r\n',
  );
}

function vevent(uid: string, lines: string): string {
  return `BEGIN:VEVENT\nUID:${uid}\nDTSTAMP:20260101T000000Z\nSUMMARY:${uid}\n${lines.trim()}\nEND:VEVENT`;
}

const utc = (s: string) => new Date(`${s}:00Z`);
const expand = (ics: string, from: string, to: string) => outlookExpand(ics, utc(`${from}T00:00`), utc(`${to}T00:00`));
/** `start startUtc` for every occurrence, the shape most expectations are written in. */
const starts = (r: OutlookExpansion) =>
  r.occurrences.map((o) => `${o.start} ${o.startUtc?.toISOString().slice(0, 16)}`);

describe('the Outlook model (outlookExpand, outlookTemplate, outlookProblems)', () => {
  test('daily (every 7 days) keeps 10:00 Oslo across both DST changes', () => {
    const ics = calendar(
      vevent('d', 'DTSTART;TZID=Europe/Oslo:20260322T100000\nDURATION:PT1H\nRRULE:FREQ=DAILY;INTERVAL=7'),
    );
    assert.deepEqual(starts(expand(ics, '2026-03-15', '2026-04-01')), [
      '2026-03-22T10:00 2026-03-22T09:00',
      '2026-03-29T10:00 2026-03-29T08:00',
    ]);
    assert.deepEqual(starts(expand(ics, '2026-10-15', '2026-11-02')), [
      '2026-10-18T10:00 2026-10-18T08:00',
      '2026-10-25T10:00 2026-10-25T09:00',
      '2026-11-01T10:00 2026-11-01T09:00',
    ]);
  });

  test('weekly, every second week on Monday and Thursday, across both DST changes', () => {
    const ics = calendar(
      vevent(
        'w',
        'DTSTART;TZID=Europe/Oslo:20260319T080000\nDTEND;TZID=Europe/Oslo:20260319T090000\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH',
      ),
    );
    assert.deepEqual(starts(expand(ics, '2026-03-15', '2026-04-03')), [
      '2026-03-19T08:00 2026-03-19T07:00',
      '2026-03-30T08:00 2026-03-30T06:00',
      '2026-04-02T08:00 2026-04-02T06:00',
    ]);
    assert.deepEqual(starts(expand(ics, '2026-10-10', '2026-11-01')), [
      '2026-10-12T08:00 2026-10-12T06:00',
      '2026-10-15T08:00 2026-10-15T06:00',
      '2026-10-26T08:00 2026-10-26T07:00',
      '2026-10-29T08:00 2026-10-29T07:00',
    ]);
    const one = expand(ics, '2026-03-19', '2026-03-20').occurrences[0];
    assert.equal(one?.end, '2026-03-19T09:00');
  });

  test('monthly on day 29: Outlook puts February on the 28th (and says so), DST in March and October', () => {
    const ics = calendar(
      vevent('m', 'DTSTART;TZID=Europe/Oslo:20260129T120000\nDURATION:PT1H\nRRULE:FREQ=MONTHLY;BYMONTHDAY=29'),
    );
    const spring = expand(ics, '2026-02-01', '2026-04-01');
    assert.deepEqual(starts(spring), ['2026-02-28T12:00 2026-02-28T11:00', '2026-03-29T12:00 2026-03-29T10:00']);
    assert.deepEqual(
      spring.problems.map((p) => p.message),
      ['day 29 is missing in some months; Outlook uses their last day (first 2026-02-28), RFC 5545 skips them'],
    );
    assert.deepEqual(starts(expand(ics, '2026-09-01', '2026-11-01')), [
      '2026-09-29T12:00 2026-09-29T10:00',
      '2026-10-29T12:00 2026-10-29T11:00',
    ]);
  });

  test('monthly-nth, prefix form: last Sunday of the month is the DST day itself', () => {
    const ics = calendar(
      vevent('n', 'DTSTART;TZID=Europe/Oslo:20260125T100000\nDURATION:PT1H\nRRULE:FREQ=MONTHLY;BYDAY=-1SU'),
    );
    assert.deepEqual(starts(expand(ics, '2026-02-01', '2026-05-01')), [
      '2026-02-22T10:00 2026-02-22T09:00',
      '2026-03-29T10:00 2026-03-29T08:00',
      '2026-04-26T10:00 2026-04-26T08:00',
    ]);
    assert.deepEqual(starts(expand(ics, '2026-09-01', '2026-12-01')), [
      '2026-09-27T10:00 2026-09-27T08:00',
      '2026-10-25T10:00 2026-10-25T09:00',
      '2026-11-29T10:00 2026-11-29T09:00',
    ]);
  });

  test('monthly-nth, BYSETPOS form: the last weekday (MO–FR) of the month', () => {
    const ics = calendar(
      vevent(
        's',
        'DTSTART;TZID=Europe/Oslo:20260227T160000\nDURATION:PT1H\nRRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1',
      ),
    );
    assert.deepEqual(starts(expand(ics, '2026-02-01', '2026-04-01')), [
      '2026-02-27T16:00 2026-02-27T15:00',
      '2026-03-31T16:00 2026-03-31T14:00',
    ]);
    assert.deepEqual(starts(expand(ics, '2026-10-01', '2026-12-01')), [
      '2026-10-30T16:00 2026-10-30T15:00',
      '2026-11-30T16:00 2026-11-30T15:00',
    ]);
  });

  test('yearly on a month day: 28 March and 25 October over three years', () => {
    const ics = calendar(
      [
        vevent('y-mar', 'DTSTART;TZID=Europe/Oslo:20260328T120000\nDURATION:PT1H\nRRULE:FREQ=YEARLY'),
        vevent(
          'y-oct',
          'DTSTART;TZID=Europe/Oslo:20261025T120000\nDURATION:PT1H\nRRULE:FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=25',
        ),
      ].join('\n'),
    );
    const r = expand(ics, '2026-01-01', '2029-01-01');
    assert.deepEqual(
      r.occurrences.map((o) => `${o.uid} ${o.start} ${o.startUtc?.toISOString().slice(0, 16)}`),
      [
        'y-mar 2026-03-28T12:00 2026-03-28T11:00', // Saturday, still CET
        'y-oct 2026-10-25T12:00 2026-10-25T11:00', // the day CET returns
        'y-mar 2027-03-28T12:00 2027-03-28T10:00', // the DST day of 2027
        'y-oct 2027-10-25T12:00 2027-10-25T10:00', // CEST until 31 October 2027
        'y-mar 2028-03-28T12:00 2028-03-28T10:00', // CEST from 26 March 2028
        'y-oct 2028-10-25T12:00 2028-10-25T10:00', // CEST until 29 October 2028
      ],
    );
    assert.deepEqual(r.problems, []);
  });

  test('yearly-nth in both forms: last Sunday of March at noon, last Sunday of October at 01:00 (still CEST)', () => {
    const ics = calendar(
      [
        vevent(
          'yn-mar',
          'DTSTART;TZID=Europe/Oslo:20260329T120000\nDURATION:PT1H\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
        ),
        vevent(
          'yn-oct',
          'DTSTART;TZID=Europe/Oslo:20261025T010000\nDURATION:PT1H\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=SU;BYSETPOS=-1',
        ),
      ].join('\n'),
    );
    assert.deepEqual(
      expand(ics, '2026-01-01', '2029-01-01').occurrences.map(
        (o) => `${o.uid} ${o.start} ${o.startUtc?.toISOString().slice(0, 16)}`,
      ),
      [
        'yn-mar 2026-03-29T12:00 2026-03-29T10:00',
        'yn-oct 2026-10-25T01:00 2026-10-24T23:00',
        'yn-mar 2027-03-28T12:00 2027-03-28T10:00',
        'yn-oct 2027-10-31T01:00 2027-10-30T23:00',
        'yn-mar 2028-03-26T12:00 2028-03-26T10:00',
        'yn-oct 2028-10-29T01:00 2028-10-28T23:00',
      ],
    );
  });

  test('all-day weekly event: dates only, no instant', () => {
    const ics = calendar(
      vevent('ad', 'DTSTART;VALUE=DATE:20260328\nDTEND;VALUE=DATE:20260329\nRRULE:FREQ=WEEKLY;COUNT=2'),
    );
    const r = expand(ics, '2026-03-01', '2026-05-01');
    assert.deepEqual(
      r.occurrences.map((o) => [o.start, o.end, o.startUtc]),
      [
        ['2026-03-28', '2026-03-29', undefined],
        ['2026-04-04', '2026-04-05', undefined],
      ],
    );
  });

  const NOT_MAPPABLE = [
    'FREQ=MONTHLY;BYDAY=3WE;BYMONTH=1,2,3,4,5,6,8,9,10,11,12',
    'FREQ=MONTHLY;BYDAY=WE;BYMONTHDAY=16,17,18,19,20,21,22',
    'FREQ=MONTHLY;BYDAY=2TU,4TU',
    'FREQ=YEARLY;BYMONTH=3,6,9,12;BYDAY=1SA',
    'FREQ=MONTHLY;BYDAY=5FR',
  ];

  for (const rule of NOT_MAPPABLE) {
    test(`${rule} fits no template: the series and its override are dropped`, () => {
      assert.ok('reason' in outlookTemplate(rule), rule);
      const ics = calendar(
        [
          // A one-off beside it shows that only the series goes.
          vevent('kept', 'DTSTART;TZID=Europe/Oslo:20260305T100000\nDURATION:PT1H'),
          vevent('series', `DTSTART;TZID=Europe/Oslo:20260101T100000\nDURATION:PT1H\nRRULE:${rule}`),
          vevent(
            'series',
            'RECURRENCE-ID;TZID=Europe/Oslo:20260121T100000\nDTSTART;TZID=Europe/Oslo:20260122T100000\nDURATION:PT1H',
          ),
        ].join('\n'),
      );
      const r = expand(ics, '2025-01-01', '2028-01-01');
      assert.deepEqual(
        r.occurrences.map((o) => o.uid),
        ['kept'],
      );
      assert.deepEqual(
        r.dropped.map((d) => d.uid),
        ['series'],
      );
      assert.match(r.dropped[0]!.reason, /fits no Outlook template/);
    });
  }

  test('mappable rules get the template they fit', () => {
    const cases: [string, string][] = [
      ['FREQ=MONTHLY;BYDAY=4TU', 'monthly-nth'],
      ['FREQ=MONTHLY;BYDAY=TU;BYSETPOS=4', 'monthly-nth'],
      ['FREQ=YEARLY;BYMONTH=6;BYDAY=3WE', 'yearly-nth'],
      ['FREQ=MONTHLY;INTERVAL=3;BYDAY=-1FR', 'monthly-nth'],
      ['FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH', 'weekly'],
      ['FREQ=DAILY;COUNT=999;BYHOUR=9;BYMINUTE=30;WKST=SU', 'daily'],
      ['FREQ=WEEKLY;UNTIL=20261231T225959Z', 'weekly'],
      ['FREQ=MONTHLY;BYMONTHDAY=-1', 'monthly'],
      ['FREQ=MONTHLY', 'monthly'],
      ['FREQ=YEARLY', 'yearly'],
      ['FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29', 'yearly'],
      ['FREQ=YEARLY;BYMONTH=9;BYDAY=SA,SU;BYSETPOS=1', 'yearly-nth'],
      ['FREQ=MONTHLY;BYDAY=SU,MO,TU,WE,TH,FR,SA;BYSETPOS=2', 'monthly-nth'],
    ];
    assert.deepEqual(
      cases.map(([rule]) => [
        rule,
        'template' in outlookTemplate(rule) ? outlookTemplate(rule) : outlookTemplate(rule),
      ]),
      cases.map(([rule, template]) => [rule, { template }]),
    );
  });

  test('rules gromox or the template grammar reject are not mappable', () => {
    const rules = [
      'FREQ=HOURLY',
      'FREQ=DAILY;BYDAY=MO,TU', // gromox E-2810
      'FREQ=DAILY;COUNT=1000', // template COUNT has three digits
      'FREQ=DAILY;INTERVAL=1000', // gromox E-2811
      'FREQ=WEEKLY;BYDAY=1MO', // gromox E-2845
      'FREQ=WEEKLY;INTERVAL=100', // gromox E-2813
      'FREQ=MONTHLY;BYDAY=TU', // no nth: every Tuesday
      'FREQ=MONTHLY;BYSETPOS=1', // gromox E-2832
      'FREQ=MONTHLY;BYDAY=MO,WE;BYSETPOS=1', // not one of the four weekday sets
      'FREQ=MONTHLY;BYDAY=TU;BYSETPOS=5', // gromox E-2816
      'FREQ=MONTHLY;BYDAY=TU;BYSETPOS=1,3', // gromox E-2803
      'FREQ=MONTHLY;BYMONTHDAY=-2', // gromox E-2818
      'FREQ=MONTHLY;BYMONTHDAY=1,15', // gromox E-2802
      'FREQ=YEARLY;BYDAY=1SU', // gromox E-2822: no month
      'FREQ=YEARLY;INTERVAL=9', // gromox E-2819
      'FREQ=YEARLY;BYYEARDAY=100', // gromox E-2801
      'FREQ=DAILY;BYSECOND=0', // not in the templates (gromox lets an idempotent one through)
      'FREQ=DAILY;BYHOUR=9,17',
    ];
    assert.deepEqual(
      rules.filter((r) => !('reason' in outlookTemplate(r))),
      [],
    );
  });

  test('EXDATE in UTC against a TZID series removes the Oslo date it falls on, and only that date', () => {
    // 23:30Z on 27 March is 00:30 on 28 March in Oslo. The second EXDATE has another time of day:
    // Outlook strips the time and removes 30 March anyway (MS-OXCICAL 2.1.3.1.1.20.13).
    const ics = calendar(
      vevent(
        'x',
        [
          'DTSTART;TZID=Europe/Oslo:20260327T003000',
          'DURATION:PT1H',
          'RRULE:FREQ=DAILY;COUNT=5',
          'EXDATE:20260327T233000Z',
          'EXDATE;TZID=Europe/Oslo:20260330T150000',
        ].join('\n'),
      ),
    );
    assert.deepEqual(starts(expand(ics, '2026-03-01', '2026-05-01')), [
      '2026-03-27T00:30 2026-03-26T23:30',
      '2026-03-29T00:30 2026-03-28T23:30',
      '2026-03-31T00:30 2026-03-30T22:30',
    ]);
  });

  const MASTER =
    'DTSTART;TZID=Europe/Oslo:20260101T180000\nDTEND;TZID=Europe/Oslo:20260101T200000\nRRULE:FREQ=WEEKLY;COUNT=5';
  const override = (rid: string, start: string, end: string) =>
    vevent(
      'o',
      `RECURRENCE-ID;TZID=Europe/Oslo:${rid}\nDTSTART;TZID=Europe/Oslo:${start}\nDTEND;TZID=Europe/Oslo:${end}`,
    );

  test('overrides replace their instance: another time the same day, another day between the neighbours', () => {
    const ics = calendar(
      [
        vevent('o', MASTER),
        override('20260108T180000', '20260108T070000', '20260108T080000'),
        override('20260115T180000', '20260113T093000', '20260113T113000'),
      ].join('\n'),
    );
    const r = expand(ics, '2026-01-01', '2026-02-01');
    assert.deepEqual(
      r.occurrences.map((o) => `${o.start}–${o.end}`),
      [
        '2026-01-01T18:00–2026-01-01T20:00',
        '2026-01-08T07:00–2026-01-08T08:00',
        '2026-01-13T09:30–2026-01-13T11:30',
        '2026-01-22T18:00–2026-01-22T20:00',
        '2026-01-29T18:00–2026-01-29T20:00',
      ],
    );
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.dropped, []);
  });

  test('an override that jumps past its neighbour, or onto its day, is reported', () => {
    const past = calendar(
      [vevent('o', MASTER), override('20260115T180000', '20260123T180000', '20260123T200000')].join('\n'),
    );
    const onto = calendar(
      [vevent('o', MASTER), override('20260115T180000', '20260108T090000', '20260108T100000')].join('\n'),
    );
    for (const [ics, moved] of [
      [past, '2026-01-23'],
      [onto, '2026-01-08'],
    ] as const) {
      const r = expand(ics, '2026-01-01', '2026-02-01');
      assert.deepEqual(
        r.problems.map((p) => [p.kind, p.message]),
        [['override-placement', `override of 2026-01-15 moved to ${moved}, onto or past a neighbouring instance`]],
      );
    }
  });

  const NEW_YORK_TWO_RULES = `BEGIN:VTIMEZONE
TZID:America/New_York
BEGIN:DAYLIGHT
DTSTART:19870405T020000
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU;UNTIL=20060402T070000Z
END:DAYLIGHT
BEGIN:STANDARD
DTSTART:19671029T020000
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU;UNTIL=20061029T060000Z
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:20070311T020000
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
END:DAYLIGHT
BEGIN:STANDARD
DTSTART:20071104T020000
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
END:STANDARD
END:VTIMEZONE`;

  test('a VTIMEZONE with two rule pairs is reduced to the latest pair, also for dates under the older rules', () => {
    const ics = calendar(
      [
        vevent('ny-2006-03', 'DTSTART;TZID=America/New_York:20060320T090000\nDURATION:PT1H'),
        vevent('ny-2006-10', 'DTSTART;TZID=America/New_York:20061030T090000\nDURATION:PT1H'),
        vevent('ny-2026-03', 'DTSTART;TZID=America/New_York:20260320T090000\nDURATION:PT1H'),
      ].join('\n'),
      NEW_YORK_TWO_RULES,
    );
    const r = expand(ics, '2006-01-01', '2027-01-01');
    // In 2006 New York was on EST (-05:00) on both dates; the 2007 rules put them in EDT.
    assert.deepEqual(starts(r), [
      '2006-03-20T09:00 2006-03-20T13:00',
      '2006-10-30T09:00 2006-10-30T13:00',
      '2026-03-20T09:00 2026-03-20T13:00',
    ]);
    assert.ok(r.problems.some((p) => p.kind === 'vtimezone-reduced' && p.uid === 'ny-2006-03'));
  });

  const SAO_PAULO_2019 = `BEGIN:VTIMEZONE
TZID:America/Sao_Paulo
BEGIN:DAYLIGHT
DTSTART:20081019T000000
TZOFFSETFROM:-0300
TZOFFSETTO:-0200
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=3SU;UNTIL=20171015T030000Z
END:DAYLIGHT
BEGIN:DAYLIGHT
DTSTART:20181104T000000
TZOFFSETFROM:-0300
TZOFFSETTO:-0200
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU;UNTIL=20181104T030000Z
END:DAYLIGHT
BEGIN:STANDARD
DTSTART:20090215T000000
TZOFFSETFROM:-0200
TZOFFSETTO:-0300
RRULE:FREQ=YEARLY;BYMONTH=2;BYDAY=3SU;UNTIL=20180218T020000Z
END:STANDARD
BEGIN:STANDARD
DTSTART:20190217T000000
TZOFFSETFROM:-0200
TZOFFSETTO:-0300
RRULE:FREQ=YEARLY;BYMONTH=2;BYDAY=3SU;UNTIL=20190217T020000Z
END:STANDARD
END:VTIMEZONE`;

  test('Sao Paulo after 2019: the latest pair keeps a DST Brazil abolished, so Outlook is an hour off', () => {
    const ics = calendar(
      [
        vevent('sp-2017', 'DTSTART;TZID=America/Sao_Paulo:20171215T100000\nDURATION:PT1H'),
        vevent('sp-2026', 'DTSTART;TZID=America/Sao_Paulo:20261215T100000\nDURATION:PT1H'),
      ].join('\n'),
      SAO_PAULO_2019,
    );
    const r = expand(ics, '2017-01-01', '2027-01-01');
    const outlook = new Map(r.occurrences.map((o) => [o.uid, o.startUtc?.toISOString()]));
    // The real history, from the ICU zone data.
    const real = (local: string) =>
      DateTime.fromISO(local, { zone: 'America/Sao_Paulo' }).toUTC().toISO({ suppressMilliseconds: true });
    assert.equal(real('2017-12-15T10:00'), '2017-12-15T12:00:00Z');
    assert.equal(outlook.get('sp-2017'), '2017-12-15T12:00:00.000Z');
    assert.equal(real('2026-12-15T10:00'), '2026-12-15T13:00:00Z');
    assert.equal(outlook.get('sp-2026'), '2026-12-15T12:00:00.000Z');
  });

  test('busy status: X-MICROSOFT-CDO-BUSYSTATUS, then TRANSP, then STATUS', () => {
    const cases: [string, string, string, boolean][] = [
      ['cdo-first', 'X-MICROSOFT-CDO-BUSYSTATUS:FREE\nTRANSP:OPAQUE\nSTATUS:TENTATIVE', 'free', false],
      ['cdo-tentative', 'X-MICROSOFT-CDO-BUSYSTATUS:TENTATIVE\nTRANSP:TRANSPARENT', 'tentative', true],
      ['transp-second', 'TRANSP:TRANSPARENT\nSTATUS:TENTATIVE', 'free', false],
      ['unknown-cdo', 'X-MICROSOFT-CDO-BUSYSTATUS:MAYBE\nTRANSP:OPAQUE\nSTATUS:TENTATIVE', 'busy', false],
      ['status-last', 'STATUS:TENTATIVE', 'tentative', true],
      ['cancelled', 'STATUS:CANCELLED', 'free', false],
      ['nothing', '', 'busy', false],
    ];
    const ics = calendar(
      cases
        .map(([uid, lines]) => vevent(uid, `DTSTART;TZID=Europe/Oslo:20260310T100000\nDURATION:PT1H\n${lines}`))
        .join('\n'),
    );
    const r = expand(ics, '2026-03-01', '2026-04-01');
    assert.deepEqual(
      cases
        .map(([uid]) => r.occurrences.find((o) => o.uid === uid))
        .map((o) => [o?.uid, o?.busyStatus, o?.tentativeVisible]),
      cases.map(([uid, , busy, tentative]) => [uid, busy, tentative]),
    );
  });

  test('a title that says tentative makes it visible even when Outlook shows free', () => {
    const ics = calendar(
      [
        vevent('t', 'DTSTART;TZID=Europe/Oslo:20260310T100000\nDURATION:PT1H\nX-MICROSOFT-CDO-BUSYSTATUS:FREE').replace(
          'SUMMARY:t',
          'SUMMARY:Foreløpig: oppgradering',
        ),
        vevent('u', 'DTSTART;TZID=Europe/Oslo:20260310T100000\nDURATION:PT1H\nX-MICROSOFT-CDO-BUSYSTATUS:FREE').replace(
          'SUMMARY:u',
          'SUMMARY:Oppgradering',
        ),
      ].join('\n'),
    );
    assert.deepEqual(
      expand(ics, '2026-03-01', '2026-04-01').occurrences.map((o) => [o.summary, o.busyStatus, o.tentativeVisible]),
      [
        ['Foreløpig: oppgradering', 'free', true],
        ['Oppgradering', 'free', false],
      ],
    );
  });

  test('an override without busy lines keeps the master busy status; with its own it uses that', () => {
    const ics = calendar(
      [
        vevent('b', `${MASTER}\nX-MICROSOFT-CDO-BUSYSTATUS:FREE`),
        override('20260108T180000', '20260108T190000', '20260108T200000').replace('UID:o', 'UID:b'),
        override('20260115T180000', '20260115T190000', '20260115T200000')
          .replace('UID:o', 'UID:b')
          .replace('END:VEVENT', 'STATUS:TENTATIVE\nEND:VEVENT'),
      ].join('\n'),
    );
    assert.deepEqual(
      expand(ics, '2026-01-05', '2026-01-20').occurrences.map((o) => [o.start, o.busyStatus]),
      [
        ['2026-01-08T19:00', 'free'],
        ['2026-01-15T19:00', 'tentative'],
      ],
    );
  });

  test('DTSTART off the pattern: Outlook shows the pattern only (COUNT loses DTSTART) and it is reported', () => {
    // 20 January 2026 is a Tuesday, not the last Sunday.
    const ics = calendar(
      vevent('off', 'DTSTART;TZID=Europe/Oslo:20260120T100000\nDURATION:PT1H\nRRULE:FREQ=MONTHLY;BYDAY=-1SU;COUNT=3'),
    );
    const r = expand(ics, '2026-01-01', '2027-01-01');
    assert.deepEqual(
      r.occurrences.map((o) => o.start),
      ['2026-01-25T10:00', '2026-02-22T10:00'],
    );
    assert.deepEqual(
      r.problems.map((p) => p.kind),
      ['dtstart-not-occurrence'],
    );
  });

  test('RDATE and an undeclared TZID are reported; the floating event has no instant', () => {
    const ics = calendar(
      [
        vevent(
          'r',
          'DTSTART;TZID=Europe/Oslo:20260310T100000\nDURATION:PT1H\nRRULE:FREQ=DAILY;COUNT=2\nRDATE;TZID=Europe/Oslo:20260320T100000',
        ),
        vevent('f', 'DTSTART;TZID=Europe/Berlin:20260310T100000\nDURATION:PT1H'),
      ].join('\n'),
    );
    const r = expand(ics, '2026-03-01', '2026-04-01');
    assert.deepEqual(
      r.occurrences.map((o) => [o.uid, o.start, o.startUtc?.toISOString()]),
      [
        ['f', '2026-03-10T10:00', undefined],
        ['r', '2026-03-10T10:00', '2026-03-10T09:00:00.000Z'],
        ['r', '2026-03-11T10:00', '2026-03-11T09:00:00.000Z'],
      ],
    );
    assert.deepEqual(r.problems.map((p) => [p.uid, p.kind]).sort(), [
      ['f', 'undeclared-tzid'],
      ['r', 'rdate'],
    ]);
  });

  test('outlookProblems lists what a whole calendar loses in Outlook, and nothing for a clean one', () => {
    const clean = calendar(
      vevent('ok', 'DTSTART;TZID=Europe/Oslo:20260127T100000\nDURATION:PT1H\nRRULE:FREQ=MONTHLY;BYDAY=4TU'),
    );
    assert.deepEqual(outlookProblems(clean), []);
    const bad = calendar(
      [
        vevent('gone', 'DTSTART;TZID=Europe/Oslo:20260101T100000\nDURATION:PT1H\nRRULE:FREQ=MONTHLY;BYDAY=2TU,4TU'),
        vevent(
          'exd',
          'DTSTART;TZID=Europe/Oslo:20260101T100000\nDURATION:PT1H\nEXDATE;TZID=Europe/Oslo:20260101T100000',
        ),
      ].join('\n'),
    );
    assert.deepEqual(outlookProblems(bad), [
      'gone: dropped: RRULE FREQ=MONTHLY;BYDAY=2TU,4TU fits no Outlook template: BYDAY=2TU,4TU is not one nth weekday',
      'exd: exdate-without-rrule: EXDATE without RRULE is ignored (MS-OXCICAL 2.1.3.1.1.20.13)',
    ]);
  });
});
