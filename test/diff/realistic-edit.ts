import { readFileSync } from 'node:fs';
import { SHIPPED } from '../helpers/load.js';

/**
 * A realistic edit of the shipped schedule, as an editor would make it in December 2026: IST
 * calls off January's window, the regional January window moves a week, and a new one-off
 * takes the internet down on a Saturday. No sequence raised: the mistake `diff` must catch.
 */
export function realisticEdit(text = readFileSync(SHIPPED, 'utf8')): string {
  const edits: [string, string][] = [
    [
      '    time: "17:00"\n    duration: PT1H\n',
      '    time: "17:00"\n    duration: PT1H\n    cancelled:\n      - { date: 2027-01-26, note: IST utsetter vedlikeholdet }\n',
    ],
    [
      '      - { date: 2022-12-21, to: 2022-12-14, note: Før jul }\n',
      '      - { date: 2022-12-21, to: 2022-12-14, note: Før jul }\n      - { date: 2027-01-20, to: 2027-01-27, note: Flyttet etter ønske fra økonomi }\n',
    ],
    [
      '# Announced work',
      [
        '  - id: brannmur-2027-02-13',
        '    title: Bytte av brannmur – internett nede',
        '    provider: ikt-gjovikregionen',
        '    systems: [internett]',
        '    start: 2027-02-13T08:00',
        '    end: 2027-02-13T12:00',
        '',
        '# Announced work',
      ].join('\n'),
    ],
  ];
  for (const [from, to] of edits) {
    if (text.split(from).length !== 2) throw new Error(`realistic edit: '${from}' is not in the schedule once`);
    text = text.replace(from, to);
  }
  return text;
}
