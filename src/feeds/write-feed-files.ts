import { closeSync, openSync, writevSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { FeedSet } from './feed-set.js';

/** The output folder of `build` can not be used; the message says why and what to give instead. */
export class OutputError extends Error {}

/** Writes every catalogue feed under `out` (created if missing), at its URL path. */
export async function writeFeedFiles(feeds: FeedSet, out: string): Promise<void> {
  // A thousand system feeds share one folder: make each folder once, not once per file.
  const folders = new Map<string, Promise<void>>();
  const folder = (dir: string) => {
    let made = folders.get(dir);
    if (!made) folders.set(dir, (made = makeDirectory(dir, out)));
    return made;
  };
  // Each text encoded once and written as is: a window's text is in several feeds (a `systems:
  // all` one in every system feed), and joining each feed into one string and encoding it again
  // was most of the time and memory of writing 1,000 feeds of 1,000 such windows (600 MB).
  const encoded = new Map<string, Buffer>();
  const encode = (text: string) => {
    let bytes = encoded.get(text);
    if (!bytes) encoded.set(text, (bytes = Buffer.from(text, 'utf8')));
    return bytes;
  };
  // One file after another, with synchronous calls: `build` has nothing else to do meanwhile,
  // and 1,006 files took a third of the time of eight promise-based writers in flight (each open,
  // writev and close a round trip through libuv's thread pool), on tmpfs and on ext4 alike.
  for (const feed of feeds.feeds) {
    const path = join(out, feed.definition.path);
    await folder(dirname(path));
    try {
      writeChunks(path, feed.texts().map(encode));
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      throw new OutputError(`--out ${out}: can not write ${path}: ${e.code ?? e.message}`);
    }
  }
}

/** Writes `chunks` as the whole content of `path`, in one writev (libuv writes what the first call leaves). */
function writeChunks(path: string, chunks: Buffer[]): void {
  const fd = openSync(path, 'w');
  try {
    const bytesWritten = writevSync(fd, chunks);
    const size = chunks.reduce((n, c) => n + c.length, 0);
    if (bytesWritten !== size) throw new Error(`wrote ${bytesWritten} of ${size} bytes`);
  } finally {
    closeSync(fd);
  }
}

/**
 * mkdir -p, one level at a time. Node's own `recursive: true` never returns under /proc: mkdir
 * there fails with ENOENT although the parent exists, and Node answers ENOENT by creating the
 * parent and trying again, forever.
 */
async function makeDirectory(dir: string, out: string): Promise<void> {
  const missing: string[] = [];
  let at = resolve(dir);
  for (;;) {
    const info = await stat(at).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT' && err.code !== 'ENOTDIR')
        throw new OutputError(`--out ${out}: can not use ${at}: ${err.code ?? err.message}`);
      return null;
    });
    if (info?.isDirectory()) break;
    if (info)
      throw new OutputError(`--out ${out}: ${at} is a file, not a folder; give a folder (it is created if missing)`);
    missing.unshift(at);
    at = dirname(at);
  }
  for (const d of missing) {
    await mkdir(d).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST')
        throw new OutputError(`--out ${out}: can not create the folder ${d}: ${err.code ?? err.message}`);
    });
  }
}
