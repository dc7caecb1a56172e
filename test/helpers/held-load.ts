import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { startWorker, type LoadRequest } from '../../src/feeds/worker-loader.js';

/**
 * A `start` for workerLoader whose first `endless` loads never answer: their worker spins, as a
 * load with no end would, until the loader ends it (budget) or the test does. Later loads start
 * the real worker. So a test holds a load open for as long as it needs, on any machine, instead
 * of hoping that a big schedule takes longer than some number of milliseconds.
 */
export function heldLoads(endless = 1) {
  const held: { worker: Worker; exited: Promise<unknown> }[] = [];
  let started!: () => void;
  const firstStarted = new Promise<void>((resolve) => (started = resolve));
  const start = (request: LoadRequest, heapMb: number): Worker => {
    if (held.length >= endless) return startWorker(request, heapMb);
    const worker = new Worker('for (;;);', { eval: true });
    held.push({ worker, exited: once(worker, 'exit') });
    started();
    return worker;
  };
  return { start, held, firstStarted };
}
