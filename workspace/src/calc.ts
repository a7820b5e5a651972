import {
  type CalcOutputObject,
  type CalcProblem,
  type CalcResult,
  type CalcResultStream,
  calcOutputObject,
  calculateStream,
  formatDay,
  type OutputOptions,
} from '@prestasi/engine';
import { type LoadedWorkspace, loadWorkspace, type WorkspaceFiles } from './load.js';
import type { Problem } from './problems.js';
import { sourceOfRow } from './transaction-files.js';

export interface CalcFilesOptions {
  readonly period: string;
  readonly payee?: string | undefined;
  readonly summary?: boolean | undefined;
  readonly explain?: boolean | undefined;
}

export type CalcFilesOutcome =
  | {
      readonly ok: true;
      readonly result: CalcResult;
      /** The JSON document of `prestasi calc`, as data. */
      readonly output: CalcOutputObject;
      /** How to print it (`writeCalcOutputJson` writes the same document as text). */
      readonly outputOptions: OutputOptions;
      readonly warnings: readonly Problem[];
    }
  | { readonly ok: false; readonly problems: readonly Problem[]; readonly badArguments: boolean };

/** Loads a workspace and computes a period: what `prestasi calc` does, minus the printing. */
export function calcFromFiles(files: WorkspaceFiles, options: CalcFilesOptions): CalcFilesOutcome {
  const loaded = loadWorkspace(files);
  if (!loaded.ok) return { ok: false, problems: loaded.problems, badArguments: false };
  return calcLoaded(loaded.workspace, options, loaded.warnings);
}

export type CalcStreamFilesOutcome =
  | {
      readonly ok: true;
      /** The results, computed as they are taken (see `calculateStream`). */
      readonly result: CalcResultStream;
      readonly outputOptions: OutputOptions;
      readonly warnings: readonly Problem[];
    }
  | { readonly ok: false; readonly problems: readonly Problem[]; readonly badArguments: boolean };

export function calcLoaded(
  workspace: LoadedWorkspace,
  options: CalcFilesOptions,
  warnings: readonly Problem[] = [],
): CalcFilesOutcome {
  const streamed = streamLoaded(workspace, options, warnings);
  if (!streamed.ok) return streamed;
  const { period, results, unapplied } = streamed.result;
  const result: CalcResult = { period, results: [...results], unapplied };
  let output: CalcOutputObject | undefined;
  return {
    ok: true,
    result,
    outputOptions: streamed.outputOptions,
    get output() {
      return (output ??= calcOutputObject(result, streamed.outputOptions));
    },
    warnings,
  };
}

/** `calcLoaded` with the results computed as they are taken: how `prestasi calc` prints a large run. */
export function streamLoaded(workspace: LoadedWorkspace, options: CalcFilesOptions, warnings: readonly Problem[] = []): CalcStreamFilesOutcome {
  const outcome = calculateStream(workspace.input, options);
  if (!outcome.ok) {
    return {
      ok: false,
      problems: outcome.problems.map((p) => problemOf(p, workspace)),
      badArguments: outcome.problems.some((p) => p.code === 'BAD_ARGUMENT'),
    };
  }
  return { ok: true, result: outcome.result, outputOptions: { rounding: workspace.input.settings.rounding, explain: options.explain }, warnings };
}

/** Points a calculation problem at the file (and line) a person would fix. */
function problemOf(p: CalcProblem, workspace: LoadedWorkspace): Problem {
  switch (p.code) {
    case 'MISSING_QUOTA':
      return { file: 'quotas.csv', line: undefined, message: `missing quota for ${p.payee}, ${p.measure}, ${p.period}` };
    case 'MISSING_RATE':
      return p.row === undefined
        ? { file: 'fx.csv', line: undefined, message: `missing exchange rate for ${p.currency} on ${formatDay(p.date)}` }
        : {
            ...sourceOfRow(workspace.transactionSources, p.row),
            message: `missing exchange rate for ${p.currency} on ${formatDay(p.date)} (fx.csv)`,
          };
    case 'FORMULA_ERROR': {
      const source = workspace.planFiles.get(p.plan);
      return {
        file: source?.file ?? `plans/${p.plan}.yaml`,
        line: source?.formulaLines.get(p.component),
        message: `component ${p.component}, payee ${p.payee}, period ${p.period}: ${p.message}`,
      };
    }
    case 'BAD_ARGUMENT':
      return { file: 'prestasi', line: undefined, message: p.message };
  }
}
