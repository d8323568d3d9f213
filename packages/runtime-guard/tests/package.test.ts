import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  dependencies?: Record<string, string>;
  exports: Record<string, unknown>;
};

describe('@closewait/runtime-guard package', () => {
  it('has no runtime dependencies: it is preloaded into every app', () => {
    expect(pkg.dependencies ?? {}).toEqual({});
  });

  it('exports the API and the register preload', async () => {
    expect(Object.keys(pkg.exports)).toEqual(['.', './register', './package.json']);
    const entry = (await import('../src/index.js')) as Record<string, unknown>;
    expect(Object.keys(entry).sort()).toEqual(['ConfigError', 'FINDING_CHANNEL', 'activeGuard', 'install', 'optionsFromEnv', 'version']);
  });

  it('has no side effects on import: nothing is tracked until install()', async () => {
    const { activeGuard } = await import('../src/index.js');
    expect(activeGuard()).toBeUndefined();
  });
});
