import { Rational } from '../../rational.js';
import type { RoundingMode } from '../../rational.js';
import type { FormulaScope } from '../evaluate.js';

const r = (text: string): Rational => {
  const value = Rational.parse(text);
  if (value === undefined) throw new Error(`bad test number ${text}`);
  return value;
};

/** Values chosen so that each is recognisable in a hand-checked result. */
export const MEASURES: Readonly<Record<string, Rational>> = {
  bookings: r('390000'),
  margin: r('-1250.5'),
  units: r('7'),
  zero: r('0'),
};
export const QUOTAS: Readonly<Record<string, Rational>> = {
  bookings: r('300000'),
  margin: r('5000'),
  units: r('8'),
  zero: r('1'),
};

export const MEASURE_NAMES: ReadonlySet<string> = new Set(Object.keys(MEASURES));

/** A scope over the fixed values above that records every name it is asked for. */
export function testScope(rounding: RoundingMode = 'half_up'): FormulaScope & { readonly reads: string[] } {
  const reads: string[] = [];
  const lookup = (table: Readonly<Record<string, Rational>>, kind: string, name: string): Rational => {
    reads.push(`${kind}:${name}`);
    const value = table[name];
    if (value === undefined) throw new Error(`test scope has no ${kind} for ${name}`);
    return value;
  };
  return {
    reads,
    rounding,
    measure: (name) => lookup(MEASURES, 'measure', name),
    quota: (name) => lookup(QUOTAS, 'quota', name),
    attainment: (name) => lookup(MEASURES, 'measure', name).div(lookup(QUOTAS, 'quota', name)),
  };
}
