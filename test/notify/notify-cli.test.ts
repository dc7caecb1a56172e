import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHIPPED } from '../helpers/load.js';
import { runCli } from '../helpers/run-cli.js';
import { realisticEdit } from '../diff/realistic-edit.js';

/** The secret part of a webhook address: it must never appear in what notify prints. */
const SECRET = 'sig=Zm9vYmFyLXNlY3JldC10b2tlbg';

interface Received {
  method: string;
  url: string;
  type: string;
  body: unknown;
}

/** A webhook on 127.0.0.1 that answers with the given statuses in turn (the last one repeats). */
async function receiver(t: TestContext, statuses: number[]) {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString('utf8')));
    req.on('end', () => {
      received.push({
        method: req.method!,
        url: req.url!,
        type: String(req.headers['content-type']),
        body: JSON.parse(data) as unknown,
      });
      res.statusCode = statuses[Math.min(received.length - 1, statuses.length - 1)]!;
      res.end(`echo ${req.url}`); // a body that repeats the address: never printed
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/workflows/abc/triggers/manual/paths/invoke?${SECRET}`, received, port };
}

function newFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'nedetid-notify-')), 'schedule.yaml');
  writeFileSync(file, realisticEdit());
  return file;
}

const FAST = { NEDETID_WEBHOOK_RETRY_MS: '5' };
const FROM = ['--from', '2027-01-20'];

describe('nedetid notify', () => {
  test('notify posts the next 14 days of changes as one Teams Adaptive Card, retrying a 500', async (t) => {
    const hook = await receiver(t, [500, 200]);
    const r = await runCli(['notify', SHIPPED, newFile(), '--webhook', hook.url, ...FROM], FAST);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, 'posted 2 changes to the webhook (teams, 2 tries)\n');
    assert.equal(r.err, 'try 1 failed: the webhook answered 500 Internal Server Error; trying again in 5 ms\n');
    assert.equal(hook.received.length, 2);
    const last = hook.received[1]!;
    assert.equal(last.method, 'POST');
    assert.equal(last.type, 'application/json');
    assert.deepEqual(last.body, {
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: '1.4',
            body: [
              { type: 'TextBlock', size: 'Medium', weight: 'Bolder', text: 'Endringer i planlagt nedetid', wrap: true },
              {
                type: 'RichTextBlock',
                inlines: [
                  {
                    type: 'TextRun',
                    text: 'Avlyst: Systemvedlikehold IST – tir. 26. jan 2027 17:00–18:00. IST utsetter vedlikeholdet. Berører: IST-tjenester.',
                  },
                ],
              },
              {
                type: 'RichTextBlock',
                inlines: [
                  {
                    type: 'TextRun',
                    text: 'Flyttet: Månedlig vedlikehold av IKT-systemer i Gjøvikregionen – ons. 27. jan 2027 16:00–19:00 (var ons. 20. jan 2027 16:00–19:00). Flyttet etter ønske fra økonomi. Berører: Visma økonomi, GAT, Servere i regionen.',
                  },
                ],
              },
            ],
          },
        },
      ],
    });
  });

  test('notify --format slack posts text and mrkdwn blocks, with the page link; the webhook may come from the environment', async (t) => {
    const hook = await receiver(t, [200]);
    const r = await runCli(['notify', SHIPPED, newFile(), '--format', 'slack', '--days', '30', ...FROM], {
      NEDETID_WEBHOOK_URL: hook.url,
      PUBLIC_URL: 'https://nedetid.example.no',
    });
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, 'posted 3 changes to the webhook (slack, 1 try)\n');
    const body = hook.received[0]!.body as { text: string; blocks: { text: { text: string } }[] };
    assert.equal(body.text, 'Endringer i planlagt nedetid: 3 endringer');
    assert.equal(body.blocks.length, 3);
    assert.match(
      body.blocks[1]!.text.text,
      /^• Avlyst: .*\n• Flyttet: .*\n• Ny: Bytte av brannmur – internett nede – lør. 13. feb 2027 08:00–12:00\. Berører: Internett\.$/,
    );
    assert.equal(body.blocks[2]!.text.text, '<https://nedetid.example.no|Se all planlagt nedetid>');
  });

  test('notify posts nothing when nothing changes in the period', async (t) => {
    const hook = await receiver(t, [200]);
    const r = await runCli(['notify', SHIPPED, newFile(), '--webhook', hook.url, '--from', '2027-03-01'], FAST);
    assert.equal(r.code, 0);
    assert.equal(r.out, 'nothing to announce: no occurrence changes in the next 14 days\n');
    assert.equal(hook.received.length, 0);
  });

  test('notify gives up after 4 tries with backoff, and never prints the address or its secret', async (t) => {
    const hook = await receiver(t, [503]);
    const r = await runCli(['notify', SHIPPED, newFile(), '--webhook', hook.url, ...FROM], FAST);
    assert.equal(r.code, 1);
    assert.equal(hook.received.length, 4);
    assert.deepEqual(r.err.trimEnd().split('\n'), [
      'try 1 failed: the webhook answered 503 Service Unavailable; trying again in 5 ms',
      'try 2 failed: the webhook answered 503 Service Unavailable; trying again in 10 ms',
      'try 3 failed: the webhook answered 503 Service Unavailable; trying again in 20 ms',
      'nedetid notify: the webhook answered 503 Service Unavailable; gave up after 4 tries',
    ]);
    for (const s of [r.out, r.err]) {
      assert.doesNotMatch(s, /Zm9vYmFy|sig=|127\.0\.0\.1|workflows|invoke/);
      assert.ok(!s.includes(String(hook.port)));
    }
  });

  test('notify does not retry a 400 (a wrong address stays wrong), and a refused connection is reported by code only', async (t) => {
    const hook = await receiver(t, [400]);
    const r = await runCli(['notify', SHIPPED, newFile(), '--webhook', hook.url, ...FROM], FAST);
    assert.equal(r.code, 1);
    assert.equal(hook.received.length, 1);
    assert.equal(r.err, 'nedetid notify: the webhook answered 400 Bad Request\n');
    // A port nothing listens on: take a free one and close it again.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise((resolve) => probe.close(resolve));
    const url = `http://127.0.0.1:${port}/workflows/abc?${SECRET}`;
    const refused = await runCli(['notify', SHIPPED, newFile(), '--webhook', url, ...FROM], FAST);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /^try 1 failed: could not reach the webhook \(ECONNREFUSED\); trying again in 5 ms\n/);
    assert.match(refused.err, /nedetid notify: could not reach the webhook \(ECONNREFUSED\); gave up after 4 tries\n$/);
    assert.doesNotMatch(refused.err, /Zm9vYmFy|sig=|127\.0\.0\.1|workflows/);
    assert.ok(!refused.err.includes(String(port)));
  });

  test('notify refuses a missing webhook and a bad format before doing anything', async () => {
    const none = await runCli(['notify', SHIPPED, newFile(), ...FROM]);
    assert.equal(none.code, 2);
    assert.match(none.err, /notify needs --webhook URL or NEDETID_WEBHOOK_URL/);
    const format = await runCli([
      'notify',
      SHIPPED,
      newFile(),
      '--webhook',
      'http://127.0.0.1:9/x',
      '--format',
      'email',
    ]);
    assert.equal(format.code, 2);
    assert.match(format.err, /--format 'email' must be one of teams, slack/);
  });
});
