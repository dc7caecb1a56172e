import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseSchedule, parseSource } from '../../src/schedule/parse-schedule.js';
import { CORE_FIRST, CORE_PATTERNS, PositionsNeeded } from '../../src/schedule/plain-yaml.js';
import fc from 'fast-check';
import { formatProblem, ScheduleError } from '../../src/schedule/schedule-error.js';
import { YamlSource } from '../../src/schedule/yaml-source.js';
import { isMap, isNode, isPair, isScalar, isSeq, type Scalar } from 'yaml';

const VALID = ['config/schedule.yaml', 'test/fixtures/edge-cases.yaml', 'test/schedule/fixtures/valid.yaml'];

test('a valid schedule read without positions is the one read with them', () => {
  for (const file of VALID) {
    const text = readFileSync(file, 'utf8');
    const fast = parseSource(new YamlSource(file, text, false));
    const tree = parseSource(new YamlSource(file, text));
    // Only the reading with positions knows where windows are (check and diff ask for it).
    assert.deepEqual(fast.schedule, tree.schedule, file);
    assert.deepEqual(fast.warnings, tree.warnings, file);
  }
});

const shipped = readFileSync('config/schedule.yaml', 'utf8');
const readFast = (text: string) => parseSource(new YamlSource('s.yaml', text, false));

test('YAML the two parsers could read differently is read with positions', () => {
  const differently = {
    // An alias to a text is a copy in js-yaml and an alias node (not a text) in `yaml`.
    alias: shipped.replace('name: Planlagt nedetid IKT', 'name: &n Planlagt nedetid IKT'),
    // YAML 1.1 reads yes as true and 1:30 as a number.
    directive: `%YAML 1.1\n---\n${shipped}`,
    tag: shipped.replace('timezone: Europe/Oslo', 'timezone: !!str Europe/Oslo'),
    // js-yaml reads 1_0 as 10; the core schema as a text.
    underscore: shipped.replace(/^(\s+)(title: .*)$/m, '$1sequence: 1_0\n$1$2'),
    numericKey: shipped.replace(/^systems:\n/m, 'systems:\n  "2022":\n    name: År\n'),
    booleanKey: shipped.replace(/^systems:\n/m, 'systems:\n  true:\n    name: Sann\n'),
    escapedControl: shipped.replace('name: Planlagt nedetid IKT', 'name: "Planlagt \\x07 nedetid"'),
  };
  for (const [what, text] of Object.entries(differently)) {
    assert.notEqual(text, shipped, what);
    assert.throws(() => readFast(text), PositionsNeeded, what);
  }
});

test('any problem is reported from the reading with positions; check and diff always read with positions', () => {
  // (The schedule's only warning, "Outlook may drop this series", is gone: the feeds publish
  // every rule exactly. Planning warnings come after loading, from a reading with positions.)
  const planned = parseSchedule(shipped, 's.yaml', { positions: true });
  assert.equal(planned.positions.where('ist-manedlig'), 's.yaml:52:5');
  const broken = shipped.replace('timezone: Europe/Oslo', 'timezone: Europe/Olso');
  assert.throws(
    () => parseSchedule(broken, 's.yaml'),
    (err: unknown) =>
      err instanceof ScheduleError && /^s\.yaml:\d+:\d+: unknown time zone/.test(formatProblem(err.problems[0]!)),
  );
});

test('a file the depth scan refuses is refused the same way when js-yaml reads it easily', () => {
  const deep = shipped.replace('name: Planlagt nedetid IKT', `name: ${'['.repeat(25)}x${']'.repeat(25)}`);
  assert.throws(
    () => parseSchedule(deep, 's.yaml'),
    (err: unknown) =>
      err instanceof ScheduleError &&
      err.problems.length === 1 &&
      /^s\.yaml:8:\d+: lists and mappings are nested more than 20 deep/.test(formatProblem(err.problems[0]!)),
  );
});

test("the plain reader's nodes are what `yaml` reads: its type checks, get, and the same tree", () => {
  const text = readFileSync('config/schedule.yaml', 'utf8');
  const plain = new YamlSource('s.yaml', text, false).root;
  const full = new YamlSource('s.yaml', text).root;
  // The same shape and values, compared through yaml's own checks and YAMLMap.get.
  const same = (a: unknown, b: unknown, path: string): void => {
    assert.equal(isMap(a), isMap(b), path);
    assert.equal(isSeq(a), isSeq(b), path);
    assert.equal(isScalar(a), isScalar(b), path);
    if (isScalar(a) && isScalar(b)) {
      assert.equal(a.value, b.value, path);
      assert.equal(a.source ?? a.value, b.source ?? b.value, path);
    } else if (isSeq(a) && isSeq(b)) {
      assert.equal(a.items.length, b.items.length, path);
      a.items.forEach((x, i) => same(x, b.items[i], `${path}[${i}]`));
    } else if (isMap(a) && isMap(b)) {
      assert.equal(a.items.length, b.items.length, path);
      a.items.forEach((pair, i) => {
        assert.ok(isPair(pair), path);
        const key = (b.items[i]!.key as Scalar).value as string;
        same(pair.key, b.items[i]!.key, `${path}.<key ${key}>`);
        same(a.get(key, true), b.get(key, true), `${path}.${key}`);
        const value: unknown = b.get(key);
        if (!isNode(value)) assert.equal(a.get(key), value, `${path}.${key} without keepScalar`);
      });
      assert.equal(a.get('no such key', true), undefined);
    }
  };
  same(plain, full, '$');
});

test("no core-schema null, boolean or number starts with a character outside CORE_FIRST (the reader's shortcut)", () => {
  assert.equal(CORE_PATTERNS.length, 8);
  const other = fc
    .tuple(
      fc.char().filter((c) => !CORE_FIRST.test(c)),
      fc.stringOf(
        fc.constantFrom('0', '1', 'x', 'o', 'e', 'E', '.', '+', '-', 'a', 'n', 'i', 'f', 'N', 'I', 'F', 'u', 'l'),
      ),
    )
    .map(([first, rest]) => first + rest);
  fc.assert(
    fc.property(other, (s) => {
      for (const p of CORE_PATTERNS) assert.equal(p.test(s), false, `${p} matches ${JSON.stringify(s)}`);
    }),
    { numRuns: 20_000 },
  );
  // And the values it lets through still resolve as yaml does.
  for (const s of ['~', 'null', 'True', '0o17', '0x1F', '-12', '.5', '+.inf', '.NaN', '1e3'])
    assert.ok(CORE_PATTERNS.some((p) => p.test(s)) && CORE_FIRST.test(s), s);
});
