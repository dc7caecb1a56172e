import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { FeedSet } from '../../src/feeds/feed-set.js';
import { parseSchedule } from '../../src/schedule/parse-schedule.js';
import { ScheduleError } from '../../src/schedule/schedule-error.js';

const shipped = readFileSync('config/schedule.yaml', 'utf8');
const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);

/** The loader's whole contract on any input: a schedule whose feeds render and pass, or positioned errors. */
function loadsOrExplains(text: string): void {
  const started = performance.now();
  try {
    const { schedule } = parseSchedule(text, 'fuzz.yaml');
    new FeedSet(schedule); // renders and runs the structural checks; throws if any fails
  } catch (err) {
    if (!(err instanceof ScheduleError)) throw err;
    assert.ok(err.problems.length > 0);
    for (const p of err.problems) {
      assert.equal(p.file, 'fuzz.yaml');
      assert.ok(Number.isInteger(p.line) && p.line >= 1 && Number.isInteger(p.col) && p.col >= 1, `${p.line}:${p.col}`);
      assert.ok(p.message.trim().length > 0);
    }
  }
  assert.ok(performance.now() - started < 5000, 'took more than 5 s');
}

test('fuzz: arbitrary text never throws anything but a positioned schedule error', () => {
  fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), loadsOrExplains), { numRuns: RUNS });
});

test('fuzz: mutations of the shipped schedule load or explain themselves', () => {
  const lines = shipped.split('\n');
  const mutation = fc.oneof(
    fc
      .tuple(fc.nat(lines.length - 1), fc.nat(5))
      .map(([at, n]) => [...lines.slice(0, at), ...lines.slice(at + n)].join('\n')),
    fc
      .tuple(fc.nat(lines.length - 1), fc.nat(lines.length - 1))
      .map(([a, b]) => lines.map((l, i) => (i === a ? lines[b] : i === b ? lines[a] : l)).join('\n')),
    fc
      .tuple(fc.nat(shipped.length), fc.string({ maxLength: 12 }))
      .map(([at, s]) => shipped.slice(0, at) + s + shipped.slice(at)),
    fc
      .tuple(
        fc.nat(shipped.length),
        fc.constantFrom(
          '\t',
          ':',
          '- ',
          '"',
          "'",
          '&a ',
          '*a',
          '{',
          '[',
          '#',
          '\n  ',
          'FREQ=SECONDLY;',
          '02:30',
          '2022-02-30',
        ),
      )
      .map(([at, s]) => shipped.slice(0, at) + s + shipped.slice(at)),
  );
  fc.assert(fc.property(mutation, loadsOrExplains), { numRuns: RUNS });
});

test('fuzz: arbitrary YAML structures load or explain themselves', () => {
  const value = fc.anything({
    maxDepth: 4,
    withNullPrototype: false,
    withMap: false,
    withSet: false,
    withBigInt: false,
    withDate: false,
    withTypedArray: false,
    withSparseArray: false,
    withBoxedValues: false,
  });
  const scheduleLike = fc.record(
    {
      calendar: value,
      providers: value,
      systems: value,
      windows: fc.array(
        fc.dictionary(
          fc.constantFrom(
            'id',
            'title',
            'provider',
            'systems',
            'start',
            'end',
            'repeat',
            'from',
            'time',
            'duration',
            'date',
            'days',
            'except',
            'moved',
          ),
          value,
        ),
        { maxLength: 3 },
      ),
    },
    { requiredKeys: [] },
  );
  fc.assert(
    fc.property(fc.oneof(value, scheduleLike), (v) => loadsOrExplains(stringify(v) ?? '')),
    { numRuns: RUNS },
  );
});

test('an alias bomb is refused with a position, not expanded', () => {
  const bomb = [
    'a: &a ["x","x","x","x","x","x","x","x","x"]',
    ...Array.from(
      { length: 9 },
      (_, i) =>
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(',')}]`,
    ),
  ].join('\n');
  assert.throws(
    () => parseSchedule(bomb, 'bomb.yaml'),
    (err: unknown) => err instanceof ScheduleError && /^bomb\.yaml:\d+:\d+: /.test(err.message),
  );
});

test('limits: FREQ=SECONDLY, rules that explode, and too many windows are refused with a clear message', () => {
  const daily = shipped
    .replace('repeat: FREQ=MONTHLY;BYDAY=4TU', 'repeat: FREQ=DAILY')
    .replace('    from: 2022-01-01\n    time: "17:00"', '    from: 2022-01-01\n    time: "17:00"');
  assert.doesNotThrow(() => parseSchedule(daily, 'daily.yaml'), 'a daily window for 20 years is fine');
  const secondly = shipped.replace('repeat: FREQ=MONTHLY;BYDAY=4TU', 'repeat: FREQ=SECONDLY');
  assert.throws(
    () => parseSchedule(secondly, 's.yaml'),
    /s\.yaml:\d+:13: FREQ=SECONDLY is not supported: a maintenance window repeats at most daily/,
  );
  const window = (i: number) => `  - { id: w${i}, title: W, provider: ist, systems: [gat], date: 2022-06-13 }`;
  const many = shipped.replace(
    /windows:[\s\S]*$/,
    `windows:\n${Array.from({ length: 20_001 }, (_, i) => window(i)).join('\n')}\n`,
  );
  assert.throws(() => parseSchedule(many, 'many.yaml'), /many\.yaml:\d+:\d+: 20001 windows; the limit is 20000/);
});
