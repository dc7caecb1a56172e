import type { DateTime } from 'luxon';
import type { Freeze, Window } from '../schedule/schedule.js';
import type { WallClock } from '../time/wall-clock.js';

/** What every expanded period has, a window's occurrence or a freeze's. */
export interface Dated {
  /** Start and end as instants in the calendar's zone (end exclusive). */
  start: DateTime;
  end: DateTime;
  allDay: boolean;
  /** Set when the occurrence was moved: the date the rule gave it. */
  movedFrom?: WallClock;
  note?: string;
  /** Called off (`status: cancelled`, or listed under `cancelled:`); `note` says why when given. */
  cancelled?: true;
}

/** One dated outage: what `upcoming`, the API and the page show, and what feeds must expand to. */
export interface Occurrence extends Dated {
  window: Window;
  /** The public holiday it falls on (calendar.holidays), set by expandSchedule. */
  holiday?: string;
}

/** One dated period of a freeze: when nothing on its systems may go down. */
export interface FreezeOccurrence extends Dated {
  freeze: Freeze;
}
