import { IANAZone } from 'luxon';
import { transitionsIn } from '/work/main/src/time/cached-zone.ts';
const zones = Intl.supportedValuesOf('timeZone');
let minGap = Infinity, where = '';
const t0 = performance.now();
for (const z of zones) {
  const tz = IANAZone.create(z);
  let prev = -Infinity;
  for (let y = 1995; y <= 2040; y++) for (const t of transitionsIn(tz, y)) { if (t - prev < minGap) { minGap = t - prev; where = `${z} ${new Date(t).toISOString()}`; } prev = t; }
}
console.log('min gap days', minGap / 864e5, where, 'zones', zones.length, ((performance.now() - t0) / 1000).toFixed(1), 's');
