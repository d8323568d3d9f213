import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** vitest globalSetup: `tsc -b` the guard so spawned processes preload the current sources. */
export default function build(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-b', fileURLToPath(new URL('../../', import.meta.url))], { stdio: 'inherit' });
}
