import { strToU8, strFromU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { unzipWorkspace, zipWorkspace } from './zip.js';

const texts = (files: ReadonlyMap<string, Uint8Array>) => Object.fromEntries([...files].map(([p, b]) => [p, strFromU8(b)]));
const zipOf = (files: Record<string, string>) => zipSync(Object.fromEntries(Object.entries(files).map(([p, t]) => [p, strToU8(t)])));

describe('unzipWorkspace', () => {
  it.each<[string, Record<string, string>, Record<string, string>]>([
    ['files at the top', { 'payees.csv': 'p', 'plans/ae.yaml': 'a' }, { 'payees.csv': 'p', 'plans/ae.yaml': 'a' }],
    ['a folder', { 'acme/payees.csv': 'p', 'acme/plans/ae.yaml': 'a', 'acme/notes.md': 'n' }, { 'payees.csv': 'p', 'plans/ae.yaml': 'a' }],
    ['the shallowest of two folders', { 'a/payees.csv': 'p', 'a/old/payees.csv': 'q', 'a/old/fx.csv': 'f' }, { 'payees.csv': 'p' }],
    ['no payees.csv (the loader will say so)', { 'transactions.csv': 't', 'x/fx.csv': 'f' }, { 'transactions.csv': 't' }],
  ])('takes the workspace files from %s', (_, files, expected) => {
    expect(texts(unzipWorkspace(zipOf(files), 1000))).toEqual(expected);
  });

  it('inflates an entry that understates its size no further than it says', () => {
    const zip = zipSync({ 'payees.csv': new Uint8Array(1_000_000).fill(0x41) });
    const view = new DataView(zip.buffer);
    // The uncompressed size, in the local header and in the central directory entry.
    view.setUint32(22, 10, true);
    for (let i = 0; i < zip.length - 4; i++) if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, 10, true);
    expect(unzipWorkspace(zip, 1000).get('payees.csv')).toHaveLength(10);
  });

  it('round-trips zipWorkspace', () => {
    const files = new Map([
      ['payees.csv', strToU8('id,name\n')],
      ['plans/ae.json', strToU8('{}')],
    ]);
    expect(unzipWorkspace(zipWorkspace(files), 1000)).toEqual(files);
  });
});
