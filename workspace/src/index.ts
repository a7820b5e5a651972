/** Reading, validating and computing Prestasi workspace folders. */
export { loadWorkspace, withTransactions, type LoadedWorkspace, type LoadOutcome, type WorkspaceFiles } from './load.js';
export { calcFromFiles, calcLoaded, type CalcFilesOptions, type CalcFilesOutcome, type CalcStreamFilesOutcome, streamLoaded } from './calc.js';
export { readWorkspaceFolder, WorkspaceFolderError } from './files.js';
export { isWorkspacePath } from './paths.js';
export { transactionFilePaths } from './transaction-files.js';
export { formatProblem, hasErrors, type Problem } from './problems.js';
export { CsvCursor, CsvError } from './csv.js';
export { parseTree, type TreeNode } from './yaml-tree.js';
export { type PlanValue, planText } from './plan-text.js';
