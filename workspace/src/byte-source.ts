import { closeSync, fstatSync, openSync, readSync, type Stats } from 'node:fs';

/**
 * Bytes a CSV cursor reads a window at a time (see CsvCursor): a file on disk, so that a 50 MB
 * transactions.csv never sits in memory whole. On the machines this runs on, the first touch of
 * fresh memory costs about 10 µs per 4 KB page, so reading the file once into one reused 1 MB
 * buffer is several times cheaper than `readFileSync` of the whole of it.
 *
 * Bytes already in memory (uploads, exports, tests) are handed to the cursor as a plain
 * `Uint8Array` instead: it then reads them in place, as one window, without copying.
 */
export interface ByteSource {
  /** Bytes in all. */
  readonly size: number;
  /**
   * Copies up to `length` bytes from `position` into `into` at `offset`; how many it copied,
   * 0 only at the end. It may copy fewer than asked for (a reader asks again).
   */
  read(position: number, into: Uint8Array, offset: number, length: number): number;
}

/**
 * A file read where it lies. Each `read` opens, reads and closes the file: a file is read in
 * about fifty 1 MB steps, an open costs microseconds, and no descriptor outlives a reader that
 * stops early (a header read on its own, a reader abandoned on a problem). Because it is opened
 * again for each window, each open checks that it is still the file first seen (same inode, size
 * and modification time): a file replaced or edited halfway (a `git pull` during a run) would
 * otherwise give rows of two versions, silently.
 */
export class FileSource implements ByteSource {
  readonly size: number;

  constructor(
    readonly path: string,
    private readonly seen: Pick<Stats, 'ino' | 'size' | 'mtimeMs'>,
  ) {
    this.size = seen.size;
  }

  read(position: number, into: Uint8Array, offset: number, length: number): number {
    if (length <= 0 || position >= this.size) return 0;
    const fd = openSync(this.path, 'r');
    try {
      const now = fstatSync(fd);
      if (now.ino !== this.seen.ino || now.size !== this.seen.size || now.mtimeMs !== this.seen.mtimeMs) {
        throw new FileChangedError(`${this.path}: changed while it was being read; nothing was computed from it, run again`);
      }
      let done = 0;
      // A regular file gives all that was asked for but at its end; loop anyway.
      while (done < length) {
        const n = readSync(fd, into, offset + done, length - done, position + done);
        if (n === 0) break;
        done += n;
      }
      return done;
    } finally {
      closeSync(fd);
    }
  }
}

export class FileChangedError extends Error {
  override readonly name = 'FileChangedError';
}
