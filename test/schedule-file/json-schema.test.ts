import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';

// The schema editors use for completion must accept what `check` accepts.
const validate = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync('schema/schedule.schema.json', 'utf8')));

describe('schedule.schema.json', () => {
  test('the editor schema accepts the shipped schedule and the fixtures check accepts', () => {
    for (const file of [
      'config/schedule.yaml',
      'test/fixtures/edge-cases.yaml',
      'test/schedule-file/fixtures/valid.yaml',
    ]) {
      assert.equal(validate(parse(readFileSync(file, 'utf8'))), true, `${file}: ${JSON.stringify(validate.errors)}`);
    }
  });

  test('the editor schema flags a misspelt key and two time forms', () => {
    assert.equal(validate(parse(readFileSync('test/schedule-file/fixtures/unknown-key.yaml', 'utf8'))), false);
    assert.ok(
      validate.errors!.some((e) => e.keyword === 'additionalProperties' && e.params.additionalProperty === 'duraton'),
    );
    assert.equal(validate(parse(readFileSync('test/schedule-file/fixtures/two-time-forms.yaml', 'utf8'))), false);
  });
});
