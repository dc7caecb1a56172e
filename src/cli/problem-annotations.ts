import { createHash } from 'node:crypto';
import { formatProblem, type ScheduleProblem } from '../schedule-file/schedule-error.js';

/** How `check` and `diff` print problems: plain FILE:LINE:COL lines, or a CI system's own format. */
export type ProblemFormat = 'text' | 'github' | 'gitlab';
export const PROBLEM_FORMATS: readonly ProblemFormat[] = ['text', 'github', 'gitlab'];

/**
 * GitHub Actions workflow commands (`::warning file=…,line=…,col=…::message`), which the
 * pipeline shows on the changed line of a pull request; escaping as in @actions/core.
 */
export function githubAnnotation(p: ScheduleProblem): string {
  const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const prop = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  return `::${p.severity} file=${prop(p.file)},line=${p.line},col=${p.col}::${data(p.message)}`;
}

/**
 * A GitLab Code Quality report (JSON array), which a merge request shows per line when the job
 * saves it as `artifacts: reports: codequality`. The fingerprint leaves out the line, so a
 * problem that only moves is not reported as new.
 */
export function gitlabCodeQuality(problems: ScheduleProblem[]): string {
  return (
    JSON.stringify(
      problems.map((p) => ({
        description: p.message,
        check_name: p.severity === 'error' ? 'nedetid-error' : 'nedetid-warning',
        fingerprint: createHash('sha256').update(`${p.file}\n${p.severity}\n${p.message}`).digest('hex'),
        severity: p.severity === 'error' ? 'major' : 'minor',
        location: { path: p.file, lines: { begin: p.line } },
      })),
      null,
      2,
    ) + '\n'
  );
}

/** Problems as lines for the chosen format (gitlab: one JSON document). */
export function formatProblems(problems: ScheduleProblem[], format: ProblemFormat): string {
  if (format === 'gitlab') return gitlabCodeQuality(problems);
  const line = format === 'github' ? githubAnnotation : formatProblem;
  return problems.map((p) => line(p) + '\n').join('');
}
