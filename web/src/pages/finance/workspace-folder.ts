import { isWorkspacePath } from '@prestasi/workspace/paths';

export interface PickedFile<F> {
  /** Where the file lies under the folder the person picked, the folder's own name first (`webkitRelativePath`). */
  readonly path: string;
  readonly file: F;
}

/**
 * The workspace files in a picked folder, named as the workspace format names them: the folder
 * holding the shallowest `payees.csv` is the workspace (a checkout may keep it in a sub-folder),
 * and only the paths the format reads are kept (no `.git/`, READMEs or notes), as the server does
 * with a zip. Without any `payees.csv`, the picked folder itself, so that the server's check
 * says what is missing.
 */
export function workspaceFiles<F>(picked: readonly PickedFile<F>[]): { readonly path: string; readonly file: F }[] {
  const payees = picked
    .map((p) => p.path)
    .filter((path) => path === 'payees.csv' || path.endsWith('/payees.csv'))
    .sort((a, b) => a.split('/').length - b.split('/').length)[0];
  const root = payees !== undefined ? payees.slice(0, payees.length - 'payees.csv'.length) : `${picked[0]?.path.split('/')[0] ?? ''}/`;
  return picked
    .filter((p) => p.path.startsWith(root))
    .map((p) => ({ path: p.path.slice(root.length), file: p.file }))
    .filter((p) => isWorkspacePath(p.path));
}
