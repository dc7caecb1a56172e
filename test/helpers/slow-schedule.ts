/**
 * A valid schedule that is costly to load: many windows over many systems, each rendered into
 * several feeds, with rules and first dates that differ (so no two windows share an expansion).
 * The worker's heap test uses it for its size; the CLI's budget test uses the largest one allowed
 * against the budget's floor of 100 ms. A load that must outlast a budget is otherwise one that
 * never ends (helpers/held-load.ts).
 */
export function slowSchedule(windows: number): string {
  const lines = [
    'calendar: { name: Stor, timezone: Europe/Oslo, domain: stor.example.no }',
    'providers:',
    '  p: { name: P }',
  ];
  lines.push('systems:');
  for (let i = 0; i < 300; i++) lines.push(`  s${i}: { name: System ${i} }`);
  lines.push('windows:');
  for (let i = 0; i < windows; i++) {
    lines.push(
      `  - { id: w${i}, title: Vindu ${i}, provider: p, systems: [s${i % 300}, s${(i * 7 + 1) % 300}, s${(i * 13 + 2) % 300}, s${(i * 31 + 3) % 300}], repeat: FREQ=WEEKLY;INTERVAL=${(i % 3) + 2};BYDAY=TU, from: 2026-${String((i % 12) + 1).padStart(2, '0')}-${String(((i >> 4) % 28) + 1).padStart(2, '0')}, until: 2031-12-31, time: "17:00", duration: PT1H }`,
    );
  }
  return lines.join('\n') + '\n';
}
