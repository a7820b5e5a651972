import { DomainError } from '@prestasi/db';
import { type CalcFilesOptions, calcLoaded, type LoadedWorkspace, loadWorkspace, type WorkspaceFiles } from '@prestasi/workspace';
import type { PayeeResultObject } from '../runs/result-schema.js';

/**
 * The engine's input from workspace files (an export, with or without an edit), or
 * INVALID_WORKSPACE with the loader's problems: what-ifs compute exactly what a run would.
 */
export function loadOrThrow(files: WorkspaceFiles): LoadedWorkspace {
  const loaded = loadWorkspace(files);
  if (!loaded.ok) throw new DomainError('INVALID_WORKSPACE', `the workspace has ${loaded.problems.filter((p) => !p.warning).length} problem(s)`, { problems: loaded.problems });
  return loaded.workspace;
}

/** The results of a period as `prestasi calc` prints them, or INVALID_WORKSPACE with the calculation's problems (a missing quota, rate). */
export function resultsOf(workspace: LoadedWorkspace, options: CalcFilesOptions): PayeeResultObject[] {
  const outcome = calcLoaded(workspace, options);
  if (!outcome.ok) {
    const code = outcome.badArguments ? 'INVALID_INPUT' : 'INVALID_WORKSPACE';
    throw new DomainError(code, `${options.period} cannot be computed: ${outcome.problems.map((p) => p.message).join('; ')}`, { problems: outcome.problems });
  }
  return outcome.output.results as PayeeResultObject[];
}
