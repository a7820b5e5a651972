import { type PlanValue, type Problem, parseTree, type TreeNode } from '@prestasi/workspace';

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
