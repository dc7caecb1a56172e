import { parentPort, workerData } from 'node:worker_threads';
import { ScheduleError } from '../schedule-file/schedule-error.js';
import { encodeSchedule } from './schedule-transfer.js';
import { FeedCheckError } from './feed-check-error.js';
import { loadText } from './load-feeds.js';
import type { LoadReply, LoadRequest } from './worker-loader.js';

// The load worker (started by worker-loader.ts, one per load): parses, validates and renders one
// schedule text off the main thread and sends back plain data. Errors go back as data too: their
// classes do not survive postMessage.
const { bytes, name, now } = workerData as LoadRequest;
let reply: LoadReply;
try {
  const { schedule, rendered, warnings } = loadText(Buffer.from(bytes), name, now);
  reply = { ok: true, schedule: encodeSchedule(schedule), rendered, warnings };
} catch (err) {
  reply =
    err instanceof ScheduleError
      ? { ok: false, problems: err.problems, total: err.total }
      : err instanceof FeedCheckError
        ? { ok: false, findings: err.findings }
        : { ok: false, message: err instanceof Error ? err.message : String(err) };
}
parentPort!.postMessage(reply);
