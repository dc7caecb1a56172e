import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { dayText, spanText, spanTimes } from '../../src/views/occurrence-span.js';
import { TEXTS } from '../../src/views/texts.js';

const zone = 'Europe/Oslo';
const at = (text: string) => DateTime.fromISO(text, { zone });
const timed = (start: string, end: string) => ({ start: at(start), end: at(end), allDay: false });
const allDay = (first: string, after: string) => ({ start: at(first), end: at(after), allDay: true });

const evening = timed('2027-01-20T16:00', '2027-01-20T19:00');
const night = timed('2027-02-13T23:00', '2027-02-14T04:00');
const oneDay = allDay('2027-01-20', '2027-01-21');
const threeDays = allDay('2027-01-20', '2027-01-23');

describe('occurrence-span', () => {
  it('writes ISO spans for the CLI and diff, in English', () => {
    assert.equal(spanText(evening, zone, 'iso'), 'Wed 2027-01-20 16:00–19:00');
    assert.equal(spanText(night, zone, 'iso'), 'Sat 2027-02-13 23:00–2027-02-14 04:00');
    assert.equal(spanText(oneDay, zone, 'iso'), 'Wed 2027-01-20 all day');
    assert.equal(spanText(threeDays, zone, 'iso'), 'Wed 2027-01-20 all day to 2027-01-22');
  });

  it("writes the page's spans in the reader's language, the day long", () => {
    assert.equal(spanTimes(evening, zone, TEXTS.nb), '16:00–19:00');
    assert.equal(spanText(night, zone, TEXTS.nb), 'lørdag 13. februar 2027 23:00–søn. 14. feb. 04:00');
    assert.equal(spanText(threeDays, zone, TEXTS.nb), 'onsdag 20. januar 2027 hele dagen til fre. 22. januar');
    assert.equal(spanTimes(oneDay, zone, TEXTS.en), 'all day');
    assert.equal(dayText(evening.start, TEXTS.en), 'Wednesday, 20 January 2027');
  });

  it('writes channel messages with short days, the end day in the same form', () => {
    assert.equal(spanText(evening, zone, TEXTS.nb, 'short'), 'ons. 20. jan 2027 16:00–19:00');
    assert.equal(spanText(night, zone, TEXTS.nb, 'short'), 'lør. 13. feb 2027 23:00–14. feb 04:00');
    assert.equal(spanText(oneDay, zone, TEXTS.nb, 'short'), 'ons. 20. jan 2027 hele dagen');
  });

  it('regression: a message about an all-day window of several days left out its last day', () => {
    assert.equal(spanText(threeDays, zone, TEXTS.nb, 'short'), 'ons. 20. jan 2027 hele dagen til 22. jan');
  });

  it('writes Atom titles with numeric days', () => {
    assert.equal(spanText(oneDay, zone, TEXTS.nb, 'numeric'), '20.01.2027 hele dagen');
    assert.equal(spanText(evening, zone, TEXTS.nb, 'numeric'), '20.01.2027 16:00–19:00');
  });
});
