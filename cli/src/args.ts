import { type ParseArgsConfig, parseArgs } from 'node:util';

export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** Bad command arguments: printed with the usage, exit 2. */
export class UsageError extends Error {}

export function parse(args: readonly string[], options: NonNullable<ParseArgsConfig['options']>, usage: string) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n${usage}`);
  }
}

export function onePositional(positionals: readonly string[], what: string, usage: string): string {
  if (positionals.length !== 1) throw new UsageError(`expected one ${what}\n${usage}`);
  return positionals[0]!;
}

/** `--data DIR`, the option every database command takes. */
export const DATA_OPTION = { data: { type: 'string' } } as const;

export function stringOption(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
