import { writeFileSync } from 'node:fs';
import { loadFeeds } from '../src/feeds/load-feeds.js';

// One schedule size in a fresh process: time from start until every feed is ready, and peak memory.
const windows = Number(process.argv[2]);
const file = process.argv[3]!;
const systems = 1000;
const lines = [
  'calendar: { name: Skala, timezone: Europe/Oslo, domain: bench.example.no }',
  'providers:',
  '  p: { name: P }',
  'systems:',
];
for (let i = 0; i < systems; i++) lines.push(`  s${i}: { name: System ${i} }`);
lines.push('windows:');
for (let i = 0; i < windows; i++) {
  const sys = [i % systems, (i * 7 + 1) % systems, (i * 13 + 2) % systems];
  const when =
    i % 3 === 0
      ? `repeat: FREQ=MONTHLY;BYDAY=${(i % 4) + 1}TU, from: 2026-01-01, until: 2027-12-31, time: "17:00", duration: PT1H`
      : i % 3 === 1
        ? `start: 2026-${String((i % 12) + 1).padStart(2, '0')}-10T18:00, duration: PT3H`
        : `date: 2026-${String((i % 12) + 1).padStart(2, '0')}-14, days: 2`;
  lines.push(
    `  - { id: w${i}, title: Vindu ${i} – æøå, provider: p, systems: [s${sys[0]}, s${sys[1]}, s${sys[2]}], ${when} }`,
  );
}
writeFileSync(file, lines.join('\n') + '\n');
const started = performance.now();
const { feeds } = await loadFeeds(file);
const ms = performance.now() - started;
process.stdout.write(
  JSON.stringify({ windows, feeds: feeds.feeds.length, ms, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n',
);
