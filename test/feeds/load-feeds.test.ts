import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadText } from '../../src/feeds/load-feeds.js';
import { ScheduleError } from '../../src/schedule-file/schedule-error.js';

const schedule = (offset: string) => `calendar:
  name: Test
  timezone: Europe/Oslo
  domain: test.example.no
providers:
  drift: { name: Drift }
systems:
  gat: { name: GAT }
windows:
  - id: kort
    title: Kort
    provider: drift
    systems: [gat]
    start: 2026-12-01T17:00
    end: 2026-12-01T18:00
  - id: hver-uke
    title: Hver uke
    provider: drift
    systems: [gat]
    repeat: FREQ=WEEKLY;BYDAY=TU
    from: 2026-01-01
    time: "17:00"
    duration: PT1H${offset}
`;

describe('loadText', () => {
  test('regression: a schedule whose feeds grow to hundreds of megabytes is refused at the window that makes them, not rendered (gigabytes, or a RangeError)', () => {
    const now = new Date('2026-11-27T12:00:00Z');
    // As one series, the weekly window is a few hundred characters; with an offset Outlook has no
    // template for it, so each date up to the rolling end is an event of its own.
    assert.ok(loadText(Buffer.from(schedule('')), 'plan.yaml', now, { maxFeedChars: 5000 }));
    assert.throws(
      () => loadText(Buffer.from(schedule('\n    offset: P1D')), 'plan.yaml', now, { maxFeedChars: 5000 }),
      (err) => {
        assert.ok(err instanceof ScheduleError, String(err));
        const [first] = err.problems;
        assert.equal(first?.severity, 'error');
        assert.deepEqual([first?.file, first?.line, first?.col], ['plan.yaml', 20, 13]);
        assert.match(
          first.message,
          /^hver-uke is published as \d{2,} events \(\d+ kB of calendar text\); with the other windows the combined feed passes 5 kB, more than calendar programs take in\. Make it one series: a rule Outlook maps as written, without `offset`/,
        );
        return true;
      },
    );
  });
});
