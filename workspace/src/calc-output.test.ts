import { fileURLToPath } from 'node:url';
import { writeCalcOutputJson } from '@prestasi/engine';
import { describe, expect, it } from 'vitest';
import { calcFromFiles } from './calc.js';
import { readWorkspaceFolder } from './files.js';

const example = readWorkspaceFolder(fileURLToPath(new URL('../../examples/malaysia-2026', import.meta.url)));

/** The example holds clawbacks, splits, team roll-ups, draws and currencies across the year. */
const periods = ['2026-01', '2026-04', '2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4', '2026'];
const flags = [
  { summary: false, explain: false },
  { summary: false, explain: true },
  { summary: true, explain: false },
];

describe('writeCalcOutputJson', () => {
  it.each(periods.flatMap((period) => flags.map((f) => ({ period, ...f }))))(
    'writes exactly what JSON.stringify(output, null, 2) prints: $period summary=$summary explain=$explain',
    (options) => {
      const outcome = calcFromFiles(example, options);
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
      const pieces: string[] = [];
      writeCalcOutputJson(outcome.result, outcome.outputOptions, (piece) => pieces.push(piece));
      expect(pieces.join('')).toBe(`${JSON.stringify(outcome.output, null, 2)}\n`);
      expect(pieces.length).toBe(outcome.result.results.length + 2);
    },
  );

  it('writes an empty run as JSON.stringify does', () => {
    const outcome = calcFromFiles(example, { period: '2019-Q1' });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    expect(outcome.result.results).toEqual([]);
    let text = '';
    writeCalcOutputJson(outcome.result, outcome.outputOptions, (piece) => (text += piece));
    expect(text).toBe(`${JSON.stringify(outcome.output, null, 2)}\n`);
  });
});
