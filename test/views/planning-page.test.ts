import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { feedsFrom, ROOT } from '../helpers/load.js';
import { testApp } from '../helpers/app.js';

const FIXTURE = `${ROOT}test/planning/fixtures/planning.yaml`;
const at = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Oslo' });

/** The page's text with tags and extra white space removed, for matching what a reader sees. */
function visible(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('planning on the page, the API and the Atom feed', () => {
  test('the page shows a cancelled occurrence as Avlyst, struck through, until its time, and marks holidays', async (t) => {
    const { app } = testApp(t, { feeds: feedsFrom(FIXTURE), now: () => at('2027-05-10T10:00') });
    const html = (await app.inject('/')).body;
    const text = visible(html);
    assert.match(text, /08:00–10:00 Oppgradering Avlyst Helligdag: Grunnlovsdagen Berører: IST-tjenester/);
    assert.match(text, /20:00–21:00 Pinsejobb Helligdag: Grunnlovsdagen Berører: IST-tjenester/);
    assert.match(html, /<li\s+class="occurrence cancelled"/);
    const en = visible((await app.inject('/?lang=en')).body);
    assert.match(en, /08:00–10:00 Oppgradering Cancelled Public holiday: Grunnlovsdagen/);
    // Once its time has come, a cancelled occurrence is neither "now" nor upcoming.
    const { app: later } = testApp(t, { feeds: feedsFrom(FIXTURE), now: () => at('2027-05-17T08:30') });
    const now = visible((await later.inject('/')).body);
    assert.doesNotMatch(now, /Oppgradering/);
    assert.match(now, /Ingen planlagt nedetid akkurat nå/);
  });

  test('a cancelled occurrence of a series shows with its note where it would have been', async (t) => {
    const { app } = testApp(t, { feeds: feedsFrom(FIXTURE), now: () => at('2027-02-10T10:00') });
    const text = visible((await app.inject('/')).body);
    assert.match(text, /16:00–19:00 Patching uten helligdager Avlyst: Leverandøren er ikke klar Berører: Internett/);
    assert.match(text, /16:00–19:00 Patching Berører: GAT/);
  });

  test('the page hides announcements past their until', async (t) => {
    const page = async (iso: string) => {
      const { app } = testApp(t, { feeds: feedsFrom(FIXTURE), now: () => at(iso) });
      return visible((await app.inject('/')).body);
    };
    const spring = await page('2026-11-30T10:00');
    assert.match(spring, /Ventet: høsten 2026 Gammel varsling/);
    assert.match(spring, /Ventet: våren 2027 Ny varsling/);
    const december = await page('2026-12-01T00:00');
    assert.doesNotMatch(december, /Gammel varsling/);
    assert.match(december, /Ny varsling/);
    const july = await page('2027-07-01T10:00');
    assert.doesNotMatch(july, /varsling/);
    assert.match(july, /Ingen varslet nedetid uten dato/);
  });

  test('/api/occurrences and the Atom feed say cancelled and name the holiday', async (t) => {
    const { app } = testApp(t, { feeds: feedsFrom(FIXTURE), now: () => at('2027-05-10T10:00') });
    const api = (await app.inject('/api/occurrences?from=2027-05-17&to=2027-05-18')).json<{
      occurrences: { window: string; status: string; holiday?: string }[];
    }>();
    assert.deepEqual(
      api.occurrences.map((o) => [o.window, o.status, o.holiday]),
      [
        ['oppgradering', 'cancelled', 'Grunnlovsdagen'],
        ['pinse', 'confirmed', 'Grunnlovsdagen'],
      ],
    );
    const atom = (await app.inject('/feeds/all.atom')).body;
    assert.match(visible(atom), /17\.05\.2027 08:00–10:00: AVLYST: Oppgradering/);
    assert.match(atom, /Avlyst\. Helligdag: Grunnlovsdagen\./);
  });

  test('the page filter, the embed and /api/occurrences select by dependencies as the feeds do', async (t) => {
    const { app } = testApp(t, { feeds: feedsFrom(FIXTURE), now: () => at('2027-05-01T10:00') });
    // flytting is on internett; skole depends on ist, which depends on internett.
    assert.match(visible((await app.inject('/?system=skole')).body), /Flytting av rack/);
    assert.match(visible((await app.inject('/embed?systems=skole')).body), /Flytting av rack/);
    assert.doesNotMatch(visible((await app.inject('/?system=gat')).body), /Flytting av rack/);
    const api = (await app.inject('/api/occurrences?from=2027-05-01&to=2027-06-01&systems=skole')).json<{
      occurrences: { window: string }[];
    }>();
    assert.deepEqual(
      api.occurrences.map((o) => o.window),
      ['flytting', 'oppgradering', 'pinse', 'patch-skip'],
    );
  });
});
