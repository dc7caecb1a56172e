import { describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { parseSchedule } from '../../src/schedule-file/parse-schedule.js';
import assert from 'node:assert/strict';
import { renderFeeds } from '../../src/feeds/feed-set.js';
import { publishingMonth } from '../../src/time/horizon.js';
import { encodeSchedule, reviveSchedule } from '../../src/feeds/schedule-transfer.js';
import { EDGE_CASES, ROOT, scheduleFrom, SHIPPED } from '../helpers/load.js';

const files = {
  shipped: SHIPPED,
  'edge cases': EDGE_CASES,
  'parser fixture valid.yaml': `${ROOT}test/schedule-file/fixtures/valid.yaml`,
  // Cancellations, holidays, depends-on, overlaps, announcement until: every field travels.
  'planning fixture': `${ROOT}test/planning/fixtures/planning.yaml`,
};

describe('schedule transfer (encodeSchedule, reviveSchedule)', () => {
  test('a schedule with a contact, aliases and depends-on survives the trip too', async () => {
    const text = readFileSync(SHIPPED, 'utf8').replace(
      '  holidays: NO\n',
      '  holidays: NO\n  contact: { name: Servicedesk, phone: "+47 61 18 90 00", email: servicedesk@example.no }\n',
    );
    const schedule = parseSchedule(text, 'contact.yaml').schedule;
    assert.equal(schedule.calendar.contact?.name, 'Servicedesk');
    assert.deepStrictEqual(await reviveSchedule(encodeSchedule(schedule)), schedule);
  });

  for (const [name, file] of Object.entries(files)) {
    test(`the ${name} schedule survives the trip from the load worker: revive(encode(s)) deep-equals s`, async () => {
      const schedule = scheduleFrom(file);
      const revived = await reviveSchedule(encodeSchedule(schedule));
      // Strict deep equality compares classes too: DateTimes (zone, offset, fields) and the rules'
      // rrule.js Weekdays are made again, not left as the plain objects postMessage would give.
      assert.deepStrictEqual(revived, schedule);
      // And the service renders the same bytes from it.
      const month = publishingMonth(new Date('2026-11-27T12:00:00Z'), schedule.calendar.timezone);
      assert.deepStrictEqual(renderFeeds(revived, month), renderFeeds(schedule, month));
    });
  }

  test('a revived schedule is revived in slices that let other work in between', async () => {
    // 450 windows: nine slices, so eight turns of the event loop in between.
    const schedule = scheduleFrom(SHIPPED);
    const many = {
      ...schedule,
      windows: Array.from({ length: 450 }, (_, i) => ({ ...schedule.windows[i % 5]!, id: `w${i}` })),
    };
    // Every turn of the event loop (where requests are read) runs this once.
    let turns = 0;
    let reviving = true;
    const count = () => {
      turns++;
      if (reviving) setImmediate(count);
    };
    setImmediate(count);
    const revived = await reviveSchedule(encodeSchedule(many));
    reviving = false;
    assert.deepStrictEqual(revived, many);
    assert.ok(turns >= 8, `${turns} turns of the event loop while reviving`);
  });
});
