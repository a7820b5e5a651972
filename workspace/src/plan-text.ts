/**
 * Writing a plan object as the text of its file. Pure and without imports, so the browser's plan
 * editor (`@prestasi/workspace/plan-text`) shows exactly the text the server saves.
 */
/**
 * A plan as the editor handles it: the structure of plans/*.yaml as plain JSON. Scalars the
 * file writes bare (numbers, words) are strings, so `0.05` stays `"0.05"` and no rate passes
 * through a float; booleans and null stay what they are.
 */
export type PlanValue = string | number | boolean | null | PlanValue[] | { [key: string]: PlanValue };

const DECIMAL = /^-?[0-9]+(\.[0-9]+)?$/;
/** A decimal JSON can hold as a number: no leading zeros. */
const JSON_DECIMAL = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const WORD = /^[A-Za-z_][A-Za-z0-9_./-]*( [A-Za-z0-9_./-]+)*$/;
/** Plain words YAML would read as something other than text (1.1 spellings too: other readers may be older). */
const RESERVED = /^(true|false|null|yes|no|on|off|y|n|~)$/i;

/**
 * A plan object as the text of its file: YAML for `.yaml`/`.yml`, JSON for `.json`. Decimals and
 * dates are written bare, as people write them, because the plan reader reads numbers from their
 * text: a string `"0.05"` and a bare `0.05` mean the same rate. Any other string that YAML would
 * read as something else is quoted.
 */
export function planText(plan: PlanValue, format: 'yaml' | 'json'): string {
  return format === 'json' ? `${json(plan, '')}\n` : yaml(plan, '');
}

function yamlScalar(value: string | number | boolean | null): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (DECIMAL.test(value) || DATE.test(value) || (WORD.test(value) && !RESERVED.test(value))) return value;
  // JSON's double-quoted strings are YAML double-quoted scalars with the same escapes.
  return JSON.stringify(value);
}

const yamlKey = (key: string) => (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) && !RESERVED.test(key) ? key : JSON.stringify(key));

const isCollection = (v: PlanValue): v is PlanValue[] | { [key: string]: PlanValue } => v !== null && typeof v === 'object';
const isEmpty = (v: PlanValue[] | { [key: string]: PlanValue }) => (Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0);

/** Block YAML, one entry per line (so that a problem's line names one field), `- ` items with their first key on the dash's line. */
function yaml(value: PlanValue, indent: string): string {
  if (!isCollection(value)) return `${indent}${yamlScalar(value)}\n`;
  if (Array.isArray(value)) {
    return value
      .map((item) => {
        if (!isCollection(item) || isEmpty(item)) return `${indent}- ${inline(item)}\n`;
        const block = yaml(item, `${indent}  `);
        return `${indent}- ${block.slice(indent.length + 2)}`;
      })
      .join('');
  }
  return Object.entries(value)
    .map(([key, v]) => (isCollection(v) && !isEmpty(v) ? `${indent}${yamlKey(key)}:\n${yaml(v, `${indent}  `)}` : `${indent}${yamlKey(key)}: ${inline(v)}\n`))
    .join('');
}

function inline(value: PlanValue): string {
  if (!isCollection(value)) return yamlScalar(value);
  return Array.isArray(value) ? '[]' : '{}';
}

function json(value: PlanValue, indent: string): string {
  if (typeof value === 'string') return JSON_DECIMAL.test(value) ? value : JSON.stringify(value);
  if (!isCollection(value)) return JSON.stringify(value);
  if (isEmpty(value)) return Array.isArray(value) ? '[]' : '{}';
  const inner = `${indent}  `;
  const items = Array.isArray(value) ? value.map((v) => `${inner}${json(v, inner)}`) : Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${json(v, inner)}`);
  return `${Array.isArray(value) ? '[' : '{'}\n${items.join(',\n')}\n${indent}${Array.isArray(value) ? ']' : '}'}`;
}
