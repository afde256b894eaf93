import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * One owner per item (issue 8): an `item.ts` is imported only from its own folder, and the client
 * partition's sort-key literals are written only in functions/clients/partition.ts. Reads the
 * source as text; no network.
 */
const root = join(import.meta.dirname, '..', '..');
const sources = (dir: string): string[] =>
  readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
const files = ['functions', 'infra', 'bench', 'shared']
  .flatMap(sources)
  .map((file) => ({ file, text: readFileSync(join(root, file), 'utf8') }));

describe('item ownership', () => {
  it('an item.ts is imported only by the files of its own folder', () => {
    const leaks = files.flatMap(({ file, text }) =>
      [...text.matchAll(/from '([^']*\/([a-z-]+)\/item)'/g)]
        .filter((m) => !file.startsWith(join('functions', m[2] ?? '')))
        .map((m) => `${relative(root, join(root, file))} imports ${m[1]}`),
    );
    expect(leaks).toEqual([]);
  });

  it.each(['ADDRESS#', 'CONTACT#', 'DOC#', 'ADDR#', "'CLIENT'", 'CONTACT$', 'SEND#', 'EVENT#'])(
    'the sort-key literal %s is written only in functions/clients/partition.ts',
    (literal) => {
      const holders = files.filter(({ text }) => text.includes(literal)).map(({ file }) => file);
      expect(holders).toEqual([join('functions', 'clients', 'partition.ts')]);
    },
  );
});
