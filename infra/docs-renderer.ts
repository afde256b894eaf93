import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The script that renders `/api/docs`: Redoc's standalone bundle, as @redocly/cli ships it (the
 * CLI's `build-docs` inlines the same file). Served by Carnet itself — by the local server, and
 * from the web bucket through CloudFront on AWS — so the page never loads anything from a CDN.
 */
export function redocScriptFile(): string {
  const cli = dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json'));
  const file = join(cli, 'lib', 'chunks', 'redoc.standalone.js');
  if (!existsSync(file)) throw new Error(`Redoc's standalone bundle is not at ${file}: did @redocly/cli move it?`);
  return file;
}
