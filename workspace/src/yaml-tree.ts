import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';

/**
 * YAML (and JSON, which is YAML 1.2) as a small tree that keeps, for every scalar, the text as
 * written and its line. The spec reads numbers from their text, never through a float, and
 * compares `where` values by their text: `1.0` stays `1.0`.
 */
export type TreeNode = TreeMap | TreeSeq | TreeScalar;

export interface TreeMap {
  readonly kind: 'map';
  readonly line: number;
  readonly entries: ReadonlyMap<string, { readonly keyLine: number; readonly value: TreeNode }>;
}
export interface TreeSeq {
  readonly kind: 'seq';
  readonly line: number;
  readonly items: readonly TreeNode[];
}
export interface TreeScalar {
  readonly kind: 'scalar';
  readonly line: number;
  /** Source text of a plain scalar, or the value of a quoted one; `""` for null. */
  readonly text: string;
  readonly quoted: boolean;
  /** The YAML value (for booleans and null). */
  readonly value: unknown;
}

export type TreeOutcome =
  | { readonly ok: true; readonly root: TreeNode | undefined }
  | { readonly ok: false; readonly errors: readonly { line: number | undefined; message: string }[] };

const MAX_DEPTH = 64;

export function parseTree(text: string): TreeOutcome {
  const lineCounter = new LineCounter();
  let doc;
  try {
    doc = parseDocument(text, { lineCounter, keepSourceTokens: false, uniqueKeys: true });
  } catch (e) {
    return { ok: false, errors: [{ line: undefined, message: `cannot be parsed: ${(e as Error).message}` }] };
  }
  const lineOf = (offset: number | undefined) => (offset === undefined ? 1 : lineCounter.linePos(offset).line);
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => ({
        line: lineOf(e.pos[0]),
        message: (e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, ''),
      })),
    };
  }
  const errors: { line: number | undefined; message: string }[] = [];
  const convert = (node: unknown, depth: number): TreeNode | undefined => {
    const n = node as YamlNode | null | undefined;
    const line = lineOf(n?.range?.[0]);
    if (depth > MAX_DEPTH) {
      errors.push({ line, message: `nested deeper than ${MAX_DEPTH} levels` });
      return undefined;
    }
    if (n === null || n === undefined) return { kind: 'scalar', line, text: '', quoted: false, value: null };
    if (isMap(n)) {
      const entries = new Map<string, { keyLine: number; value: TreeNode }>();
      for (const pair of n.items) {
        const key = pair.key as YamlNode | null;
        const keyText = isScalar(key) ? String(key.source ?? key.value) : undefined;
        const keyLine = lineOf(key?.range?.[0]);
        if (keyText === undefined) {
          errors.push({ line: keyLine, message: 'keys must be plain text' });
          continue;
        }
        const value = convert(pair.value, depth + 1);
        if (value) entries.set(keyText, { keyLine, value });
      }
      return { kind: 'map', line, entries };
    }
    if (isSeq(n)) {
      const items: TreeNode[] = [];
      for (const item of n.items) {
        const value = convert(item, depth + 1);
        if (value) items.push(value);
      }
      return { kind: 'seq', line, items };
    }
    if (isScalar(n)) {
      const quoted = n.type === 'QUOTE_DOUBLE' || n.type === 'QUOTE_SINGLE' || n.type === 'BLOCK_LITERAL' || n.type === 'BLOCK_FOLDED';
      const text = n.value === null ? '' : quoted ? String(n.value) : (n.source ?? String(n.value));
      return { kind: 'scalar', line, text, quoted, value: n.value };
    }
    errors.push({ line, message: 'unsupported YAML node (aliases are not allowed)' });
    return undefined;
  };
  try {
    const root = doc.contents === null ? undefined : convert(doc.contents, 0);
    return errors.length > 0 ? { ok: false, errors } : { ok: true, root };
  } catch (e) {
    return { ok: false, errors: [{ line: undefined, message: `cannot be read: ${(e as Error).message}` }] };
  }
}
