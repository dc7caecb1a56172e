/**
 * A valid schedule that takes seconds to load: many windows over many systems, each rendered into
 * several feeds, with rules and first dates that differ (so no two windows share an expansion).
 *
 * `datedEvery`: every n-th window gets an offset, so Outlook has no template for its rule and each
 * of its dates up to the rolling end is an event of its own, the costliest thing to render. Since
 * issue 10, 15,000 windows without them load in about a second, under the 1.5 s budget the server
 * test sets below a slow load. They also make ten times the feed text (42 MB for 10,000 windows),
 * which the main thread then receives: only the budget test uses them.
 */
export function slowSchedule(windows: number, { datedEvery = 0 } = {}): string {
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
      `  - { id: w${i}, title: Vindu ${i}, provider: p, systems: [s${i % 300}, s${(i * 7 + 1) % 300}, s${(i * 13 + 2) % 300}, s${(i * 31 + 3) % 300}], repeat: FREQ=WEEKLY;INTERVAL=${(i % 3) + 2};BYDAY=TU, from: 2026-${String((i % 12) + 1).padStart(2, '0')}-${String(((i >> 4) % 28) + 1).padStart(2, '0')}, until: 2031-12-31, time: "17:00", duration: PT1H${datedEvery > 0 && i % datedEvery === 0 ? ', offset: P2D' : ''} }`,
    );
  }
  return lines.join('\n') + '\n';
}
