import pino from 'pino';

/** The batch buffer: written out when the next line might not fit. */
const BATCH_BYTES = 64 * 1024;
/** Access lines wait at most this long; other lines are written at the end of their turn. */
const ACCESS_FLUSH_MS = 50;

/**
 * Where the service's log lines go: stdout, written in batches. Access lines (`writeBatched`)
 * are written within ACCESS_FLUSH_MS, so under load hundreds leave in one write; every other
 * line is written at the end of the event-loop turn that logged it (with whatever waits before
 * it, so the order is kept), and the buffer is written out whenever it is full. pino's default
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
  private endOfTurn: NodeJS.Immediate | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** In buffer mode sonic-boom takes Buffers, though its type names strings. */
  private readonly out: ReturnType<typeof pino.destination>;

  constructor(fd = 1) {
    this.out = pino.destination({ dest: fd, sync: true, contentMode: 'buffer' });
    process.on('exit', () => this.flushSync());
  }

  /** A line pino logs: written at the end of this turn. */
  write(line: string): void {
    if (this.add(line)) this.endOfTurn ??= setImmediate(this.flushLater);
  }

  /** An access line: written within ACCESS_FLUSH_MS. */
  writeBatched(line: string): void {
    if (this.add(line)) this.timer ??= setTimeout(this.flushLater, ACCESS_FLUSH_MS);
  }

  /** pino's logger.flush() calls this. */
  flush(done?: (err?: Error) => void): void {
    this.flushSync();
    done?.();
  }

  flushSync(): void {
    if (this.endOfTurn !== null) {
      clearImmediate(this.endOfTurn);
      this.endOfTurn = null;
    }
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

  /** Puts a line in the batch; false when it was too long for one and was written at once. */
  private add(line: string): boolean {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (this.used + line.length * 3 > BATCH_BYTES) {
      this.flushSync();
      if (line.length * 3 > BATCH_BYTES) {
        this.out.write(Buffer.from(line) as unknown as string);
        return false;
      }
    }
    this.used += this.batch.write(line, this.used);
    return true;
  }

  private readonly flushLater = () => this.flushSync();
}
