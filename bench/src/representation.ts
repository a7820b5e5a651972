/**
 * Measures the money representations we considered, on one million amounts with two decimals:
 * binary doubles (wrong), integers in doubles on minor units, bigint minor units, and the
 * engine's exact rationals. Prints each sum, its error against the exact total and its time.
 * Run: node bench/dist/representation.js
 */
import { Rational } from '@prestasi/engine';
import { Mulberry32 } from './prng.js';

const N = 1_000_000;
const rng = new Mulberry32(2026);
const texts: string[] = [];
for (let i = 0; i < N; i++) {
  const cents = Math.floor(rng.next() * 50_000_000) - 1_000_000;
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  texts.push(`${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`);
}

function time<T>(label: string, f: () => T): T {
  const start = process.hrtime.bigint();
  const value = f();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(`${label.padEnd(34)} ${ms.toFixed(1).padStart(8)} ms   ${String(value)}`);
  return value;
}

const minor = texts.map((t) => Number(t.replace('.', '')));
const exact = time('bigint minor units', () => {
  let s = 0n;
  for (const m of minor) s += BigInt(m);
  return s;
});
time('integers in doubles (minor units)', () => {
  let s = 0;
  for (const m of minor) s += m;
  return BigInt(s) === exact ? `${s} (exact)` : `${s} (WRONG)`;
});
time('binary doubles (parseFloat)', () => {
  let s = 0;
  for (const t of texts) s += Number(t);
  const cents = Math.round(s * 100);
  return `${s} (off by ${Number(BigInt(cents) - exact) / 100} after rounding to cents; ${s - Number(exact) / 100} raw)`;
});
const rationals = texts.map((t) => Rational.parse(t)!);
time('engine Rational (bigint n/d, gcd)', () => {
  let s = Rational.ZERO;
  for (const r of rationals) s = s.add(r);
  return s.toString();
});
