// Reads YAML/JSON into a simple tree that keeps every scalar's text as written
// (plain scalars: their source text; quoted/block scalars: their string value),
// so numbers never pass through binary floating point.

import YAML from 'yaml';

export type YVal =
  | { kind: 'scalar'; text: string; plain: boolean; value: unknown }
  | { kind: 'map'; entries: Array<[string, YVal]> }
  | { kind: 'seq'; items: YVal[] };

export type YamlResult = { ok: true; value: YVal } | { ok: false; problems: string[] };

function convert(node: unknown, doc: YAML.Document, depth: number): YVal {
  if (depth > 100) throw new Error('YAML nesting too deep');
  if (YAML.isAlias(node)) {
    return convert(node.resolve(doc), doc, depth + 1);
  }
  if (YAML.isMap(node)) {
    const entries: Array<[string, YVal]> = [];
    for (const pair of node.items) {
      const key = convert(pair.key, doc, depth + 1);
      if (key.kind !== 'scalar') throw new Error('map keys must be scalars');
      entries.push([key.text, convert(pair.value, doc, depth + 1)]);
    }
    return { kind: 'map', entries };
  }
  if (YAML.isSeq(node)) {
    return { kind: 'seq', items: node.items.map((item) => convert(item, doc, depth + 1)) };
  }
  if (YAML.isScalar(node)) {
    const plain = node.type === YAML.Scalar.PLAIN || node.type === undefined;
    let text: string;
    if (plain) {
      const src = (node as { source?: unknown }).source;
      text = typeof src === 'string' ? src : node.value === null ? '' : String(node.value);
    } else {
      text = typeof node.value === 'string' ? node.value : String(node.value);
    }
    return { kind: 'scalar', text, plain, value: node.value };
  }
  if (node === null || node === undefined) {
    return { kind: 'scalar', text: '', plain: true, value: null };
  }
  throw new Error('unsupported YAML node');
}

export function parseYaml(file: string, text: string): YamlResult {
  let doc: YAML.Document;
  try {
    doc = YAML.parseDocument(text, { keepSourceTokens: true, prettyErrors: false });
  } catch (e: unknown) {
    return { ok: false, problems: [`${file}: cannot parse: ${String(e)}`] };
  }
  if (doc.errors.length > 0) {
    return { ok: false, problems: doc.errors.map((e) => `${file}: ${e.message.split('\n')[0] ?? ''}`) };
  }
  try {
    return { ok: true, value: convert(doc.contents, doc, 0) };
  } catch (e: unknown) {
    return { ok: false, problems: [`${file}: ${e instanceof Error ? e.message : String(e)}`] };
  }
}

export function mapGet(v: YVal, key: string): YVal | undefined {
  if (v.kind !== 'map') return undefined;
  for (const [k, val] of v.entries) if (k === key) return val;
  return undefined;
}

/** A YAML null (`key:` or `~` or `null`, unquoted) */
export function isNull(v: YVal | undefined): boolean {
  return v === undefined || (v.kind === 'scalar' && v.plain && v.value === null);
}
