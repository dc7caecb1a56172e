import { mkdir, open, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { FeedSet } from './feed-set.js';

/** The output folder of `build` can not be used; the message says why and what to give instead. */
export class OutputError extends Error {}

/** Files written at once: each write waits on the file system, so a few in flight hide the waits. */
const PARALLEL_WRITES = 8;

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
  const queue = [...feeds.feeds];
  const writer = async () => {
    for (let feed = queue.shift(); feed; feed = queue.shift()) {
      const path = join(out, feed.definition.path);
      await folder(dirname(path));
      await writeChunks(path, feed.texts().map(encode)).catch((err: NodeJS.ErrnoException) => {
        throw new OutputError(`--out ${out}: can not write ${path}: ${err.code ?? err.message}`);
      });
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_WRITES }, writer));
}

/** Writes `chunks` as the whole content of `path`, in one writev (libuv writes what the first call leaves). */
async function writeChunks(path: string, chunks: Buffer[]): Promise<void> {
  const file = await open(path, 'w');
  try {
    const { bytesWritten } = await file.writev(chunks);
    const size = chunks.reduce((n, c) => n + c.length, 0);
    if (bytesWritten !== size) throw new Error(`wrote ${bytesWritten} of ${size} bytes`);
  } finally {
    await file.close();
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
