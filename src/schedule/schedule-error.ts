/** One thing wrong (or worth a warning) in a schedule file, at a 1-based line and column. */
export interface ScheduleProblem {
  file: string;
  line: number;
  col: number;
  message: string;
  severity: 'error' | 'warning';
}

export function formatProblem(p: ScheduleProblem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}`;
}

/** Thrown when a schedule is refused; carries every error found, each with its position. */
export class ScheduleError extends Error {
  readonly problems: ScheduleProblem[];

  constructor(problems: ScheduleProblem[]) {
    const errors = problems.filter((p) => p.severity === 'error');
    super(errors.map(formatProblem).join('\n'));
    this.name = 'ScheduleError';
    this.problems = errors;
  }
}
