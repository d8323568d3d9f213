import { defineConfig } from 'vitest/config';

const pluginTests = {
  root: 'packages/eslint-plugin',
  include: ['tests/**/*.test.ts'],
  testTimeout: 60_000,
};

export default defineConfig({
  test: {
    reporters: ['default', './scripts/summary-reporter.ts'],
    projects: [
      { test: { ...pluginTests, name: 'eslint-plugin (ESLint 10)' } },
      { test: { ...pluginTests, name: 'eslint-plugin (ESLint 9)', env: { CLOSEWAIT_ESLINT: '9' } } },
      {
        test: {
          name: 'runtime-guard',
          root: 'packages/runtime-guard',
          include: ['tests/**/*.test.ts'],
          // Behaviour tests preload dist/register.js into real Node 20/22/24 processes: build it first.
          globalSetup: ['tests/helpers/build.ts'],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
