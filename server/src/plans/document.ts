import { type Problem, parseTree, type TreeNode } from '@prestasi/workspace';

/**
 * A plan as the editor handles it: the structure of plans/*.yaml as plain JSON. Scalars the
 * file writes bare (numbers, words) are strings, so `0.05` stays `"0.05"` and no rate passes
 * through a float; booleans and null stay what they are.
 */
export type PlanValue = string | number | boolean | null | PlanValue[] | { [key: string]: PlanValue };

/** A plan file's tree as a plan object (see PlanValue). */
export function planObject(node: TreeNode): PlanValue {
  switch (node.kind) {
    case 'map':
      return Object.fromEntries([...node.entries].map(([key, entry]) => [key, planObject(entry.value)]));
    case 'seq':
      return node.items.map(planObject);
    case 'scalar':
      if (node.quoted) return node.text;
      return typeof node.value === 'boolean' || node.value === null ? node.value : node.text;
  }
}

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

/** A field of a plan object: `components[0].tiers[1].rate`. */
export type FieldPath = string;

interface Located {
  readonly line: number;
  readonly path: FieldPath;
  readonly key: string | undefined;
  readonly depth: number;
}

/**
 * Every field of a plan file's tree with the line it starts on. A mapping or list under a key
 * starts on its first child's line, which the child names better: the key's own line stands
 * for it.
 */
function located(root: TreeNode): Located[] {
  const out: Located[] = [];
  const walk = (node: TreeNode, path: string, key: string | undefined, depth: number, own: boolean) => {
    if (own || node.kind === 'scalar') out.push({ line: node.line, path, key, depth });
    if (node.kind === 'map') {
      for (const [k, entry] of node.entries) {
        const child = path === '' ? k : `${path}.${k}`;
        out.push({ line: entry.keyLine, path: child, key: k, depth: depth + 1 });
        walk(entry.value, child, k, depth + 1, false);
      }
    } else if (node.kind === 'seq') {
      node.items.forEach((item, i) => walk(item, `${path}[${i}]`, undefined, depth + 1, true));
    }
  };
  walk(root, '', undefined, 0, true);
  return out;
}

/**
 * The field a plan reader's problem is about, from its line. The reader reports lines, as
 * `prestasi check` prints them; the editor wants fields. Of the fields starting on that line:
 * the deepest whose key the message quotes (`"to"`, `"segment"`), else the one whose key the
 * message names first (`measure bookings needs … sum …`), else the outermost (the component or
 * tier a line-level problem is about).
 */
export function fieldPathOf(root: TreeNode | undefined, problem: Pick<Problem, 'line' | 'message'>): FieldPath | null {
  if (!root || problem.line === undefined) return null;
  const here = located(root).filter((l) => l.line === problem.line);
  if (here.length === 0) return null;
  const named = here
    .map((l) => ({ l, at: l.key === undefined ? -1 : problem.message.search(new RegExp(`(^|[^A-Za-z0-9_])${escape(l.key)}([^A-Za-z0-9_]|$)`)) }))
    .filter((n) => n.at >= 0);
  const quoted = named.filter((n) => problem.message.includes(`"${n.l.key}"`)).sort((a, b) => b.l.depth - a.l.depth)[0];
  const first = [...named].sort((a, b) => a.at - b.at || b.l.depth - a.l.depth)[0];
  return (quoted ?? first)?.l.path ?? [...here].sort((a, b) => a.depth - b.depth)[0]!.path;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The plan file's text parsed to a tree, or undefined when it does not parse (the loader reports why). */
export function treeOf(text: string): TreeNode | undefined {
  const tree = parseTree(text);
  return tree.ok ? tree.root : undefined;
}
