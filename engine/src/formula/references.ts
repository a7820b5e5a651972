import type { Formula, FormulaExpr } from './ast.js';

export interface FormulaReferences {
  /** Measures whose value the formula reads by name. */
  readonly measures: ReadonlySet<string>;
  /**
   * Measures named in `quota(m)` or `attainment(m)`, which need a quota. `attainment(m)` also
   * reads m's value; m is listed here only, unless the formula names it elsewhere too.
   */
  readonly quotaMeasures: ReadonlySet<string>;
}

export function formulaReferences(f: Formula): FormulaReferences {
  const measures = new Set<string>();
  const quotaMeasures = new Set<string>();
  const pending: FormulaExpr[] = [f.root];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    switch (node.kind) {
      case 'number':
        break;
      case 'measure':
        measures.add(node.name);
        break;
      case 'quota':
        quotaMeasures.add(node.measure);
        break;
      case 'negate':
      case 'not':
        pending.push(node.operand);
        break;
      case 'arithmetic':
        pending.push(node.first);
        for (const step of node.rest) pending.push(step.operand);
        break;
      case 'comparison':
        pending.push(node.left, node.right);
        break;
      case 'logical':
        for (const operand of node.operands) pending.push(operand);
        break;
      case 'if':
        pending.push(node.condition, node.then, node.otherwise);
        break;
      case 'extremum':
        for (const arg of node.args) pending.push(arg);
        break;
      case 'math':
        pending.push(node.arg);
        break;
      case 'round':
        pending.push(node.value, node.digits);
        break;
    }
  }
  return { measures, quotaMeasures };
}
