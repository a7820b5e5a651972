/**
 * Which paths of a folder the workspace format reads. Pure (no file system), so that the web app
 * picks the same files out of a folder a person chooses as the server accepts.
 */

/** The files at a workspace's top, besides the `plans/` and `transactions/` folders. */
export const WORKSPACE_FILES = ['prestasi.yaml', 'payees.csv', 'assignments.csv', 'transactions.csv', 'quotas.csv', 'fx.csv', 'adjustments.csv'] as const;

const WORKSPACE_PATH = /^(?:prestasi\.yaml|(?:payees|assignments|transactions|quotas|fx|adjustments)\.csv|plans\/[^/]+\.(?:ya?ml|json)|transactions\/[^/]+\.csv)$/;

/** A path the workspace format reads (`payees.csv`, `plans/ae.yaml`, `transactions/2026-01.csv`, …). */
export function isWorkspacePath(path: string): boolean {
  return WORKSPACE_PATH.test(path);
}
