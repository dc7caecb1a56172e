import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lintFeed, lintFeedText, validDate } from '../../src/ical/lint-feed.js';
import { expandWithIcalJs } from '../helpers/icaljs-expand.js';
import { EDGE_CASES, feedsFrom, feedText, SHIPPED } from '../helpers/load.js';

describe('the feed lint (lintFeed, lintFeedText, validDate)', () => {
  test('every feed of both schedules, custom ones included, passes every structural check', () => {
    for (const file of [SHIPPED, EDGE_CASES]) {
      const feeds = feedsFrom(file);
      const all = [...feeds.feeds, feeds.customFeed(feeds.schedule.systems.slice(0, 2).map((s) => s.id))];
      for (const feed of all) assert.deepEqual(lintFeed(feed.body), [], `${file} ${feed.definition.path}`);
    }
  });

  const good = feedText(feedsFrom(EDGE_CASES), 'feeds/all.ics');
  const checksOf = (text: string) => [...new Set(lintFeed(Buffer.from(text, 'utf8')).map((f) => f.check))];

  /** Each deliberately broken feed is refused by the check named after what it breaks. */
  const broken: [string, (ics: string) => string, string][] = [
    ['missing VTIMEZONE', (s) => s.replace(/BEGIN:VTIMEZONE[\s\S]*?END:VTIMEZONE\r\n/, ''), 'vtimezone-declared'],
    [
      'EXDATE in UTC',
      (s) => s.replace('EXDATE;TZID=Europe/Oslo:20220210T180000,20220512T180000', 'EXDATE:20220210T170000Z'),
      'exdate-form',
    ],
    [
      'EXDATE at another time than DTSTART',
      (s) => s.replace('EXDATE;TZID=Europe/Oslo:20220210T180000', 'EXDATE;TZID=Europe/Oslo:20220210T170000'),
      'exdate-form',
    ],
    ['an unfolded long line', (s) => s.replace(/\r\n /g, ''), 'fold-75'],
    ['bare LF line ends', (s) => s.replace(/\r\n/g, '\n'), 'crlf'],
    [
      'TIMEZONE-ID',
      (s) => s.replace('CALSCALE:GREGORIAN\r\n', 'CALSCALE:GREGORIAN\r\nTIMEZONE-ID:Europe/Oslo\r\n'),
      'known-properties',
    ],
    ['DTSTAMP without Z', (s) => s.replace(/DTSTAMP:(\d{8}T\d{6})Z/, 'DTSTAMP:$1'), 'utc-stamps'],
    ['UNTIL in local time', (s) => s.replace(/UNTIL=(\d{8}T\d{6})Z/, 'UNTIL=$1'), 'utc-stamps'],
    [
      'a floating DTSTART',
      (s) => s.replace('DTSTART;TZID=Europe/Oslo:20220326T120000', 'DTSTART:20220326T120000'),
      'no-floating',
    ],
    [
      'two DTSTARTs',
      (s) =>
        s.replace(
          'DTSTART;TZID=Europe/Oslo:20220326T120000',
          'DTSTART;TZID=Europe/Oslo:20220326T120000\r\nDTSTART:20220326T110000Z',
        ),
      'one-dtstart',
    ],
    [
      'RDATE',
      (s) =>
        s.replace(
          'DTSTART;TZID=Europe/Oslo:20220326T120000',
          'DTSTART;TZID=Europe/Oslo:20220326T120000\r\nRDATE;TZID=Europe/Oslo:20220327T120000',
        ),
      'no-rdate',
    ],
    ['a UID used twice', (s) => s.replace('UID:alt@test.example.no', 'UID:romjul@test.example.no'), 'uid-unique'],
    [
      'RECURRENCE-ID in UTC',
      (s) => s.replace('RECURRENCE-ID;TZID=Europe/Oslo:20220310T180000', 'RECURRENCE-ID:20220310T170000Z'),
      'recurrence-id-form',
    ],
    [
      'all-day DTEND not after DTSTART',
      (s) => s.replace('DTEND;VALUE=DATE:20221230', 'DTEND;VALUE=DATE:20221227'),
      'all-day-dtend',
    ],
    ['METHOD:REQUEST', (s) => s.replace('METHOD:PUBLISH', 'METHOD:REQUEST'), 'method'],
    ['an unescaped comma', (s) => s.replace('SUMMARY:Alt er nede', 'SUMMARY:Alt, er nede'), 'text-escaping'],
    [
      'a VTIMEZONE of single dates',
      (s) => s.replace('RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU', 'RDATE:20220327T020000'),
      'vtimezone-shape',
    ],
    ['two calendars', (s) => s + s, 'one-vcalendar'],
    ['a BEL in a SUMMARY', (s) => s.replace('SUMMARY:Alt er nede', 'SUMMARY:Alt er\u0007 nede'), 'control-chars'],
    [
      'a 5-digit year (9999-12-31T23:00 + P31D)',
      (s) => s.replace(/DTEND;TZID=Europe\/Oslo:\d{8}T\d{6}/, 'DTEND;TZID=Europe/Oslo:100000131T230000'),
      'date-values',
    ],
    [
      'REFRESH-INTERVAL in months',
      (s) => s.replace('REFRESH-INTERVAL;VALUE=DURATION:PT1H', 'REFRESH-INTERVAL;VALUE=DURATION:P1M'),
      'duration-values',
    ],
  ];

  for (const [name, breakIt, check] of broken) {
    test(`a feed with ${name} fails the ${check} check`, () => {
      const text = breakIt(good);
      assert.notEqual(text, good, 'the fixture changed; the breakage no longer applies');
      assert.ok(checksOf(text).includes(check), `checks failed: ${checksOf(text).join(', ') || 'none'}`);
      // The same findings from the text as from its bytes (loads lint the text, lintFeedText).
      assert.deepEqual(lintFeedText(text), lintFeed(Buffer.from(text, 'utf8')));
    });
  }

  test('regression: two calendars are one finding, one-vcalendar, not also a uid-unique for each event (the one-pass lint checked them)', () => {
    assert.deepEqual(checksOf(good + good), ['one-vcalendar']);
    assert.deepEqual(lintFeedText(good + good), lintFeed(Buffer.from(good + good, 'utf8')));
  });

  test('a fold inside a UTF-8 character fails the utf8-fold check', () => {
    const bytes = Buffer.from(good, 'utf8');
    const at = bytes.indexOf(Buffer.from('søndag', 'utf8')) + 2; // between the two bytes of ø
    const split = Buffer.concat([bytes.subarray(0, at), Buffer.from('\r\n '), bytes.subarray(at)]);
    assert.deepEqual(
      lintFeed(split).map((f) => f.check),
      ['utf8-fold', 'utf8'],
    );
  });

  test('regression: without its VTIMEZONE the feed is an hour off in ical.js (why vtimezone-declared exists)', () => {
    const text = good.replace(/BEGIN:VTIMEZONE[\s\S]*?END:VTIMEZONE\r\n/, '');
    const start = (ics: string) =>
      expandWithIcalJs(ics, '2022-03-26', '2022-03-27').find((o) => o.uid.startsWith('alt@'))!.start;
    assert.equal(start(good), '2022-03-26T12:00');
    assert.notEqual(start(text), '2022-03-26T12:00');
  });

  test('regression: U+2028/U+2029 in a SUMMARY are text, not line ends (the lint refused such feeds)', () => {
    const text = good.replace('SUMMARY:Alt er nede', 'SUMMARY:Alt\u2028er\u2029nede');
    assert.notEqual(text, good);
    assert.deepEqual(checksOf(text), []);
  });

  test('findings name the physical line they are on (the scans that find them run over the whole feed first)', () => {
    const lines = good.split('\r\n');
    const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;
    const bytes = Buffer.from(good, 'utf8');
    const at = bytes.indexOf(Buffer.from('søndag', 'utf8')) + 2;
    const split = Buffer.concat([bytes.subarray(0, at), Buffer.from('\r\n '), bytes.subarray(at)]);
    assert.equal(lintFeed(split).find((f) => f.check === 'utf8-fold')?.line, lineOf('søndag') + 1);
    const bell = good.replace('SUMMARY:Alt er nede', 'SUMMARY:Alt er\u0007 nede');
    const control = lintFeed(Buffer.from(bell, 'utf8')).find((f) => f.check === 'control-chars');
    assert.equal(control?.line, lineOf('SUMMARY:Alt er nede'));
    const bare = good.replace('SUMMARY:Alt er nede', 'SUMMARY:Alt er\rnede');
    assert.equal(
      lintFeed(Buffer.from(bare, 'utf8')).find((f) => f.check === 'crlf')?.line,
      lineOf('SUMMARY:Alt er nede'),
    );
    const long = good.replace('SUMMARY:Alt er nede', `SUMMARY:${'æ'.repeat(40)}`);
    assert.equal(
      lintFeed(Buffer.from(long, 'utf8')).find((f) => f.check === 'fold-75')?.line,
      lineOf('SUMMARY:Alt er nede'),
    );
  });

  test('date-values: 29 February only in leap years (2000 and 2024, not 2100 or 2023), and no 31 April', () => {
    const withStart = (date: string) =>
      checksOf(good.replace('DTSTART;TZID=Europe/Oslo:20220326T120000', `DTSTART;TZID=Europe/Oslo:${date}T120000`));
    assert.ok(good.includes('DTSTART;TZID=Europe/Oslo:20220326T120000'), 'the fixture changed');
    for (const ok of ['20000229', '20240229', '20221231', '21991231']) assert.deepEqual(withStart(ok), [], ok);
    for (const bad of ['21000229', '20230229', '20220431', '20221301', '20220100', '20220001'])
      assert.ok(withStart(bad).includes('date-values'), bad);
  });

  test('lintFeedText: the findings of lintFeed, and a fold that splits a surrogate pair', () => {
    assert.deepEqual(lintFeedText(good), []);
    const at = good.indexOf('SUMMARY:Alt er nede');
    assert.ok(at > 0, 'the fixture changed');
    const emoji = good.replace('SUMMARY:Alt er nede', 'SUMMARY:Alt er nede \u{1F527}');
    assert.deepEqual(lintFeedText(emoji), []);
    const split = emoji.replace('\u{1F527}', '\uD83D\r\n \uDD27');
    const line = good.slice(0, at).split('\r\n').length;
    assert.deepEqual(
      lintFeedText(split).map((f) => [f.check, f.line]),
      [['utf8-fold', line]],
    );
  });

  test('validDate, read by character codes, agrees with the RFC 5545 patterns and the calendar', () => {
    // The reference: the patterns, and a Date for the day (proleptic Gregorian, as RFC 5545).
    const reference = (value: string, dateOnly: boolean) => {
      const m = (
        dateOnly ? /^(\d{4})(\d{2})(\d{2})$/ : /^(\d{4})(\d{2})(\d{2})T([01]\d|2[0-3])([0-5]\d)([0-5]\d|60)Z?$/
      ).exec(value);
      if (!m) return false;
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const day = new Date(Date.UTC(2000, mo - 1, d));
      day.setUTCFullYear(y);
      return mo >= 1 && mo <= 12 && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d;
    };
    const digits = (n: number, max: number) => fc.integer({ min: 0, max }).map((v) => String(v).padStart(n, '0'));
    const plausible = fc
      .tuple(digits(4, 9999), digits(2, 13), digits(2, 32), digits(2, 25), digits(2, 61), digits(2, 61), fc.boolean())
      .map(([y, mo, d, h, mi, s, z]) => `${y}${mo}${d}T${h}${mi}${s}${z ? 'Z' : ''}`);
    const noise = fc.stringOf(fc.constantFrom('0', '1', '2', '9', 'T', 'Z', '/', ':', ' '), { maxLength: 17 });
    fc.assert(
      fc.property(
        fc.oneof(
          plausible,
          plausible.map((v) => v.slice(0, 8)),
          noise,
        ),
        fc.boolean(),
        (value, dateOnly) => {
          assert.equal(validDate(value, dateOnly), reference(value, dateOnly), `${value} ${dateOnly}`);
        },
      ),
      { numRuns: 20_000 },
    );
  });
});
