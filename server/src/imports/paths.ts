import { DomainError } from '@prestasi/db';

const WORKSPACE_FILE = /^(?:prestasi\.yaml|(?:payees|assignments|transactions|quotas|fx|adjustments)\.csv|plans\/[^/]+\.(?:ya?ml|json))$/;

/** A path the workspace format defines (`payees.csv`, `plans/ae.yaml`, …). */
export function isWorkspaceFile(path: string): boolean {
  return WORKSPACE_FILE.test(path);
}

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
