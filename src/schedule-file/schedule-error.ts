/** One thing wrong (or worth a warning) in a schedule file, at a 1-based line and column. */
export interface ScheduleProblem {
  file: string;
  line: number;
  col: number;
  message: string;
  severity: 'error' | 'warning';
}

/**
 * At most this many errors are kept and reported: an editor fixes the first ones and runs `check`
 * again, while a hostile file could otherwise make a problem per value (390,000 empty aliases made
 * a 29.7 MB /healthz and a 28 MB log line). The total is still counted and said.
 */
export const MAX_REPORTED_PROBLEMS = 100;

export function formatProblem(p: ScheduleProblem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}`;
}

/** Thrown when a schedule is refused; carries the first errors found, each with its position, and their count. */
export class ScheduleError extends Error {
  readonly problems: ScheduleProblem[];
  /** Every error found, including those past MAX_REPORTED_PROBLEMS that `problems` leaves out. */
  readonly total: number;

  /** `total`: how many errors were found when `problems` was already cut short (see ProblemList). */
  constructor(problems: ScheduleProblem[], total?: number) {
    const errors = problems.filter((p) => p.severity === 'error');
    const kept = errors.slice(0, MAX_REPORTED_PROBLEMS);
    const count = Math.max(total ?? 0, errors.length);
    super([...kept.map(formatProblem), ...omittedLine(count, kept.length)].join('\n'));
    this.name = 'ScheduleError';
    this.problems = kept;
    this.total = count;
  }

  /** The problems as FILE:LINE:COL lines, and a last line saying how many were left out. */
  lines(): string[] {
    return [...this.problems.map(formatProblem), ...omittedLine(this.total, this.problems.length)];
  }

  /** "3 problems; the schedule was not loaded" */
  summary(): string {
    return `${this.total} problem${this.total === 1 ? '' : 's'}; the schedule was not loaded`;
  }
}

function omittedLine(total: number, shown: number): string[] {
  return total > shown ? [`… and ${total - shown} more problems; fix these first and check again`] : [];
}

/**
 * Problems as a parse collects them: every one counted, the first MAX_REPORTED_PROBLEMS of each
 * severity kept (warnings are bounded the same way).
 */
export class ProblemList {
  readonly kept: ScheduleProblem[] = [];
  private errors = 0;
  private warnings = 0;

  add(p: ScheduleProblem): void {
    const n = p.severity === 'error' ? ++this.errors : ++this.warnings;
    if (n <= MAX_REPORTED_PROBLEMS) this.kept.push(p);
  }

  get errorCount(): number {
    return this.errors;
  }

  get warningList(): ScheduleProblem[] {
    return this.kept.filter((p) => p.severity === 'warning');
  }

  toError(): ScheduleError {
    return new ScheduleError(this.kept, this.errors);
  }
}

/** A problem with the file as a whole (not readable, too large, not a file), at 1:1. */
export function fileProblem(file: string, message: string): ScheduleError {
  return new ScheduleError([{ file, line: 1, col: 1, message, severity: 'error' }]);
}
