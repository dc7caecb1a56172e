/** Where a command writes: the process's stdout and stderr, or a test's buffers. */
export type Out = { out: (s: string) => void; err: (s: string) => void };

/** What every command is given besides its own arguments. */
export interface CommandContext {
  io: Out;
  /** The schedule when no FILE or --config is given: $NEDETID_CONFIG or config/schedule.yaml. */
  defaultConfig: string;
}

/** One `nedetid COMMAND`: its arguments in, its exit code out (-1: keeps running, as `serve`). */
export type Command = (args: string[], context: CommandContext) => Promise<number>;

/** A command line that can not be run as typed: one line saying why, and where the help is (exit 2). */
export class UsageError extends Error {}

/** Refuses the command line; the dispatcher prints the message and the way to the command's help. */
export function usage(message: string): never {
  throw new UsageError(message);
}
