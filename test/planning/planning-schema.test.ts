import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';

const validate = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync('schema/schedule.schema.json', 'utf8')));

describe('schedule.schema.json planning keys', () => {
  test('the editor schema knows holidays, depends-on, on-holiday, overlaps, cancelled and until', () => {
    const file = 'test/planning/fixtures/planning.yaml';
    assert.equal(validate(parse(readFileSync(file, 'utf8'))), true, `${file}: ${JSON.stringify(validate.errors)}`);
    const wrong = parse(readFileSync(file, 'utf8')) as { windows: Record<string, unknown>[] };
    wrong.windows[1]!['on-holiday'] = 'sometimes';
    wrong.windows[1]!.cancelled = [{ date: '2027-02-17', reason: 'x' }];
    assert.equal(validate(wrong), false);
    assert.deepEqual(
      validate
        .errors!.filter((e) => e.keyword === 'enum' || e.keyword === 'additionalProperties')
        .map((e) => e.instancePath),
      ['/windows/1/cancelled/0', '/windows/1/on-holiday'],
    );
  });
});
