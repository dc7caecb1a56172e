import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_LINE_CHARS, MAX_MESSAGE_LINES, webhookMessage } from '../../src/notify/webhook-message.js';
import { SHIPPED } from '../helpers/load.js';
import { runCli } from '../helpers/run-cli.js';

const parts = (lines: string[]) => ({ title: 'Planlagt nedetid', summary: 'Endringer', lines });

/** The TextRuns of a Teams card. */
const teamsLines = (message: object) =>
  (
    message as {
      attachments: { content: { body: { type: string; inlines?: { text: string }[] }[] } }[];
    }
  ).attachments[0]!.content.body.flatMap((b) => b.inlines?.map((i) => i.text) ?? []);

/** The section texts of a Slack message. */
const slackSections = (message: object) =>
  (message as { blocks: { type: string; text: { text: string } }[] }).blocks
    .filter((b) => b.type === 'section')
    .map((b) => b.text.text);

describe('webhookMessage limits', () => {
  it('posts at most 20 lines and counts the rest (355 changes made a 75 KB Teams card bug)', () => {
    const lines = Array.from(
      { length: 355 },
      (_, i) => `Ny: vindu ${i} – man. 1. feb 2027 08:00–12:00. Berører: Internett.`,
    );
    const teams = teamsLines(webhookMessage(parts(lines), 'teams'));
    assert.equal(teams.length, MAX_MESSAGE_LINES + 1);
    assert.deepEqual(teams.slice(0, MAX_MESSAGE_LINES), lines.slice(0, MAX_MESSAGE_LINES));
    assert.equal(teams.at(-1), `… og ${355 - MAX_MESSAGE_LINES} til: se siden for hele listen.`);
    assert.ok(JSON.stringify(webhookMessage(parts(lines), 'teams')).length < 28_000);
  });

  it('cuts a very long line (a 20,000-character freeze-reason made a 20 KB Slack section bug)', () => {
    const long = `Flyttet: ${'x'.repeat(20_000)}`;
    const [teams] = teamsLines(webhookMessage(parts([long]), 'teams'));
    assert.equal([...teams!].length, MAX_LINE_CHARS);
    assert.ok(teams!.endsWith('…'));
    for (const text of slackSections(webhookMessage(parts([long, long, long]), 'slack')))
      assert.ok(text.length <= 3000, `a Slack section of ${text.length} characters`);
  });

  it('keeps every line of a short message in Slack sections of at most 3,000 characters', () => {
    const lines = Array.from({ length: MAX_MESSAGE_LINES }, (_, i) => `${i}: ${'y'.repeat(280)}`);
    const sections = slackSections(webhookMessage(parts(lines), 'slack'));
    assert.ok(sections.length > 1);
    for (const text of sections) assert.ok(text.length <= 3000);
    assert.deepEqual(
      sections.join('\n').split('\n'),
      lines.map((l) => `• ${l}`),
    );
  });
});

describe('--audience and --system in notify and remind', () => {
  it('refuses an empty --audience (it meant everyone, so a CronJob with an empty variable posted every system bug)', async () => {
    for (const args of [
      ['notify', SHIPPED, SHIPPED, '--webhook', 'http://127.0.0.1:9/x'],
      ['remind', '--config', SHIPPED, '--before', 'P1D', '--every', 'PT15M', '--webhook', 'http://127.0.0.1:9/x'],
    ]) {
      const empty = await runCli([...args, '--audience', '']);
      assert.equal(empty.code, 2, args[0]);
      assert.match(empty.err, /--audience '' is not an audience; known: gjovik/);
      const noSystem = await runCli([...args, '--system', '']);
      assert.equal(noSystem.code, 2, args[0]);
      assert.match(noSystem.err, /--system and --audience name no system/);
    }
  });

  it('refuses --audience given twice (the last one silently won bug)', async () => {
    const r = await runCli(['upcoming', '--config', SHIPPED, '--audience', 'ostre-toten', '--audience', 'gjovik']);
    assert.equal(r.code, 2);
    assert.match(r.err, /--audience is given 2 times; give one/);
  });
});
