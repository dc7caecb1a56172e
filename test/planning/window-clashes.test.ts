import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { clashWarnings } from '../../src/planning/window-clashes.js';
import { expandSchedule } from '../../src/occurrences/expand-window.js';
import type { Occurrence } from '../../src/occurrences/occurrence.js';
import { parseSchedule } from '../../src/schedule-file/parse-schedule.js';
import type { SchedulePositions } from '../../src/schedule-file/schedule-positions.js';
import { scheduleIndex } from '../../src/schedule/schedule-index.js';
import type { Schedule } from '../../src/schedule/schedule.js';

/**
 * The sweep as it was before it went by system: every occurrence against every one still
 * running, whatever its systems (quadratic in the occurrences at the same hour). The warnings
 * must stay exactly these.
 */
function reference(schedule: Schedule, positions: SchedulePositions, expanded: readonly Occurrence[]) {
  const zone = schedule.calendar.timezone;
  const index = scheduleIndex(schedule);
  const order = new Map(schedule.windows.map((w, i) => [w.id, i]));
  const pairs = new Map<string, { a: Occurrence; b: Occurrence; shared: string[] }[]>();
  let running: Occurrence[] = [];
  for (const o of expanded.filter((x) => !x.cancelled)) {
    running = running.filter((r) => r.end > o.start);
    for (const r of running) {
      if (r.window === o.window) continue;
      const shared = r.window.systems.filter((s) => o.window.systems.includes(s));
      if (shared.length === 0) continue;
      const [a, b] = order.get(r.window.id)! < order.get(o.window.id)! ? [r, o] : [o, r];
      if (a.window.overlaps?.includes(b.window.id) || b.window.overlaps?.includes(a.window.id)) continue;
      const key = `${a.window.id} ${b.window.id}`;
      pairs.set(key, [...(pairs.get(key) ?? []), { a, b, shared }]);
    }
    running.push(o);
  }
  const when = (o: Occurrence) =>
    o.allDay ? o.start.setZone(zone).toISODate()! : o.start.setZone(zone).toFormat('yyyy-MM-dd HH:mm');
  return [...pairs.values()].map((list) => {
    const { a, b } = list[0]!;
    const shared = [...new Set(list.flatMap((c) => c.shared))].map((s) => index.system(s).name);
    const dates = list.slice(0, 3).map((c) => `${when(c.a)} and ${when(c.b)}`);
    const more = list.length > 3 ? ` and ${list.length - 3} more` : '';
    return positions.problem(
      a.window.id,
      null,
      `${a.window.id} overlaps ${b.window.id} (${positions.where(b.window.id)}) on ${shared.join(', ')}: ${dates.join('; ')}${more}; add \`overlaps: [${b.window.id}]\` to acknowledge`,
    );
  });
}

const SYSTEMS = ['a', 'b', 'c', 'd'];
const window = fc.record({
  systems: fc.uniqueArray(fc.constantFrom(...SYSTEMS), { minLength: 1, maxLength: 3 }),
  kind: fc.constantFrom('once', 'weekly', 'day'),
  day: fc.integer({ min: 1, max: 6 }),
  hour: fc.integer({ min: 8, max: 20 }),
  minutes: fc.constantFrom(30, 60, 120, 600, 1500),
  overlaps: fc.option(fc.integer({ min: 0, max: 11 }), { nil: undefined }),
});

type GeneratedWindow = typeof window extends fc.Arbitrary<infer T> ? T : never;

function yaml(windows: GeneratedWindow[]): string {
  const lines = [
    'calendar: { name: T, timezone: Europe/Oslo, domain: t.example.no }',
    'providers: { p: { name: P } }',
    `systems: { ${SYSTEMS.map((s) => `${s}: { name: System ${s.toUpperCase()} }`).join(', ')} }`,
    'windows:',
  ];
  windows.forEach((w, i) => {
    const at = `2027-03-0${w.day}`;
    const time = `${String(w.hour).padStart(2, '0')}:00`;
    const timing =
      w.kind === 'once'
        ? `start: ${at}T${time}, duration: PT${w.minutes}M`
        : w.kind === 'day'
          ? `date: ${at}`
          : `repeat: FREQ=WEEKLY, from: ${at}, until: 2027-04-30, time: "${time}", duration: PT${w.minutes}M`;
    const overlaps =
      w.overlaps !== undefined && w.overlaps < windows.length && w.overlaps !== i ? `, overlaps: [w${w.overlaps}]` : '';
    lines.push(
      `  - { id: w${i}, title: W${i}, provider: p, systems: [${w.systems.join(', ')}], ${timing}${overlaps} }`,
    );
  });
  return lines.join('\n') + '\n';
}

describe('clashWarnings', () => {
  test('clash warnings swept by system are exactly those of one sweep over all occurrences', () => {
    let warned = 0;
    fc.assert(
      fc.property(fc.array(window, { minLength: 2, maxLength: 12 }), (windows) => {
        const { schedule, positions } = parseSchedule(yaml(windows), 'plan.yaml');
        const from = DateTime.fromISO('2027-03-01T00:00', { zone: 'Europe/Oslo' });
        const occurrences = expandSchedule(schedule, from, from.plus({ months: 3 }));
        const got = clashWarnings(schedule, positions, occurrences);
        if (got.length > 0) warned++;
        assert.deepEqual(got, reference(schedule, positions, occurrences));
      }),
      { numRuns: 300 },
    );
    assert.ok(warned > 100, `only ${warned} of 300 schedules had a clash`);
  });
});
