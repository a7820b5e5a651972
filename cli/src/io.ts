import type { Io } from './args.js';

/** The process's own standard output and error. */
export const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};
