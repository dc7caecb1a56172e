import type { DateTime } from 'luxon';
import type { Freeze, Window } from '../schedule/schedule.js';
import type { WallClock } from '../time/wall-clock.js';

/** One dated outage: what `upcoming`, the API and the page show, and what feeds must expand to. */
export interface Occurrence {
  window: Window;
  /** Start and end as instants in the calendar's zone (end exclusive). */
  start: DateTime;
  end: DateTime;
  allDay: boolean;
  /** Set when the occurrence was moved: the date the rule gave it. */
  movedFrom?: WallClock;
  note?: string;
  /** Called off (`status: cancelled`, or listed under `cancelled:`); `note` says why when given. */
  cancelled?: true;
  /** The public holiday it falls on (calendar.holidays), set by expandSchedule. */
  holiday?: string;
}

/** One dated period of a freeze: when nothing on its systems may go down. */
export interface FreezeOccurrence {
  freeze: Freeze;
  /** Start and end as instants in the calendar's zone (end exclusive). */
  start: DateTime;
  end: DateTime;
  allDay: boolean;
  movedFrom?: WallClock;
  note?: string;
  cancelled?: true;
}
