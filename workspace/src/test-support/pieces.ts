import type { ByteSource } from '../byte-source.js';

/**
 * The bytes as a file that gives at most the next of `steps` bytes per read (in turn), so that
 * windows end anywhere: inside a quoted field, between CR and LF, inside a character.
 */
export function pieces(bytes: Uint8Array, steps: readonly number[]): ByteSource {
  let k = 0;
  return {
    size: bytes.length,
    read(position, into, offset, length) {
      const n = Math.min(length, steps[k++ % steps.length]!, bytes.length - position);
      if (n <= 0) return 0;
      into.set(bytes.subarray(position, position + n), offset);
      return n;
    },
  };
}
