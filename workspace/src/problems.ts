/** A problem in a workspace, printed as `FILE:LINE: message` (or `FILE: message`). */
export interface Problem {
  readonly file: string;
  readonly line: number | undefined;
  readonly message: string;
  /** Warnings are printed but do not make the workspace invalid. */
  readonly warning?: boolean;
}

export function formatProblem(p: Problem): string {
  const where = p.line === undefined ? p.file : `${p.file}:${p.line}`;
  return `${where}: ${p.warning ? 'warning: ' : ''}${p.message}`;
}

/** Collects problems for one file. */
export class ProblemSink {
  constructor(
    readonly file: string,
    private readonly all: Problem[],
  ) {}

  error(line: number | undefined, message: string): void {
    this.all.push({ file: this.file, line, message });
  }

  warn(line: number | undefined, message: string): void {
    this.all.push({ file: this.file, line, message, warning: true });
  }
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => !p.warning);
}
