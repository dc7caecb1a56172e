import { usage, type CommandContext } from './command.js';
import { scheduleChanges } from './schedule-changes.js';
import { selectedSystems } from './selected-systems.js';
import { postedLine, postMessage, webhookTarget } from './webhook-post.js';

/** `nedetid notify`: the changes of the next days as one Teams or Slack message. */
export async function notify(args: string[], context: CommandContext): Promise<number> {
  const { io } = context;
  const { values, days, before, after, ...changes } = await scheduleChanges('notify', args, context);
  let diff = changes.diff;
  if (values.system !== undefined || values.audience !== undefined) {
    // Each municipality's channel gets the changes its feed shows: the same selection.
    const selected = selectedSystems(after.index, values.system, values.audience);
    if (typeof selected === 'string') return usage(selected);
    const { changesTouching } = await import('../diff/changes-touching.js');
    diff = changesTouching(diff, before.index, after.index, selected);
  }
  const target = webhookTarget('notify', values);
  if (typeof target === 'string') return usage(target);
  if (diff.changes.length === 0) {
    io.out(`nothing to announce: no occurrence changes in the next ${days} days\n`);
    return 0;
  }
  const { changeMessage } = await import('../notify/change-message.js');
  const message = changeMessage(diff, after.schedule, target.format, target.pageUrl);
  const tries = await postMessage('notify', target.url, message, io);
  if (tries === null) return 1;
  io.out(postedLine(diff.changes.length, 'change', target.format, tries));
  return 0;
}
