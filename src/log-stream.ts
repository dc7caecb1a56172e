import pino from 'pino';

/** Lines wait at most this long before they are written; under load many go in one write. */
const FLUSH_MS = 50;
/** …or until this many characters wait. */
const FLUSH_CHARS = 64 * 1024;

/**
 * Where the service's log lines go: stdout, written in batches: every FLUSH_MS, or sooner when
 * FLUSH_CHARS have gathered, so under load many access lines leave in one write. pino's default
 * stdout writer is asynchronous and appends each line to the string still waiting, measuring the
 * whole of it every time (Buffer.byteLength flattens the growing string): about 3 µs of each
 * request of the feed path went there. Lines are collected here and joined once; the write itself
 * is sonic-boom's synchronous one (short writes and EAGAIN retried, a closed pipe ends logging).
 * Lines still waiting when the process exits are written on the way out.
 */
export class BatchedLogStream {
  private lines: string[] = [];
  private chars = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly out: ReturnType<typeof pino.destination>;

  constructor(fd = 1) {
    this.out = pino.destination({ dest: fd, sync: true });
    process.on('exit', () => this.flushSync());
  }

  write(line: string): void {
    this.lines.push(line);
    this.chars += line.length;
    if (this.chars >= FLUSH_CHARS) this.flushSync();
    else if (this.timer === null) this.timer = setTimeout(this.flushLater, FLUSH_MS);
  }

  /** pino's logger.flush() calls this. */
  flush(done?: (err?: Error) => void): void {
    this.flushSync();
    done?.();
  }

  flushSync(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.lines.length === 0) return;
    const text = this.lines.length === 1 ? this.lines[0]! : this.lines.join('');
    this.lines = [];
    this.chars = 0;
    this.out.write(text);
  }

  private readonly flushLater = () => {
    this.timer = null;
    this.flushSync();
  };
}
