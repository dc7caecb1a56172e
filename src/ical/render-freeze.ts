import { DEFAULT_STAMP, type Freeze } from '../schedule/schedule.js';
import type { ScheduleIndex } from '../schedule/schedule-index.js';
import type { WallClock } from '../time/wall-clock.js';
import { contentLines } from './content-line.js';
import { feedTexts } from './feed-texts.js';
import { timingEvents } from './render-window.js';
import { veventLines, type VEventFields } from './vevent-text.js';

/**
 * All VEVENT text (folded, CRLF) for one freeze, in the freezes feed only: published as a window
 * with the same timing is (one event, one all-day event, or a series Outlook maps), so the
 * planners' calendars show exactly the periods `check` refuses windows in.
 */
export function renderFreeze(freeze: Freeze, index: ScheduleIndex, month: WallClock): string {
  const { schedule } = index;
  const systems = freeze.allSystems
    ? feedTexts.allSystems
    : freeze.systems.map((id) => index.system(id).name).join(', ');
  const description = [freeze.description, feedTexts.frozen(systems)].filter(Boolean).join('\n\n');
  const updated = schedule.calendar.updated;
  const stamp = (updated ?? DEFAULT_STAMP).toMillis();
  const organizer = schedule.calendar.organizer;
  const base: Omit<VEventFields, 'span'> = {
    uid: `${freeze.id}@${schedule.calendar.domain}`,
    sequence: 0,
    stamp,
    ...(updated ? { lastModified: stamp } : {}),
    summary: freeze.title,
    description,
    status: 'CONFIRMED',
    ...(organizer ? { organizer } : {}),
  };
  const events = timingEvents(freeze.id, freeze.timing, base, schedule, month, (move) =>
    [feedTexts.moved(move.from.toFormat('dd.MM.yyyy'), move.note), description].join('\n\n'),
  );
  if (events.length === 0) return '';
  const lines: string[] = [];
  for (const e of events) veventLines(e, lines);
  return contentLines(lines);
}
