import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HOLIDAY_CODES } from '../../src/time/holiday-codes.js';
import { holidayCalendar, isHolidayCode, tableCodes } from '../../src/time/public-holidays.js';
import { parseWallDate } from '../../src/time/wall-clock.js';

const on = (code: string, date: string) => holidayCalendar(code)!.nameOn(parseWallDate(date)!);

describe('public holidays', () => {
  test('Norway: the public holidays of the issue, in Norwegian; Julaften and ordinary days are not', () => {
    assert.equal(on('NO', '2028-05-17'), 'Grunnlovsdagen');
    assert.equal(on('NO', '2023-12-26'), 'Andre juledag');
    assert.equal(on('NO', '2028-12-26'), 'Andre juledag');
    assert.equal(on('NO', '2028-04-14'), 'Langfredag');
    assert.equal(on('no', '2027-05-06'), 'Kristi himmelfartsdag');
    assert.equal(on('NO', '2028-12-24'), undefined);
    assert.equal(on('NO', '2028-05-16'), undefined);
  });

  test('regions: Bavaria has Heilige Drei Könige, Berlin does not; unknown codes are null', () => {
    assert.equal(on('DE-BY', '2028-01-06'), 'Heilige Drei Könige');
    assert.equal(on('DE-BE', '2028-01-06'), undefined);
    assert.equal(holidayCalendar('XX'), null);
    assert.equal(holidayCalendar('DE-ZZ'), null);
    assert.equal(holidayCalendar('DE-BY-X'), null);
  });

  test('the codes a schedule is checked against are those of the installed date-holidays (npm run holiday-codes)', () => {
    assert.deepEqual(
      Object.fromEntries(Object.entries(HOLIDAY_CODES).map(([c, states]) => [c, [...states]])),
      tableCodes(),
    );
    assert.equal(isHolidayCode('no'), true);
    assert.equal(isHolidayCode('DE-BY'), true);
    assert.equal(isHolidayCode('DE-ZZ'), false);
    assert.equal(isHolidayCode('XX'), false);
  });

  test('regression: a code with an empty region ("NO-") is the country, as before the codes were generated', () => {
    assert.equal(isHolidayCode('NO-'), true);
    assert.equal(holidayCalendar('NO-')?.nameOn(parseWallDate('2028-05-17')!), 'Grunnlovsdagen');
  });
});
