import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { diffJson, diffMarkdown } from '../diff/diff-report.js';
import { raiseSequences } from '../diff/raise-sequence.js';
import { usage, type CommandContext } from './command.js';
import { formatProblems } from './problem-annotations.js';
import { scheduleChanges } from './schedule-changes.js';

/**
 * `nedetid diff`: the changes as Markdown (or JSON); exit 1 when a window changed without a
 * higher sequence, which `--fix` raises in the file.
 */
export async function diff(args: string[], context: CommandContext): Promise<number> {
  const { io } = context;
  const { values, diff, now, afterFile } = await scheduleChanges('diff', args, context);
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'github') return usage(`--format '${format}' must be text or github (for diff)`);
  const raised = values.fix && diff.sequence.length > 0;
  const report = values.json ? JSON.stringify(diffJson(diff), null, 2) + '\n' : diffMarkdown(diff, { raised });
  // In GitHub Actions the table goes to the job summary and stdout carries the annotations.
  if (format === 'github' && process.env.GITHUB_STEP_SUMMARY) await appendFile(process.env.GITHUB_STEP_SUMMARY, report);
  else io.out(report);
  if (diff.sequence.length === 0) return 0;
  if (raised) {
    const updated = now.toFormat("yyyy-MM-dd'T'HH:mm");
    const fixes = diff.sequence.map((p) => ({ windowId: p.windowId, sequence: p.before + 1, updated }));
    await writeFile(afterFile, raiseSequences(await readFile(afterFile, 'utf8'), fixes, updated));
    for (const f of fixes)
      io.err(`${afterFile}: window '${f.windowId}': sequence raised to ${f.sequence}, updated ${f.updated}\n`);
    io.err(`${afterFile}: calendar.updated set to ${updated} ("Sist endret" and every DTSTAMP)\n`);
    return 0;
  }
  const problems = formatProblems(
    diff.sequence.map((p) => p.problem),
    format,
  );
  (format === 'github' ? io.out : io.err)(problems);
  return 1;
}
