import { fileProblem } from '../schedule-file/schedule-error.js';
import { MAX_SCHEDULE_BYTES } from '../schedule-file/schedule-limits.js';
import {
  readScheduleFile,
  readSettledScheduleFile,
  type ScheduleFileRead,
} from '../schedule-file/read-schedule-file.js';
import type { Schedule } from '../schedule/schedule.js';
import { clockFromSettings } from '../time/clock.js';
import type { RenderedFeeds } from './feed-set.js';
import type { LoadText } from './load-feeds.js';
import { workerLoader } from './worker-loader.js';

/** The schedule the service starts with, and the loader every reload uses after it. */
export interface FirstLoad {
  load: LoadText;
  read: Extract<ScheduleFileRead, { ok: true }>;
  schedule: Schedule;
  rendered: RenderedFeeds;
  /** performance.now() when the load began: "schedule loaded" logs how long it took. */
  started: number;
}

/** What the first load needs of the service's settings (settings.ts). */
export interface FirstLoadSettings {
  config: string;
  loadBudgetMs: number;
  workerHeapMb: number;
  settleMs: number;
  fixedNow?: string | undefined;
}

/**
 * Reads and loads the schedule in the load worker. `serve` calls this before it imports Fastify
 * and the routes, so the worker's work and the main thread's module loading overlap.
 *
 * The file is read once, without waiting for it to hold still (the settle time is for edits
 * being saved); only a file that is unreadable or refused then is read again once it holds still,
 * in case it was caught halfway through being written.
 */
export async function firstLoad(settings: FirstLoadSettings): Promise<FirstLoad> {
  const started = performance.now();
  const load = workerLoader({ budgetMs: settings.loadBudgetMs, heapMb: settings.workerHeapMb });
  // NEDETID_NOW is a local time in the calendar's zone, which the first load tells: until then it
  // is read in UTC, and the reloader's first poll renders again should that be another month.
  const loadRead = async (read: ScheduleFileRead | null) => {
    if (!read?.ok) throw fileProblem(settings.config, read?.message ?? 'not read');
    return { read, ...(await load(read.bytes, settings.config, clockFromSettings(settings.fixedNow, 'UTC').now())) };
  };
  const loaded = await loadRead(await readScheduleFile(settings.config, MAX_SCHEDULE_BYTES)).catch(async () =>
    loadRead(await readSettledScheduleFile(settings.config, MAX_SCHEDULE_BYTES, settings.settleMs)),
  );
  return { load, started, ...loaded };
}
