import type { LintFinding } from '../ical/lint-feed.js';

/** A rendered feed failed a structural check: a bug in nedetid, never served. */
export class FeedCheckError extends Error {
  constructor(readonly findings: LintFinding[]) {
    super(
      `rendered feed fails structural checks: ${findings.map((f) => `${f.check} (line ${f.line ?? '?'}): ${f.message}`).join('; ')}`,
    );
  }
}
