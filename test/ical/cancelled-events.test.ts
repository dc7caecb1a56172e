import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { feedsFrom, feedText, ROOT } from '../helpers/load.js';

const FIXTURE = `${ROOT}test/planning/fixtures/planning.yaml`;

function events(ics: string): string[][] {
  return ics
    .replace(/\r\n[ \t]/g, '')
    .split('BEGIN:VEVENT\r\n')
    .slice(1)
    .map((e) => e.split('\r\n'));
}

function event(ics: string, uid: string): string[] {
  const found = events(ics).filter((e) => e.includes(`UID:${uid}`));
  assert.equal(found.length, 1, uid);
  return found[0]!;
}

describe('cancelled occurrences in the feeds', () => {
  test('cancelled occurrences and skipped holidays are EXDATEs of the series, in the form of DTSTART (Outlook, Apple)', () => {
    const ics = feedText(feedsFrom(FIXTURE), 'feeds/all.ics');
    const master = event(ics, 'patch-skip@test.example.no');
    assert.ok(master.includes('DTSTART;TZID=Europe/Oslo:20270120T160000'));
    assert.ok(master.includes('EXDATE;TZID=Europe/Oslo:20270217T160000,20270317T160000,20280517T160000'));
    // No override for a cancelled date: an EXDATE and a RECURRENCE-ID for one date contradict each other.
    assert.ok(!events(ics).some((e) => e.some((l) => l.startsWith('RECURRENCE-ID'))));
    // The same rule without on-holiday: skip keeps 17 May 2028.
    assert.ok(!event(ics, 'patch@test.example.no').some((l) => l.startsWith('EXDATE')));
  });

  test('a cancelled occurrence is a stand-alone cancelled, free event titled AVLYST with the note', () => {
    const ics = feedText(feedsFrom(FIXTURE), 'feeds/all.ics');
    const e = event(ics, 'patch-skip-20270217@test.example.no');
    for (const line of [
      'DTSTART;TZID=Europe/Oslo:20270217T160000',
      'DTEND;TZID=Europe/Oslo:20270217T190000',
      'SUMMARY:AVLYST: Patching uten helligdager',
      'STATUS:CANCELLED',
      'TRANSP:TRANSPARENT',
      'X-MICROSOFT-CDO-BUSYSTATUS:FREE',
    ])
      assert.ok(e.includes(line), line);
    assert.ok(
      e.some((l) => l.startsWith('DESCRIPTION:Avlyst: Leverandøren er ikke klar. Nedetiden blir ikke gjennomført.')),
    );
    assert.ok(!e.some((l) => l.startsWith('RRULE')));
  });

  test('a window with status: cancelled keeps its UID, with STATUS:CANCELLED and AVLYST in the title', () => {
    const e = event(feedText(feedsFrom(FIXTURE), 'feeds/all.ics'), 'oppgradering@test.example.no');
    assert.ok(e.includes('SUMMARY:AVLYST: Oppgradering'));
    assert.ok(e.includes('STATUS:CANCELLED'));
    assert.ok(e.some((l) => l.startsWith('DESCRIPTION:Avlyst. Nedetiden blir ikke gjennomført.')));
  });
});
