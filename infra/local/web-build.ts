import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

function newest(dir: string): number {
  let latest = 0;
  if (!existsSync(dir)) return latest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** True when web/dist is missing or older than a source of the web app (web/ or shared/). */
export function webBuildIsStale(): boolean {
  const index = join(root, 'web', 'dist', 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return Math.max(newest(join(root, 'web')), newest(join(root, 'shared')), statSync(join(root, 'vite.config.ts')).mtimeMs) > built;
}

/** Builds the web app with Vite when needed, so `npm start` always serves the current sources. */
export function ensureWebBuilt(log: (line: string) => void = console.log): void {
  if (!existsSync(join(root, 'vite.config.ts')) || !webBuildIsStale()) return;
  log('Construction de l’application web (vite build)…');
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('the web app did not build (vite build failed; see above)');
}
