import type { Occurrence } from '../occurrences/occurrence.js';
import { spanText } from '../views/occurrence-span.js';
import type { OccurrenceChange, ScheduleDiff } from './schedule-diff.js';

function systems(o: Occurrence): string {
  return o.window.allSystems ? 'all' : o.window.systems.join(', ');
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function detail(c: OccurrenceChange, announced: readonly string[]): string {
  const text = changeDetail(c, announced);
  if (!c.freeze) return text;
  const allowed = `in freeze ${c.freeze.id}, allowed: ${c.freeze.reason}`;
  return text ? `${text}; ${allowed}` : allowed;
}

function changeDetail(c: OccurrenceChange, announced: readonly string[]): string {
  if (c.kind === 'added' && announced.includes(c.windowId)) return 'was announced, now has a date';
  if (c.kind === 'changed') return c.fields!.join(', ');
  if (c.kind === 'removed' && c.windowDeleted)
    return 'window deleted; cancel instead (status: cancelled) so subscribers see it';
  if ((c.kind === 'cancelled' || c.kind === 'moved') && c.after?.note) return c.after.note;
  return '';
}

/** The diff as Markdown for a merge request: one table row per changed occurrence, then sequence problems. */
/** `raised`: --fix raised the sequences, so the report says so instead of asking for it. */
export function diffMarkdown(diff: ScheduleDiff, { raised = false } = {}): string {
  const zone = diff.timezone;
  const range = `${diff.from.setZone(zone).toISODate()} – ${diff.to.setZone(zone).toISODate()} (${zone})`;
  const lines = [`#### Planned downtime changes, ${range}`, ''];
  if (diff.changes.length === 0 && diff.systems.length === 0) lines.push('No occurrence changes in this period.');
  else {
    lines.push('| Change | When | Before | Window | Systems | Detail |', '| --- | --- | --- | --- | --- | --- |');
    // A system that joins or leaves is one row, whatever the occurrences it touches.
    for (const c of diff.systems) {
      const { from, until } = c.system;
      const when = [from ? `from ${from.toISODate()}` : '', until ? `until ${until.toISODate()}` : ''].filter(Boolean);
      const windows = c.windows.length ? `${c.kind === 'added' ? 'joins' : 'leaves'} ${c.windows.join(', ')}` : '';
      lines.push(
        `| system ${c.kind} | ${cell(when.join(' ') || 'always')} |  |  | ${cell(c.system.name)} (\`${c.system.id}\`) | ${cell(windows)} |`,
      );
    }
    for (const c of diff.changes) {
      const o = (c.after ?? c.before)!;
      const when = c.after ? spanText(c.after, zone, 'iso') : '';
      const before = c.before && (c.kind === 'moved' || c.kind === 'removed') ? spanText(c.before, zone, 'iso') : '';
      lines.push(
        `| ${c.kind} | ${cell(when)} | ${cell(before)} | ${cell(o.window.title)} (\`${c.windowId}\`) | ${cell(systems(o))} | ${cell(detail(c, diff.announced))} |`,
      );
    }
  }
  if (diff.outside.length > 0) {
    lines.push(
      '',
      '**Windows with no occurrence in these dates** (check the year):',
      '',
      '| Change | Window | Dates | Note |',
      '| --- | --- | --- | --- |',
    );
    for (const w of diff.outside) {
      const note = [w.inPast ? '**in the past**' : '', w.wasAnnounced ? 'was announced, now has a date' : '']
        .filter(Boolean)
        .join('; ');
      lines.push(`| ${w.kind} | ${cell(w.title)} (\`${w.windowId}\`) | ${cell(w.dates)} | ${note} |`);
    }
  }
  if (diff.sequence.length > 0 && raised) {
    lines.push('', '**Sequence raised by --fix** (calendars replace their copy of these windows):', '');
    for (const s of diff.sequence) lines.push(`- \`${s.windowId}\`: ${s.before} → ${s.before + 1}`);
  } else if (diff.sequence.length > 0) {
    lines.push('', '**Sequence not raised** (calendars keep their old copy of these windows):', '');
    for (const s of diff.sequence)
      lines.push(`- \`${s.problem.file}:${s.problem.line}:${s.problem.col}\`: ${s.problem.message}`);
  }
  return lines.join('\n') + '\n';
}

/** The diff as JSON for tools: ISO 8601 times with the zone's offset. */
export function diffJson(diff: ScheduleDiff) {
  const zone = diff.timezone;
  const iso = (o: Occurrence) => ({
    start: o.allDay ? o.start.toISODate()! : o.start.setZone(zone).toISO({ suppressMilliseconds: true })!,
    end: o.allDay ? o.end.toISODate()! : o.end.setZone(zone).toISO({ suppressMilliseconds: true })!,
    allDay: o.allDay,
  });
  return {
    from: diff.from.toISO(),
    to: diff.to.toISO(),
    timezone: zone,
    changes: diff.changes.map((c) => ({
      kind: c.kind,
      window: c.windowId,
      title: (c.after ?? c.before)!.window.title,
      systems: (c.after ?? c.before)!.window.systems,
      ...(c.after ? { after: iso(c.after) } : {}),
      ...(c.before ? { before: iso(c.before) } : {}),
      ...(c.fields ? { fields: c.fields } : {}),
      ...(c.after?.note && c.kind === 'cancelled' ? { note: c.after.note } : {}),
      ...(c.windowDeleted ? { windowDeleted: true } : {}),
      ...(c.freeze ? { freeze: c.freeze } : {}),
    })),
    windowsOutside: diff.outside.map((w) => ({
      kind: w.kind,
      window: w.windowId,
      title: w.title,
      dates: w.dates,
      inPast: w.inPast,
      ...(w.wasAnnounced ? { wasAnnounced: true } : {}),
    })),
    ...(diff.announced.length > 0 ? { announced: diff.announced } : {}),
    systems: diff.systems.map((c) => ({
      kind: c.kind,
      system: c.system.id,
      name: c.system.name,
      ...(c.system.from ? { from: c.system.from.toISODate() } : {}),
      ...(c.system.until ? { until: c.system.until.toISODate() } : {}),
      windows: c.windows,
    })),
    sequence: diff.sequence.map((s) => ({
      window: s.windowId,
      before: s.before,
      after: s.after,
      file: s.problem.file,
      line: s.problem.line,
      col: s.problem.col,
      message: s.problem.message,
    })),
  };
}
