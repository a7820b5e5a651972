import { fileURLToPath } from 'node:url';
import { writeCalcOutputJson } from '@prestasi/engine';
import { describe, expect, it } from 'vitest';
import { calcFromFiles } from './calc.js';
import { readWorkspaceFolder } from './files.js';
import { csv, workspaceFiles } from './test-support/files.js';

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

  // Around the writer's batches of 32: one short, one full, one over, two full, many.
  it.each([31, 32, 33, 64, 601])('joins batches of results as JSON.stringify lays out one array (%i results)', (count) => {
    const ids = Array.from({ length: count }, (_, i) => `p${String(i).padStart(3, '0')}`);
    const files = workspaceFiles({
      'payees.csv': csv('id,name,manager', ...ids.map((id) => `${id},"Payee ""${id}""",`)),
      'assignments.csv': csv('payee,plan,from,to', ...ids.map((id) => `${id},ae,2026-01-01,`)),
      'transactions.csv': csv('id,date,amount,owner', ...ids.map((id, i) => `t${i},2026-02-01,${i}.5,${id}`)),
      'plans/ae.yaml': 'id: ae\nname: AE\nperiod: quarter\nmeasures:\n  bookings: { sum: amount }\ncomponents:\n  - { id: c, type: commission, measure: bookings, rate: 0.1 }\n',
    });
    for (const explain of [false, true]) {
      const outcome = calcFromFiles(files, { period: '2026-Q1', explain });
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
      expect(outcome.result.results.length).toBe(count);
      let text = '';
      writeCalcOutputJson(outcome.result, outcome.outputOptions, (piece) => (text += piece));
      expect(text).toBe(`${JSON.stringify(outcome.output, null, 2)}\n`);
    }
  });

  it('escapes and orders names as JSON.stringify does (integer-like measures, __proto__, quotes, control characters)', () => {
    const payee = 'ae-"é"\\1';
    const files = workspaceFiles({
      'payees.csv': csv('id,name', `"${payee.replaceAll('"', '""')}",Aisyah`),
      'assignments.csv': csv('payee,plan,from,to', `"${payee.replaceAll('"', '""')}",ae,2026-01-01,`),
      'quotas.csv': csv('payee,period,measure,amount', `"${payee.replaceAll('"', '""')}",2026-Q1,10,1000`, `"${payee.replaceAll('"', '""')}",2026-Q1,__proto__,500`),
      'transactions.csv': csv('id,date,amount,owner', `"t""1",2026-02-01,120.5,"${payee.replaceAll('"', '""')}"`),
      'adjustments.csv': csv('payee,period,plan,amount,reason', `"${payee.replaceAll('"', '""')}",2026-Q1,,10,"tab\there ""quoted"" \u2028 line"`),
      'plans/ae.yaml': [
        'id: ae',
        'name: AE',
        'period: quarter',
        'measures:',
        '  z: { sum: amount }',
        '  "10": { sum: amount }',
        '  __proto__: { count: true }',
        '  "2": { sum: amount }',
        'components:',
        '  - { id: "c\\"1", type: commission, measure: "10", rate: 0.1 }',
        '',
      ].join('\n'),
    });
    for (const [summary, explain] of [[true, false], [false, true]] as const) {
      const outcome = calcFromFiles(files, { period: '2026-Q1', summary, explain });
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
      expect(outcome.result.results.length).toBe(1);
      let text = '';
      writeCalcOutputJson(outcome.result, outcome.outputOptions, (piece) => (text += piece));
      expect(text).toBe(`${JSON.stringify(outcome.output, null, 2)}\n`);
      expect(Object.keys(JSON.parse(text).results[0].measures)).toEqual(['2', '10', 'z', '__proto__']);
    }
  });
});
