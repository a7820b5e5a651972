import { DomainError } from '@prestasi/db';

/**
 * Rejects a name that could point outside the workspace, or mean different files on different
 * systems: absolute paths, drive letters, backslashes, `.` and `..` segments, empty segments,
 * control characters. Checked on every uploaded name, wanted or not: a zip holding one is hostile.
 */
export function assertSafePath(name: string): void {
  const unsafe =
    name === '' ||
    name.startsWith('/') ||
    name.includes('\\') ||
    /^[A-Za-z]:/.test(name) ||
    /[\u0000-\u001f\u007f]/.test(name) ||
    name.split('/').some((segment, i, all) => segment === '..' || segment === '.' || (segment === '' && i < all.length - 1));
  if (unsafe) throw new DomainError('INVALID_INPUT', `unsafe file name "${name.slice(0, 200)}"`, { name: name.slice(0, 200) });
}
