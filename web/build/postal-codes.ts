/**
 * A Vite plugin that turns codes-postaux (La Poste's list, 35 000 lines, 3.9 MB of JSON) into 96
 * small files, one per département: `postal-codes/69.json` = `{ "69002": ["Lyon"], … }` (≤ 14 kB
 * each, 0.6 MB in all). The address form fetches only the one it needs, from the app's own
 * origin: nothing of it is in the initial bundle, and nothing leaves for the network at run time.
 */
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

interface PostalCodeEntry {
  codePostal: string;
  nomCommune: string;
}

/** "Lyon 2e Arrondissement" is addressed as "Lyon", "Marseille 1er Arrondissement" as "Marseille". */
export function postalCity(commune: string): string {
  return commune.replace(/ \d+(?:er|e) Arrondissement$/, '');
}

export function postalCodeFiles(entries: readonly PostalCodeEntry[]): Map<string, string> {
  const byDepartment = new Map<string, Map<string, Set<string>>>();
  for (const entry of entries) {
    const department = entry.codePostal.slice(0, 2);
    const codes = byDepartment.get(department) ?? new Map<string, Set<string>>();
    byDepartment.set(department, codes);
    const cities = codes.get(entry.codePostal) ?? new Set<string>();
    codes.set(entry.codePostal, cities);
    cities.add(postalCity(entry.nomCommune));
  }
  const files = new Map<string, string>();
  for (const [department, codes] of byDepartment) {
    const sorted = [...codes].sort(([a], [b]) => a.localeCompare(b));
    files.set(
      `postal-codes/${department}.json`,
      JSON.stringify(Object.fromEntries(sorted.map(([code, cities]) => [code, [...cities].sort((a, b) => a.localeCompare(b, 'fr'))]))),
    );
  }
  return files;
}

function loadFiles(): Map<string, string> {
  const require = createRequire(import.meta.url);
  return postalCodeFiles(require('codes-postaux/codes-postaux.json') as PostalCodeEntry[]);
}

export function postalCodes(): Plugin {
  let files: Map<string, string> | undefined;
  const all = () => {
    files ??= loadFiles();
    return files;
  };
  return {
    name: 'carnet-postal-codes',
    generateBundle() {
      for (const [fileName, source] of all()) this.emitFile({ type: 'asset', fileName, source });
    },
    configureServer(server) {
      // `npx vite` during development serves the same files.
      server.middlewares.use((req, res, next) => {
        const source = req.url ? all().get(req.url.replace(/^\//, '').split('?')[0] ?? '') : undefined;
        if (source === undefined) return next();
        res.setHeader('content-type', 'application/json');
        res.end(source);
      });
    },
  };
}
