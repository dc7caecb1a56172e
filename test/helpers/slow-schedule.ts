/**
 * A valid schedule that takes seconds to load (about 5 s for 1,500 windows, 14 s for 6,000 on the
 * development machine): many monthly windows over many systems, each rendered into several feeds.
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
      `  - { id: w${i}, title: Vindu ${i}, provider: p, systems: [s${i % 300}, s${(i * 7 + 1) % 300}], repeat: FREQ=MONTHLY;BYDAY=${(i % 4) + 1}TU, from: 2026-01-01, until: 2027-12-31, time: "17:00", duration: PT1H }`,
    );
  }
  return lines.join('\n') + '\n';
}
