import { Worker } from 'node:worker_threads';
import type { LintFinding } from '../ical/lint-feed.js';
import { fileProblem } from '../schedule/load-schedule.js';
import { ScheduleError, type ScheduleProblem } from '../schedule/schedule-error.js';
import { reviveSchedule, type ScheduleText } from '../schedule/schedule-transfer.js';
import { FeedCheckError, type RenderedFeeds } from './feed-set.js';
import type { LoadText } from './load-feeds.js';

/** How long a load may take before it is abandoned (NEDETID_LOAD_BUDGET_MS). */
export const LOAD_BUDGET_MS = 30_000;

/** What the load worker is given (workerData). */
export interface LoadRequest {
  bytes: Uint8Array;
  name: string;
  now: Date;
}

/** What the load worker answers: plain data only (see load-worker.ts). */
export type LoadReply =
  | { ok: true; schedule: ScheduleText; rendered: RenderedFeeds; warnings: ScheduleProblem[] }
  | { ok: false; problems: ScheduleProblem[] }
  | { ok: false; findings: LintFinding[] }
  | { ok: false; message: string };

/**
 * Loads schedule texts in a worker thread, one worker per load, so that parsing, validating and
 * rendering (seconds for a large or expensive schedule, issue 9) never hold the event loop that
 * answers requests. The worker sends the rendered feeds (their bodies transferred, not copied)
 * and the schedule as JSON text, which is revived here: the page, embed, Atom and API expand
 * occurrences from the Schedule itself, and a revived one costs milliseconds where a parse costs
 * seconds. A new worker per load also gives back all its memory when it ends.
 *
 * A load that takes longer than `budgetMs` is stopped (worker.terminate()) and refused like an
 * invalid file, with a problem that says so; a worker that dies is refused likewise.
 */
export function workerLoader({ budgetMs = LOAD_BUDGET_MS } = {}): LoadText {
  return (bytes, name, now = new Date()) =>
    new Promise((resolve, reject) => {
      const worker = startWorker({ bytes, name, now });
      let done = false;
      const finish = (settle: () => void) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        void worker.terminate();
        settle();
      };
      const timer = setTimeout(
        () =>
          finish(() =>
            reject(
              fileProblem(
                name,
                `loading the schedule took longer than ${budgetMs} ms (NEDETID_LOAD_BUDGET_MS) and was stopped; make it cheaper (fewer windows, shorter rules, fewer far-off dates)`,
              ),
            ),
          ),
        budgetMs,
      );
      worker.on('message', (reply: LoadReply) =>
        finish(() => {
          if (reply.ok) {
            const { rendered, warnings } = reply;
            reviveSchedule(reply.schedule).then((schedule) => resolve({ schedule, rendered, warnings }), reject);
          } else if ('problems' in reply) reject(new ScheduleError(reply.problems));
          else if ('findings' in reply) reject(new FeedCheckError(reply.findings));
          else reject(new Error(reply.message));
        }),
      );
      worker.on('error', (err) => finish(() => reject(new Error(`the load worker failed: ${err.message}`))));
      worker.on('exit', (code) => finish(() => reject(new Error(`the load worker exited with code ${code}`))));
    });
}

/**
 * Starts the worker's module beside this one. Run from src/ under tsx (tests, development), it is
 * a .ts file, and tsx's `--import` hooks do not reach worker threads (privatenumber/tsx#354), so
 * the worker registers tsx itself before importing it. Built (dist/), it is plain .js.
 */
function startWorker(request: LoadRequest): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(`./load-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url);
  if (!fromSource) return new Worker(entry, { workerData: request });
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const code = `import(${tsx}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(code, { eval: true, workerData: request });
}
