import { Worker } from 'node:worker_threads';
import type { LintFinding } from '../ical/lint-feed.js';
import { fileProblem, ScheduleError, type ScheduleProblem } from '../schedule-file/schedule-error.js';
import { reviveSchedule, type ScheduleText } from './schedule-transfer.js';
import { FeedCheckError } from './feed-check-error.js';
import type { RenderedFeeds } from './feed-set.js';
import type { LoadText } from './load-feeds.js';

/** How long a load may take before it is abandoned (NEDETID_LOAD_BUDGET_MS). */
export const LOAD_BUDGET_MS = 30_000;

/**
 * The load worker's heap (NEDETID_WORKER_HEAP_MB): at most this much old space (a schedule within the limits needs a few
 * hundred MB: 20,000 windows, 10 % of them `systems: all`, about 415), so a file that would need
 * more is refused rather than taking the process's memory; and a young generation of 96 MB
 * (V8's default is 48), which cut the scavenges of loading 10,000 windows from about 65 to 40
 * (most of its objects live to the end, and each scavenge copies them).
 */
export const WORKER_HEAP_MB = 1024;
const WORKER_YOUNG_MB = 96;

/** What the load worker is given (workerData). */
export interface LoadRequest {
  bytes: Uint8Array;
  name: string;
  now: Date;
}

/** What the load worker answers: plain data only (see load-worker.ts). */
export type LoadReply =
  | { ok: true; schedule: ScheduleText; rendered: RenderedFeeds; warnings: ScheduleProblem[] }
  | { ok: false; problems: ScheduleProblem[]; total: number }
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
export function workerLoader({
  budgetMs = LOAD_BUDGET_MS,
  heapMb = WORKER_HEAP_MB,
  start = startWorker,
}: {
  budgetMs?: number;
  heapMb?: number;
  /** Starts the worker; tests pass one that never answers, to hold a load open for as long as they need. */
  start?: (request: LoadRequest, heapMb: number) => Worker;
} = {}): LoadText {
  return (bytes, name, now) =>
    new Promise((resolve, reject) => {
      const worker = start({ bytes, name, now }, heapMb);
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
          } else if ('problems' in reply) reject(new ScheduleError(reply.problems, reply.total));
          else if ('findings' in reply) reject(new FeedCheckError(reply.findings));
          else reject(new Error(reply.message));
        }),
      );
      worker.on('error', (err: Error & { code?: string }) =>
        finish(() =>
          reject(
            err.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? fileProblem(
                  name,
                  `loading the schedule needed more than ${heapMb} MB of memory and was stopped; make it smaller (fewer windows, shorter rules, fewer far-off dates)`,
                )
              : new Error(`the load worker failed: ${err.message}`),
          ),
        ),
      );
      worker.on('exit', (code) => finish(() => reject(new Error(`the load worker exited with code ${code}`))));
    });
}

/**
 * Starts the worker's module beside this one. Run from src/ under tsx (tests, development), it is
 * a .ts file, and tsx's `--import` hooks do not reach worker threads (privatenumber/tsx#354), so
 * the worker registers tsx itself before importing it. Built (dist/), it is plain .js.
 */
export function startWorker(request: LoadRequest, heapMb: number): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(`./load-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url);
  const options = {
    workerData: request,
    resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
  };
  if (!fromSource) return new Worker(entry, options);
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const code = `import(${tsx}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(code, { ...options, eval: true });
}
