import pino from 'pino';

/** Lines wait at most this long before they are written; under load many go in one write. */
const FLUSH_MS = 50;
/** The batch buffer: written out when the next line might not fit. */
const BATCH_BYTES = 64 * 1024;

/**
 * Where the service's log lines go: stdout, written in batches: every FLUSH_MS, or sooner when
 * the batch buffer is full, so under load many access lines leave in one write. pino's default
 * stdout writer is asynchronous and appends each line to the string still waiting, measuring the
 * whole of it every time (Buffer.byteLength flattens the growing string): about 3 µs of each
 * request of the feed path went there. Here each line is encoded into the batch buffer as it
 * comes (so the string dies young instead of waiting for a later garbage collection), and the
 * write is sonic-boom's synchronous one (short writes and EAGAIN retried, a closed pipe ends
 * logging). Lines still waiting when the process exits are written on the way out.
 */
export class BatchedLogStream {
  private batch = Buffer.allocUnsafe(BATCH_BYTES);
  private used = 0;
  private timer: NodeJS.Timeout | null = null;
  /** In buffer mode sonic-boom takes Buffers, though its type names strings. */
  private readonly out: ReturnType<typeof pino.destination>;

  constructor(fd = 1) {
    this.out = pino.destination({ dest: fd, sync: true, contentMode: 'buffer' });
    process.on('exit', () => this.flushSync());
  }

  write(line: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (this.used + line.length * 3 > BATCH_BYTES) {
      this.flushSync();
      if (line.length * 3 > BATCH_BYTES) {
        this.out.write(Buffer.from(line) as unknown as string);
        return;
      }
    }
    this.used += this.batch.write(line, this.used);
    if (this.timer === null) this.timer = setTimeout(this.flushLater, FLUSH_MS);
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
    if (this.used === 0) return;
    // A new buffer for the next batch: the writer may still hold this one after a short write.
    const full = this.batch.subarray(0, this.used);
    this.batch = Buffer.allocUnsafe(BATCH_BYTES);
    this.used = 0;
    this.out.write(full as unknown as string);
  }

  private readonly flushLater = () => {
    this.timer = null;
    this.flushSync();
  };
}
