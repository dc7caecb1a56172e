import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';

const validate = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync('schema/schedule.schema.json', 'utf8')));

describe('schedule.schema.json freezes', () => {
  test('the editor schema accepts freezes, on-freeze and freeze-reason as check does', () => {
    const file = 'test/fixtures/freezes.yaml';
    assert.equal(validate(parse(readFileSync(file, 'utf8'))), true, `${file}: ${JSON.stringify(validate.errors)}`);
  });

  test('the editor schema flags a freeze with a provider and an on-freeze value check refuses', () => {
    const doc = parse(readFileSync('test/fixtures/freezes.yaml', 'utf8')) as {
      freezes: Record<string, unknown>[];
      windows: Record<string, unknown>[];
    };
    doc.freezes[0]!.provider = 'drift';
    doc.windows[0]!['on-freeze'] = 'warn';
    assert.equal(validate(doc), false);
    assert.ok(validate.errors!.some((e) => e.params.additionalProperty === 'provider'));
    assert.ok(validate.errors!.some((e) => e.instancePath === '/windows/0/on-freeze' && e.keyword === 'enum'));
  });
});
