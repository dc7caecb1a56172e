import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHIPPED } from '../helpers/load.js';
import { runCli } from '../helpers/run-cli.js';
import { realisticEdit } from '../diff/realistic-edit.js';
import { answerWith, webhookReceiver } from './webhook-receivers.js';

/** A title that, read as markup, pings the channel, disguises a link and makes a Markdown one. */
const HOSTILE =
  '<!channel> Bytte av brannmur: <https://evil.example/login|Logg inn på Visma> & [Logg inn](https://evil.example/login)';

function hostileFile(): string {
  const text = realisticEdit().replace(
    '    title: Bytte av brannmur – internett nede\n',
    `    title: ${JSON.stringify(HOSTILE)}\n`,
  );
  assert.ok(text.includes('evil.example'));
  const file = join(mkdtempSync(join(tmpdir(), 'nedetid-escape-')), 'schedule.yaml');
  writeFileSync(file, text);
  return file;
}

/** Every string in a JSON value, with the `type` of the object that holds it. */
function texts(value: unknown, holder = ''): { holder: string; text: string }[] {
  if (typeof value === 'string') return [{ holder, text: value }];
  if (Array.isArray(value)) return value.flatMap((v) => texts(v, holder));
  if (value && typeof value === 'object') {
    const type = (value as { type?: unknown }).type;
    return Object.values(value).flatMap((v) => texts(v, typeof type === 'string' ? type : holder));
  }
  return [];
}

const ARGS = ['--from', '2027-01-20', '--days', '30'];

describe('webhook messages', () => {
  it('regression: notify escapes Slack text, so a title with <!channel> or <url|text> neither pings nor links', async (t) => {
    const hook = await webhookReceiver(t, answerWith(200));
    const r = await runCli(['notify', SHIPPED, hostileFile(), '--webhook', hook.url, '--format', 'slack', ...ARGS], {
      PUBLIC_URL: 'https://nedetid.example.no',
    });
    assert.equal(r.code, 0, r.err);
    const body = hook.exchanges[0]!.body as { text: string; blocks: { text: { text: string } }[] };
    const section = body.blocks[1]!.text.text;
    assert.match(
      section,
      /• Ny: &lt;!channel&gt; Bytte av brannmur: &lt;https:\/\/evil\.example\/login\|Logg inn på Visma&gt; &amp; \[Logg inn\]\(https:\/\/evil\.example\/login\) – lør\. 13\. feb 2027 08:00–12:00\. Berører: Internett\.$/,
    );
    // The only control sequence left is our own link to the page.
    for (const { text } of texts(body)) {
      const controls = text.match(/<[^>]*>/g) ?? [];
      assert.deepEqual(
        controls,
        text.includes('Se all') ? ['<https://nedetid.example.no|Se all planlagt nedetid>'] : [],
      );
    }
  });

  it('regression: notify puts schedule text in Teams TextRuns, which Adaptive Cards never read as Markdown', async (t) => {
    const hook = await webhookReceiver(t, answerWith(200));
    const r = await runCli(['notify', SHIPPED, hostileFile(), '--webhook', hook.url, ...ARGS]);
    assert.equal(r.code, 0, r.err);
    const all = texts(hook.exchanges[0]!.body);
    const hostile = all.filter(({ text }) => text.includes('evil.example'));
    assert.equal(hostile.length, 1);
    assert.equal(hostile[0]!.holder, 'TextRun');
    assert.ok(hostile[0]!.text.startsWith(`Ny: ${HOSTILE} – `));
    // Every line from the schedule is a TextRun; TextBlocks hold only our own heading.
    const blocks = all.filter(({ holder }) => holder === 'TextBlock').map(({ text }) => text);
    assert.ok(blocks.includes('Endringer i planlagt nedetid'));
    assert.ok(
      blocks.every((text) => !/Ny:|Avlyst:|Flyttet:/.test(text)),
      blocks.join('\n'),
    );
  });
});
