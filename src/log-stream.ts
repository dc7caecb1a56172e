import pino from 'pino';

/**
 * Where the service's log lines go: stdout through pino's own destination (sonic-boom), written
 * in batches of at least 4 kB so that under load many access lines leave in one write, and at
 * least every 200 ms so a quiet service's lines are not held back. pino writes what is left when
 * the process exits.
 */
export function logDestination(fd = 1) {
  return pino.destination({ dest: fd, minLength: 4096, periodicFlush: 200, sync: false });
}
