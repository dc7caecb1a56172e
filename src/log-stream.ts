import pino from 'pino';

/** The batch buffer: written out when the next line might not fit. */
const BATCH_BYTES = 64 * 1024;

/**
 * Where the service's log lines go: stdout, written in batches: once per turn of the event loop
 * (or sooner when the batch buffer is full), so under load the access lines of the requests
 * answered in one turn leave in one write, and no line waits for a later turn. pino's default
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
  private scheduled: NodeJS.Immediate | null = null;
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
    this.scheduled ??= setImmediate(this.flushLater);
  }

  /** pino's logger.flush() calls this. */
  flush(done?: (err?: Error) => void): void {
    this.flushSync();
    done?.();
  }

  flushSync(): void {
    if (this.scheduled !== null) {
      clearImmediate(this.scheduled);
      this.scheduled = null;
    }
    if (this.used === 0) return;
    // A new buffer for the next batch: the writer may still hold this one after a short write.
    const full = this.batch.subarray(0, this.used);
    this.batch = Buffer.allocUnsafe(BATCH_BYTES);
    this.used = 0;
    this.out.write(full as unknown as string);
  }

  private readonly flushLater = () => {
    this.scheduled = null;
    this.flushSync();
  };
}
