import { FeedCheckError } from '../feeds/feed-check-error.js';
import { OutputError } from '../feeds/write-feed-files.js';
import { ScheduleError } from '../schedule-file/schedule-error.js';
import { SettingsError } from '../settings.js';
import { UsageError, type Command, type Out } from './command.js';
import { HELP, USAGE } from './help-texts.js';

/**
 * Every `nedetid COMMAND`, each in its own file, loaded when asked for: `check` and `build` start
 * without Fastify, the diff code or the webhook client.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  check: async () => (await import('./check.js')).check,
  build: async () => (await import('./build.js')).build,
  upcoming: async () => (await import('./upcoming.js')).upcoming,
  diff: async () => (await import('./diff.js')).diff,
  notify: async () => (await import('./notify.js')).notify,
  remind: async () => (await import('./remind.js')).remind,
  serve: async () => (await import('./serve.js')).serve,
};

const STANDARD_IO: Out = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

/**
 * Runs one command line and returns its exit code (-1: `serve` keeps running). Every error
 * ends here as lines a person can act on, never a stack trace.
 */
export async function main(argv: string[], io: Out = STANDARD_IO): Promise<number> {
  const [command, ...rest] = argv;
  const defaultConfig = process.env.NEDETID_CONFIG ?? 'config/schedule.yaml';
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.out(USAGE + '\n');
    return command === undefined ? 2 : 0;
  }
  const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  // Before any option parsing, so `serve --help` explains and never starts a server.
  if (load && rest.some((a) => a === '--help' || a === '-h')) {
    io.out(HELP[command] + '\n');
    return 0;
  }
  try {
    if (!load) throw new UsageError(`unknown command '${command}'`);
    return await (
      await load()
    )(rest, { io, defaultConfig });
  } catch (err) {
    return reportError(err, command, io);
  }
}

/** What a failed command prints, and its exit code: 1 for the schedule or the run, 2 for the command line. */
function reportError(err: unknown, command: string, io: Out): number {
  if (err instanceof ScheduleError) {
    for (const line of err.lines()) io.err(line + '\n');
    io.err(err.summary() + '\n');
    return 1;
  }
  if (err instanceof FeedCheckError) {
    // The schedule is valid; a feed failing a structural check is our bug, not the editor's.
    io.err(`nedetid rendered a feed that fails structural checks; please report this: ${err.message}\n`);
    return 1;
  }
  const parseArgsError = err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS');
  if (err instanceof UsageError || parseArgsError) {
    // A usage error is one line: the whole help pushed the reason off the screen.
    const help = Object.hasOwn(HELP, command) ? `nedetid ${command} --help` : 'nedetid --help';
    io.err(`nedetid: ${err.message}\nsee \`${help}\`\n`);
    return 2;
  }
  if (err instanceof SettingsError) {
    io.err(`nedetid: ${err.message}\n`);
    return 2;
  }
  if (err instanceof OutputError) {
    io.err(`nedetid: ${err.message}\n`);
    return 1;
  }
  // Never a stack trace: one line, and the way to get the trace when reporting it.
  io.err(
    `nedetid: ${command} failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}; if this persists, please report it (NEDETID_DEBUG=1 prints the stack)\n`,
  );
  if (process.env.NEDETID_DEBUG) io.err(`${(err as Error).stack}\n`);
  return 1;
}
