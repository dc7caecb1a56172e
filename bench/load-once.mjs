// One schedule load as the service does it in its load worker: read, parse, validate and render
// every feed's parts and ETag, nothing written. Plain node over dist/, like `nedetid build`.
//   node bench/load-once.mjs FILE
import { readFileSync } from 'node:fs';
import { loadText } from '../dist/feeds/load-feeds.js';
import { REAL_TIME } from '../dist/time/clock.js';

const loaded = loadText(readFileSync(process.argv[2]), 'bench.yaml', REAL_TIME.now());
if (loaded.rendered.feeds.length === 0) throw new Error('no feeds rendered');
