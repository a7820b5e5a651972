/**
 * REFERENCE IMPLEMENTATION of `prestasi calc` (test oracle).
 *
 * Written from /work/shared/spec/workspace.md only, without reading or importing the real
 * engine. Clarity over speed: plain loops, exact rationals (./rational.ts), no caching beyond
 * memoising results. Not part of the production build.
 *
 * INTERPRETATION CHOICES (where the spec leaves something open; most literal reading taken):
 *
 * Files and parsing
 *  1. CSV: every cell is trimmed; an empty (after trimming) cell is absent. Header names are
 *     trimmed; an empty or duplicate column name, a record with a different number of fields
 *     than the header, an unterminated quote or text after a closing quote is unparsable.
 *     Blank lines are skipped. A file with no header row at all is invalid (even
 *     transactions.csv, which may hold *only* a header).
 *  2. Plans: every `plans/NAME.(yaml|yml|json)` directly under plans/; at least one is
 *     required. Numbers are read from the scalar's text: a plain scalar's source text, or a
 *     quoted scalar's string value; both must match the decimal syntax. A YAML null (`key:`)
 *     is treated as absent. Unknown keys are ignored. `name` is optional. `measures` may be
 *     absent (no measures); `components` must be a list. Booleans (`count`, `recoverable`)
 *     must be YAML booleans. `count` must be `true`. Unknown component types are invalid.
 *  3. Measure names must match [a-z_][a-z0-9_]* in every plan (not only those used in
 *     formulas). Plan ids are not required to match their file names.
 *  4. `where` values: plain scalars compare by their source text, quoted ones by their string
 *     value; a list of values means "any of"; an empty list matches nothing. `where` fields
 *     (in measures and spiffs) must be columns of transactions.csv, including standard
 *     columns (e.g. `status`, `currency`), compared on the raw trimmed cell (no defaults).
 *  5. `sum: amount|margin|quantity` is always allowed (absent column: margin 0, quantity 1);
 *     `sum: X` otherwise requires an X column. A summed attribute is taken at the credit's
 *     share (like amount/margin/quantity) but is never currency-converted; a non-number cell
 *     in a summed attribute column is invalid (checked on every row).
 *  6. amount/quantity/margin cells, when present, must always be decimals. status must be
 *     `won` or `cancelled`; `cancelled` requires cancel_date. Splits are `payee:pct` parts
 *     separated by `;` (split at the last `:`; parts trimmed; no empty parts).
 *  7. Settings: unknown keys ignored; fiscal_year_start must be written as an integer 1-12.
 *     Currency codes are checked against a small ISO 4217 table (./currencies.ts).
 *  8. fx.csv: rates must be positive; two rows for one currency and date are invalid; rows
 *     for the base currency are ignored (it always has rate 1).
 *  9. quotas.csv: the payee must exist and the period must be a valid period name; the
 *     measure name is not checked against plans (an unused row is harmless).
 * 10. Assignments: `to` before `from` is invalid; overlap is checked across all plans of a
 *     payee (a payee is on at most one plan on any day).
 * 11. Adjustments: the candidate plans are the payee's plans that have a result for exactly
 *     that period name (the plan's period kind must match the period's form and an
 *     assignment must overlap it). With `plan` given it must be a candidate; without, there
 *     must be exactly one candidate. The amount is rounded to the plan currency's minor unit
 *     (workspace rule) before use. An absent reason prints as "". Adjustments are listed in
 *     file order (so shuffling adjustments.csv rows may reorder them within a result).
 *
 * Computation
 * 12. A result (payee, plan, period) exists when an assignment of the payee to the plan
 *     overlaps the period. Credits count when dated within the union of those assignments
 *     intersected with the period; f = covered days / days in period.
 * 13. Team scope: the payee plus all descendants in the manager tree; subordinates' credits
 *     count when dated within the *manager's* assignment, whatever the subordinates'
 *     assignments. Spiffs use only the payee's own credits.
 * 14. "Cancelled within the same period" uses the computed plan's period containing `date`
 *     (cancel_date <= that period's end). It applies to team credits too.
 * 15. Exchange rates: a counted transaction (credited to the payee, or to the team when the
 *     plan has any team-scope measure) in a currency other than the plan's needs rate(C,d)
 *     and rate(P,d) even if no measure sums money. rate(C,d) is the latest fx row with
 *     date <= d.
 * 16. Quotas: the exact-period row, else (month/quarter plans) the containing fiscal year's
 *     row / 12 or / 4; then × f. Output `quotas`/`attainment` list the plan's measures with
 *     such a row, in plan order; `measures` lists all plan measures in plan order.
 *     attainment = measure / prorated quota. A quota is required (error if missing) by
 *     commission/bonus with basis attainment (explicit `basis: attainment` on a flat-rate
 *     commission also requires it) and by formulas that statically mention quota(m) or
 *     attainment(m) anywhere (even in a branch not taken).
 * 17. Tiers: the first `to` must be > 0. Graduated f(x) = x × r1 for x < 0, else the sum of
 *     slices. Retroactive: rate of the tier containing the final measure (first tier for a
 *     negative measure). A zero exact line (e.g. a 0% tier) is not a line.
 * 18. Bonus: the step with the largest `at` <= value (attainment = measure / prorated quota,
 *     or the measure itself for basis amount); on equal `at`, the first listed. Amount × f.
 *     Formula: exact value, never prorated; quota(m) is the prorated quota; a single line
 *     without transaction when non-zero. and/or/not return 1 or 0. round(x, d) needs a whole
 *     d (may be negative); otherwise a computation problem. quota()/attainment() take a bare
 *     measure name. Keywords and/or/not are lowercase only.
 * 19. Cap: not prorated; applies when the exact total > cap; lines scaled by cap/total.
 * 20. Money measures (sum amount/margin) and their quotas are rounded with the workspace rule
 *     to the plan currency's minor unit. Other values print exactly when terminating
 *     (minimal digits, e.g. "1.3", "2"), else half-even to exactly 10 decimals (trailing
 *     zeros kept). Never "-0".
 * 21. Clawbacks: the origin is the payee's plan whose assignment covers the transaction date
 *     (at most one), the period of that plan containing `date`; it applies when that plan
 *     has `clawback`, cancel_date is after that period and cancel_date - date <= window_days.
 *     Destination: the payee's result for the same plan whose period contains cancel_date
 *     (a result exists when an assignment overlaps that period, even if cancel_date itself
 *     is outside the assignment), else the first plan by id with such a result (amount
 *     converted at cancel_date from the origin plan currency and rounded by the workspace
 *     rule), else `unapplied`. Every line naming the transaction in the original result is
 *     reversed, including lines that rounded to 0 (giving a "0.00" clawback). Clawbacks
 *     in a result are ordered by transaction (date, id), then component order in the plan.
 * 22. `unapplied` entries: { payee, plan: origin plan, period: origin period (where it
 *     earned), transaction, component, amount: minus the rounded line, in the origin plan's
 *     currency }, listed when the selected period contains cancel_date, ordered by payee id,
 *     transaction (date, id), component order; filtered by --payee.
 * 23. Draws: D × f rounded (workspace rule) to the plan's minor unit. Without a draw the
 *     `draw` object is still printed with zeros. Non-recoverable: paid = max(0, D - before),
 *     recovered 0, balance 0. Recoverable: B carried from the payee's previous result for
 *     the same plan in the same fiscal year (0 if none); periods with no result leave B
 *     unchanged.
 * 24. Computed results (whose missing quotas/rates/division by zero are problems): the
 *     output results; for recoverable draws, the payee's earlier results of that plan in the
 *     same fiscal year; the origin results of clawbacks landing in any computed result; the
 *     origin results of `unapplied` entries for the selected period.
 * 25. Ordering of payees, plans and transaction ids: by Unicode code point.
 * 26. Options: an invalid --period or unknown --payee gives { ok: false }. The top-level
 *     "period" echoes the option text.
 */

import { Calculator, CalcProblem } from './calc.js';
import type { CalcOptions } from './calc.js';
import { loadWorkspace } from './load.js';

export type { CalcOptions } from './calc.js';

export type ReferenceOutcome = { ok: true; output: unknown } | { ok: false; problems: string[] };

/**
 * Computes `prestasi calc` for a workspace (path relative to the workspace -> text).
 * `trace`, when given, is told the names of the rules the computation used (for coverage
 * checks of the generators); it never changes the outcome.
 */
export function referenceCalc(
  files: ReadonlyMap<string, string>,
  options: CalcOptions,
  trace?: (event: string) => void,
): ReferenceOutcome {
  const loaded = loadWorkspace(files);
  if (!loaded.ok) return { ok: false, problems: loaded.problems };
  try {
    return new Calculator(loaded.workspace, trace).run(options);
  } catch (e: unknown) {
    if (e instanceof CalcProblem) return { ok: false, problems: [e.message] };
    throw e;
  }
}
