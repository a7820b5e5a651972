/**
 * The plan editor's model: a plan object as GET /api/plans/{id} gives it (the structure of
 * plans/*.yaml, scalars as text so no rate passes through a float), edited by field path, and
 * written out as the text of its file. The editor saves that text (`source`), so the YAML tab
 * shows exactly what is saved, and the server's problems name fields by the same paths
 * (`components[0].tiers[1].rate`) that the form's inputs carry.
 */
import type { PlanValue } from '@prestasi/workspace/plan-text';

export { type PlanValue, planText } from '@prestasi/workspace/plan-text';
export type PlanMap = { [key: string]: PlanValue };

/** One step into a plan object: a key of a mapping or an index of a list. */
export type Segment = string | number;
export type FieldPath = readonly Segment[];

/** `['components', 0, 'tiers', 1, 'rate']` → `components[0].tiers[1].rate`, as the server's problems write it. */
export function pathText(path: FieldPath): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

export const isMap = (v: PlanValue | undefined): v is PlanMap => v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);

export function getIn(root: PlanValue, path: FieldPath): PlanValue | undefined {
  let node: PlanValue | undefined = root;
  for (const s of path) {
    if (typeof s === 'number') node = Array.isArray(node) ? node[s] : undefined;
    else node = isMap(node) ? node[s] : undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

/**
 * The plan with the field at `path` set (`undefined` removes it), copying only the spine. A
 * new key goes last, so the file keeps its order; missing mappings on the way are created.
 */
export function setIn(root: PlanValue, path: FieldPath, value: PlanValue | undefined): PlanValue {
  const [head, ...rest] = path;
  if (head === undefined) return value ?? null;
  if (typeof head === 'number') {
    const list = Array.isArray(root) ? [...root] : [];
    if (rest.length === 0 && value === undefined) list.splice(head, 1);
    else list[head] = setIn(list[head] ?? {}, rest, value);
    return list;
  }
  const map: PlanMap = isMap(root) ? { ...root } : {};
  if (rest.length === 0 && value === undefined) delete map[head];
  else map[head] = setIn(map[head] ?? {}, rest, value);
  return map;
}

/** The list at `path` with item `from` moved to `to`. */
export function moveIn(root: PlanValue, path: FieldPath, from: number, to: number): PlanValue {
  const list = getIn(root, path);
  if (!Array.isArray(list) || to < 0 || to >= list.length) return root;
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return setIn(root, path, next);
}

/** A mapping with one key renamed in place (measure names), keeping the order of the others. */
export function renameKey(map: PlanMap, from: string, to: string): PlanMap {
  if (from === to || to in map) return map;
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k === from ? to : k, v]));
}

/** Text of a scalar field for an input ('' when absent or not a scalar). */
export function scalarText(v: PlanValue | undefined): string {
  return v === undefined || v === null || typeof v === 'object' ? '' : String(v);
}

/**
 * A `where` filter value as the input shows it: `new, upsell` for a list. Written back, one
 * value stays a scalar and several become a list, as people write them in the file.
 */
export const whereText = (v: PlanValue | undefined): string => (Array.isArray(v) ? v.map(scalarText).join(', ') : scalarText(v));
export function whereValue(text: string): PlanValue {
  const values = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return values.length === 1 ? values[0]! : values;
}

export const formatOf = (fileName: string): 'yaml' | 'json' => (fileName.endsWith('.json') ? 'json' : 'yaml');

/* ---- New parts, in the key order the spec's examples use. ---- */

export const COMPONENT_TYPES = ['commission', 'bonus', 'spiff', 'formula'] as const;
export type ComponentType = (typeof COMPONENT_TYPES)[number];

/** A fresh component of a type, with an id not yet taken in the plan. */
export function newComponent(type: ComponentType, taken: readonly string[], measure: string): PlanMap {
  let id: string = type;
  for (let n = 2; taken.includes(id); n++) id = `${type}-${n}`;
  switch (type) {
    case 'commission':
      return { id, type, measure, rate: '0.05' };
    case 'bonus':
      return { id, type, measure, basis: 'attainment', steps: [{ at: '1.0', amount: '1000' }] };
    case 'spiff':
      return { id, type, per: 'deal', amount: '100' };
    case 'formula':
      return { id, type, formula: measure ? `${measure} * 0.01` : '0' };
  }
}

/** A name not yet used by a measure. */
export function newMeasureName(taken: readonly string[]): string {
  let name = 'measure';
  for (let n = 2; taken.includes(name); n++) name = `measure_${n}`;
  return name;
}
