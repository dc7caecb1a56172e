import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_ANSWER_BYTES, postWebhook, readAnswer } from '../../src/notify/post-webhook.js';
import { SHIPPED } from '../helpers/load.js';
import { runCli } from '../helpers/run-cli.js';
import { realisticEdit } from '../diff/realistic-edit.js';
import { answerWith, secretFree, webhookReceiver } from './webhook-receivers.js';

function newFile(text = realisticEdit()): string {
  const file = join(mkdtempSync(join(tmpdir(), 'nedetid-webhook-')), 'schedule.yaml');
  writeFileSync(file, text);
  return file;
}

const FAST = { NEDETID_WEBHOOK_RETRY_MS: '5' };
const FROM = ['--from', '2027-01-20'];
/** Bytes a socket read hands over at most: the answer is read in chunks of up to this. */
const ONE_READ = 64 * 1024;

describe('notify webhook client', () => {
  describe('deadline', () => {
    it('regression: notify gives up at the deadline on a receiver that answers 200 and trickles its body forever', async (t) => {
      const hook = await webhookReceiver(t, (_req, res, exchange) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.flushHeaders();
        // One byte at a time without end. A client whose deadline misses the body would, after
        // 5,000 bytes, see the answer end and report success: the test fails instead of hanging.
        const tick = setInterval(() => {
          if (exchange.written >= 5000) {
            clearInterval(tick);
            res.end();
            return;
          }
          res.write('x');
          exchange.written++;
        }, 5);
        res.on('close', () => clearInterval(tick));
      });
      const r = await runCli(['notify', SHIPPED, newFile(), '--webhook', hook.url, ...FROM], {
        ...FAST,
        // Long enough for a request to reach the receiver on a busy machine; the deadline also
        // covers connecting and sending, so a try that is slower than this never gets there.
        NEDETID_WEBHOOK_TIMEOUT_MS: '1000',
      });
      assert.equal(r.code, 1, r.out);
      assert.deepEqual(r.err.trimEnd().split('\n'), [
        'try 1 failed: the webhook did not answer in full within 1 s; trying again in 5 ms',
        'try 2 failed: the webhook did not answer in full within 1 s; trying again in 10 ms',
        'try 3 failed: the webhook did not answer in full within 1 s; trying again in 20 ms',
        'nedetid notify: the webhook did not answer in full within 1 s; gave up after 4 tries',
      ]);
      assert.ok(hook.exchanges.length >= 1 && hook.exchanges.length <= 4, String(hook.exchanges.length));
      // Each try that got there was abandoned by notify while the body was still coming.
      await Promise.all(hook.exchanges.map((e) => e.closed));
      for (const e of hook.exchanges) assert.ok(e.abandoned && e.written < 5000, JSON.stringify(e));
      assert.ok(
        hook.exchanges.some((e) => e.written > 0),
        'the body had begun',
      );
    });

    it('the deadline also covers a receiver that takes the request and never answers', async (t) => {
      const hook = await webhookReceiver(t, () => undefined);
      await assert.rejects(postWebhook(hook.url, { text: 'x' }, { attempts: 1, timeoutMs: 1000 }), {
        name: 'Error',
        message: 'the webhook did not answer in full within 1 s; gave up after 1 try',
      });
      assert.ok(hook.exchanges.length <= 1);
    });

    it('a deadline that is not a whole number of milliseconds is refused before anything is posted', async (t) => {
      const hook = await webhookReceiver(t, answerWith(200));
      const r = await runCli(['notify', SHIPPED, newFile(), '--webhook', hook.url, ...FROM], {
        NEDETID_WEBHOOK_TIMEOUT_MS: '1.5s',
      });
      assert.equal(r.code, 2);
      assert.equal(
        r.err,
        "nedetid: NEDETID_WEBHOOK_TIMEOUT_MS '1.5s' must be a whole number of milliseconds, at least 1\n",
      );
      assert.equal(hook.exchanges.length, 0);
    });
  });

  describe('messages', () => {
    it('regression: notify prints the status code in its own words, never a 502 reason phrase that repeats the path', async (t) => {
      const hook = await webhookReceiver(t, (req, res) => {
        res.writeHead(502, `Upstream failed for ${req.url} at 127.0.0.1`, { 'x-echo': req.url! });
        res.end(`echo ${req.url}`);
      });
      const r = await runCli(['notify', SHIPPED, newFile(), '--webhook', hook.url, ...FROM], FAST);
      assert.equal(r.code, 1);
      assert.deepEqual(r.err.trimEnd().split('\n'), [
        'try 1 failed: the webhook answered 502 Bad Gateway; trying again in 5 ms',
        'try 2 failed: the webhook answered 502 Bad Gateway; trying again in 10 ms',
        'try 3 failed: the webhook answered 502 Bad Gateway; trying again in 20 ms',
        'nedetid notify: the webhook answered 502 Bad Gateway; gave up after 4 tries',
      ]);
      assert.ok(secretFree(r.out + r.err, hook.port), r.err);
    });

    it('regression: a 307 is neither followed nor retried as a network error: notify says to use the final address', async (t) => {
      const hook = await webhookReceiver(t, (req, res) => {
        res.writeHead(307, `Moved to ${req.url}`, { location: `/elsewhere${req.url}` });
        res.end();
      });
      const r = await runCli(['notify', SHIPPED, newFile(), '--webhook', hook.url, ...FROM], FAST);
      assert.equal(r.code, 1);
      assert.equal(
        r.err,
        'nedetid notify: the webhook answered with a redirect (307); redirects are not followed: use the address it redirects to\n',
      );
      assert.deepEqual(
        hook.exchanges.map((e) => e.url.split('?')[0]),
        ['/workflows/abc/triggers/manual/paths/invoke'],
      );
      assert.ok(secretFree(r.out + r.err, hook.port));
    });

    it('a webhook address with a user name and password is refused once, not retried as a network error', async (t) => {
      const hook = await webhookReceiver(t, answerWith(200));
      const url = hook.url.replace('http://', 'http://user:Zm9vYmFy@');
      const r = await runCli(['notify', SHIPPED, newFile(), '--webhook', url, ...FROM], FAST);
      assert.equal(r.code, 1);
      assert.equal(
        r.err,
        'nedetid notify: the webhook address must not hold a user name or password before its host\n',
      );
      assert.equal(hook.exchanges.length, 0);
    });
  });

  describe('bounded read', () => {
    it('regression: notify reads at most a few kB of an answer that never ends', async (t) => {
      const chunk = Buffer.alloc(ONE_READ, 'x');
      const hook = await webhookReceiver(t, (_req, res, exchange) => {
        res.writeHead(200);
        // As fast as the client takes it, without end (600 MB made notify's RSS 1.9 GB).
        const pump = () => {
          while (!res.destroyed && res.write(chunk)) exchange.written += chunk.length;
        };
        res.on('drain', pump);
        pump();
      });
      const result = await postWebhook(hook.url, { text: 'x' }, { timeoutMs: 60_000 });
      assert.equal(result.tries, 1);
      assert.ok(
        result.answerBytes > 0 && result.answerBytes <= MAX_ANSWER_BYTES + ONE_READ,
        String(result.answerBytes),
      );
      assert.ok(MAX_ANSWER_BYTES <= 8192);
    });

    it('readAnswer pulls no more than the limit plus one chunk from a large body, then cancels it', async () => {
      let pulled = 0;
      let cancelled = false;
      const body = new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            pulled += 1000;
            controller.enqueue(new Uint8Array(1000));
          },
          cancel() {
            cancelled = true;
          },
        },
        { highWaterMark: 0 },
      );
      const read = await readAnswer(body, 4096);
      assert.equal(read, 5000);
      assert.ok(pulled <= 6000, String(pulled));
      assert.ok(cancelled);
    });
  });
});
