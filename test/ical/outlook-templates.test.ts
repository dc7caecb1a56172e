import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { outlookTemplate } from '../../src/ical/outlook-templates.js';
import { splitParts } from '../../src/ical/series-forms.js';
import { parseRecurrenceRule } from '../../src/time/recurrence-rule.js';
import { outlookTemplate as modelTemplate } from '../helpers/outlook-model.js';

const parts = (rule: string) => parseRecurrenceRule(rule).rule!.parts;

/** Rules with the template Outlook maps them to, or null where it drops the series (MS-OXCICAL 2.1.3.2.2). */
const CASES: [string, string | null][] = [
  ['FREQ=DAILY', 'daily'],
  ['FREQ=DAILY;INTERVAL=3', 'daily'],
  ['FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH', 'weekly'],
  ['FREQ=MONTHLY;BYMONTHDAY=15', 'monthly'],
  ['FREQ=MONTHLY;BYDAY=4TU', 'monthly-nth'],
  ['FREQ=MONTHLY;BYDAY=TU;BYSETPOS=4', 'monthly-nth'],
  ['FREQ=MONTHLY;INTERVAL=3;BYDAY=-1FR', 'monthly-nth'],
  ['FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1', 'monthly-nth'],
  ['FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=1', 'yearly'],
  ['FREQ=YEARLY;BYMONTH=6;BYDAY=3WE', 'yearly-nth'],
  // The rules of issue 8 that IT staff write and Outlook drops as written:
  ['FREQ=MONTHLY;BYDAY=3WE;BYMONTH=1,2,3,4,5,6,8,9,10,11,12', null],
  ['FREQ=MONTHLY;BYDAY=WE;BYMONTHDAY=16,17,18,19,20,21,22', null],
  ['FREQ=MONTHLY;BYDAY=2TU,4TU', null],
  ['FREQ=YEARLY;BYMONTH=3,6,9,12;BYDAY=1SA', null],
  ['FREQ=MONTHLY;BYDAY=5FR', null],
  ['FREQ=MONTHLY;BYDAY=TU', null],
  ['FREQ=DAILY;BYDAY=MO,TU', null],
  ['FREQ=WEEKLY;BYDAY=1MO', null],
  ['FREQ=MONTHLY;BYMONTHDAY=1,15', null],
  ['FREQ=MONTHLY;BYDAY=MO,WE;BYSETPOS=2', null],
];

describe('Outlook templates in the renderer', () => {
  test("the renderer's template check knows Outlook's six templates exactly, and agrees with the Outlook model", () => {
    for (const [rule, expected] of CASES) {
      assert.equal(outlookTemplate(parts(rule)), expected, rule);
      const model = modelTemplate(`RRULE:${rule}`);
      assert.equal('template' in model ? model.template : null, expected, `model: ${rule}`);
    }
  });

  test('rules Outlook drops are split into template series where their union is the rule', () => {
    const split = (rule: string) =>
      splitParts(parts(rule))?.map((p) => `${p.suffix} ${p.parts.map(([k, v]) => `${k}=${v}`).join(';')}`) ?? null;
    assert.deepEqual(split('FREQ=MONTHLY;BYDAY=2TU,4TU'), [
      '-2tu FREQ=MONTHLY;BYDAY=2TU',
      '-4tu FREQ=MONTHLY;BYDAY=4TU',
    ]);
    assert.deepEqual(split('FREQ=YEARLY;BYMONTH=3,6;BYDAY=1SA'), [
      '-m03 FREQ=YEARLY;BYMONTH=3;BYDAY=1SA',
      '-m06 FREQ=YEARLY;BYMONTH=6;BYDAY=1SA',
    ]);
    assert.deepEqual(split('FREQ=MONTHLY;BYDAY=-1FR;BYMONTH=1,7'), [
      '-m01 FREQ=YEARLY;BYDAY=-1FR;BYMONTH=1',
      '-m07 FREQ=YEARLY;BYDAY=-1FR;BYMONTH=7',
    ]);
    // No template series adds up to these: they are anchored or published one by one.
    assert.equal(split('FREQ=MONTHLY;BYDAY=5FR'), null);
    assert.equal(split('FREQ=MONTHLY;BYDAY=WE;BYMONTHDAY=16,17,18,19,20,21,22'), null);
  });
});
