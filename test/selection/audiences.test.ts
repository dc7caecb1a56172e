import { fixedClock } from '../../src/time/clock.js';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { FeedSet } from '../../src/feeds/feed-set.js';
import { parseSchedule } from '../../src/schedule-file/parse-schedule.js';
import { scheduleIndex } from '../../src/schedule/schedule-index.js';
import { PARSERS, type Job } from '../conformance/parsers.js';
import { shortUid } from '../fixtures/expected-occurrences.js';
import { testApp } from '../helpers/app.js';
import { feedsFrom, SHIPPED } from '../helpers/load.js';
import { outlookExpand } from '../helpers/outlook-model.js';
import { ownExpansion } from '../helpers/own-expansion.js';
import { runCli } from '../helpers/run-cli.js';
import { editedFixture, problemsOf, replaced, SELECTION } from './selection-helpers.js';

const at = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Oslo' });
const fixture = readFileSync(SELECTION, 'utf8');

/** A feed's text without the calendar head's name and description lines, which an audience has its own of. */
const withoutNames = (ics: string) =>
  ics
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter((l) => !/^(NAME|X-WR-CALNAME|DESCRIPTION|X-WR-CALDESC):/.test(l) || l.startsWith('DESCRIPTION:Berørte'))
    .join('\r\n');

describe('audiences in the schedule (issue 20)', () => {
  test('the shipped schedule has the five municipalities, and its other feeds are byte for byte as without them', () => {
    const text = readFileSync(SHIPPED, 'utf8');
    const withAudiences = feedsFrom(SHIPPED);
    assert.deepEqual(
      withAudiences.schedule.audiences.map((a) => a.name),
      ['Gjøvik kommune', 'Østre Toten kommune', 'Vestre Toten kommune', 'Søndre Land kommune', 'Nordre Land kommune'],
    );
    const without = text.slice(0, text.indexOf('\n# The five municipalities')) + '\n';
    assert.ok(!without.includes('audiences:'));
    const before = new FeedSet(parseSchedule(without, SHIPPED).schedule, undefined, fixedClock(new Date('2026-01-01')));
    assert.equal(before.feeds.length, 11); // 10 staff feeds and the freezes feed
    for (const feed of before.feeds) {
      const now = withAudiences.get(feed.definition.path)!;
      assert.equal(now.etag, feed.etag, feed.definition.path);
      assert.ok(now.body.equals(feed.body), feed.definition.path);
    }
  });

  test('unknown systems and aliases in an audience are refused at their positions', () => {
    const text = replaced(fixture, 'systems: [ist-tjenester, acos-websak]', 'systems: [ist-tjenestr, websak]');
    assert.deepEqual(problemsOf(text), [
      "schedule.yaml:57:15: unknown system 'ist-tjenestr'; did you mean 'ist-tjenester'? (known: visma, acos-websak, internett, ist-tjenester, gat)",
      'schedule.yaml:57:29: websak is an alias of acos-websak; the schedule names systems by id: write acos-websak',
    ]);
    const missing = replaced(fixture, '    name: Økonomi\n', '');
    assert.deepEqual(problemsOf(missing), ["schedule.yaml:59:5: audience 'okonomi' is missing `name:`"]);
  });

  test('an audience and a system may not share an id: refused naming both positions', () => {
    const text = replaced(fixture, '  okonomi:\n', '  gat:\n');
    assert.deepEqual(problemsOf(text), [
      "schedule.yaml:58:3: audience id 'gat' is also a system id (24:3); an audience and a system may not share an id: rename the audience, such as 'gat-kommune'",
    ]);
  });
});

describe('audience feeds (issue 20)', () => {
  test('GET /feeds/audiences/{id}.ics holds the events of the custom feed of its systems, under its own name', async (t) => {
    const { app } = testApp(t, { feeds: feedsFrom(SELECTION) });
    const audience = await app.inject('/feeds/audiences/skole.ics');
    assert.equal(audience.statusCode, 200);
    assert.match(audience.headers['content-type'] as string, /^text\/calendar/);
    const custom = await app.inject('/feeds/custom.ics?systems=ist-tjenester,acos-websak');
    assert.match(audience.body, /\r\nX-WR-CALNAME:Nedetid test: Skole og oppvekst\r\n/);
    assert.match(audience.body, /\r\nX-WR-CALDESC:Planlagt nedetid som berører Skole og oppvekst\r\n/);
    assert.equal(withoutNames(audience.body), withoutNames(custom.body));
    // depends-on applies as for a system: the internet window reaches IST-tjenester.
    assert.match(audience.body, /UID:brannmur@test\.example\.no/);
    assert.doesNotMatch(audience.body, /UID:gat-flytting@/);
    const unknown = await app.inject('/feeds/audiences/gjovik.ics');
    assert.equal(unknown.statusCode, 404);
    assert.match(unknown.json<{ message: string }>().message, /no audience 'gjovik'; known: skole, okonomi/);
  });

  test('/api/feeds lists each audience with kind audience', async (t) => {
    const { app } = testApp(t, { feeds: feedsFrom(SELECTION), publicUrl: 'https://n.example.no' });
    const { feeds } = (await app.inject('/api/feeds')).json<{ feeds: { id: string; kind: string; url: string }[] }>();
    assert.deepEqual(
      feeds.filter((f) => f.kind === 'audience'),
      [
        {
          id: 'skole',
          kind: 'audience',
          name: 'Nedetid test: Skole og oppvekst',
          url: 'https://n.example.no/feeds/audiences/skole.ics',
          webcal: 'webcal://n.example.no/feeds/audiences/skole.ics',
        },
        {
          id: 'okonomi',
          kind: 'audience',
          name: 'Nedetid test: Økonomi',
          url: 'https://n.example.no/feeds/audiences/okonomi.ics',
          webcal: 'webcal://n.example.no/feeds/audiences/okonomi.ics',
        },
      ],
    );
  });

  test('an audience feed gives the audience selection in every parser installed and in the Outlook model', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nedetid-audience-parsers-'));
    const jobs: { job: Job; expected: string[] }[] = [];
    for (const [label, file] of [
      ['shipped', SHIPPED],
      ['selection', SELECTION],
    ] as const) {
      const feeds = feedsFrom(file, new Date('2026-11-27T12:00:00Z'));
      const index = scheduleIndex(feeds.schedule);
      for (const audience of feeds.schedule.audiences) {
        const feed = feeds.get(`feeds/audiences/${audience.id}.ics`)!;
        const path = join(dir, `${label}-${audience.id}.ics`);
        writeFileSync(path, feed.body);
        for (const [from, to] of [
          ['2022-01-01', '2023-01-01'],
          ['2026-01-01', '2028-01-01'],
        ] as const) {
          const expected = ownExpansion(feeds.schedule, from, to, (w) => index.affectsAny(w, audience.systems));
          assert.ok(expected.length > 0 || label === 'selection', `${audience.id}: nothing to compare`);
          jobs.push({ job: { file: path, from, to }, expected });
          const outlook = outlookExpand(
            feed.body.toString('utf8'),
            new Date(`${from}T00:00:00Z`),
            new Date(`${to}T00:00:00Z`),
          );
          assert.deepEqual(outlook.dropped, [], audience.id);
          const lines = outlook.occurrences
            .map((o) => `${o.start} ${o.end} ${shortUid(o.uid)}`)
            .filter((l) => l.slice(0, 10) >= from && l.slice(0, 10) < to)
            .sort();
          assert.deepEqual(lines, expected, `Outlook ${label} ${audience.id} ${from}`);
        }
      }
    }
    const parsers = PARSERS.filter((p) => p.missing === null);
    assert.ok(parsers.length > 0);
    for (const parser of parsers) {
      const results = parser.run(jobs.map((j) => j.job));
      jobs.forEach(({ job, expected }, i) => {
        assert.deepEqual(results[i]!.errors, [], `${parser.name} ${job.file}`);
        assert.deepEqual(
          results[i]!.occurrences.map(shortUid).sort(),
          expected,
          `${parser.name} ${job.file} ${job.from}`,
        );
      });
    }
  });
});

describe('audiences on the page and the embed (issue 20)', () => {
  test('/?audience=skole filters the page and offers its feed in Abonner', async (t) => {
    const { app } = testApp(t, { feeds: feedsFrom(SELECTION), now: () => at('2026-02-01T12:00') });
    const page = (await app.inject('/?audience=skole')).body;
    assert.match(page, /Viser bare: Skole og oppvekst\./);
    // The internet window (IST-tjenester depends on it) and the patch nights; not GAT's.
    assert.match(page, /Bytte av brannmur/);
    assert.match(page, /Patching/);
    assert.doesNotMatch(page, /Flytting av GAT/);
    assert.match(page, /Kalenderen din: Skole og oppvekst/);
    assert.match(page, /value="http:\/\/localhost(:\d+)?\/feeds\/audiences\/skole\.ics"/);
    assert.match(page, /<input type="radio" name="kalender" value="skole"\s+checked \/>/);
    // The same feed chosen in Abonner without a filter.
    const chosen = (await app.inject('/?kalender=okonomi')).body;
    assert.match(chosen, /Kalenderen din: Økonomi/);
    assert.match(chosen, /Flytting av GAT/);
  });

  test('the filter offers the municipality first, then the systems', async (t) => {
    const { app } = testApp(t, { feeds: feedsFrom(SELECTION), now: () => at('2026-02-01T12:00') });
    const page = (await app.inject('/?audience=skole&system=gat')).body;
    const filter = page.slice(page.indexOf('<form method="get" action="./#kommende"'));
    const audience = filter.indexOf('name="audience" value="skole"');
    const system = filter.indexOf('name="system" value="visma"');
    assert.ok(audience > 0 && system > audience, 'the audience radios come before the system boxes');
    assert.match(filter, /name="audience" value="skole" data-systems="ist-tjenester acos-websak"\s+checked/);
    assert.match(page, /Viser bare: Skole og oppvekst, GAT\./);
    assert.match(page, /Flytting av GAT/);
    const unknown = (await app.inject('/?audience=gjovikk')).body;
    assert.match(unknown, /Fant ikke kommunen «gjovikk»\./);
  });

  test('/embed?audience=skole shows that audience, and an unknown audience says which exist', async (t) => {
    const { app } = testApp(t, { feeds: feedsFrom(SELECTION), now: () => at('2026-02-01T12:00') });
    const embed = await app.inject('/embed?audience=skole&days=30');
    assert.equal(embed.statusCode, 200);
    assert.match(embed.body, /Bytte av brannmur/);
    assert.doesNotMatch(embed.body, /Flytting av GAT/);
    assert.match(embed.body, /href="\.\/\?audience=skole#kommende"/);
    const unknown = await app.inject('/embed?audience=nope');
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /Fant ikke kommunen «nope»\./);
    assert.match(unknown.body, /<code>skole<\/code> \(Skole og oppvekst\)/);
  });
});

describe('notify --audience (issue 20)', () => {
  test('posts only the changes that touch that audience', async (t) => {
    const posted: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        posted.push(body);
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t.after(() => server.close());
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
    // The firewall work moved a day (touches skole through depends-on), the GAT move restored.
    const after = editedFixture((s) =>
      replaced(
        replaced(replaced(s, '    status: cancelled\n', ''), 'start: 2026-02-07T08:00', 'start: 2026-02-08T08:00'),
        'end: 2026-02-07T12:00',
        'end: 2026-02-08T12:00',
      ),
    );
    const args = ['notify', SELECTION, after, '--webhook', url, '--from', '2026-02-01', '--format', 'slack'];
    assert.equal((await runCli(args)).out, 'posted 2 changes to the webhook (slack, 1 try)\n');
    const skole = await runCli([...args, '--audience', 'skole']);
    assert.equal(skole.out, 'posted 1 change to the webhook (slack, 1 try)\n', skole.err);
    assert.match(posted[1]!, /Flyttet: Bytte av brannmur/);
    assert.doesNotMatch(posted[1]!, /GAT/);
    const okonomi = await runCli([...args, '--audience', 'okonomi']);
    assert.equal(okonomi.out, 'nothing to announce: no occurrence changes in the next 14 days\n');
    const bad = await runCli([...args, '--audience', 'gjovik']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--audience 'gjovik' is not an audience; known: skole, okonomi/);
    assert.equal(posted.length, 2);
  });
});
