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

  it('declares its entry point through exports', async () => {
    expect(pkg.exports['.']).toBeDefined();
    const entry = (await import('../src/index.js')) as Record<string, unknown>;
    expect(Object.keys(entry)).toContain('version');
  });
});
