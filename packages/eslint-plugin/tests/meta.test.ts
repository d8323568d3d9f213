import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import plugin from '../src/index.js';
import { eslintMajor, loadedEslintVersion } from './rule-tester.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const ruleFiles = readdirSync(path.join(root, 'src/rules')).map((f) => f.replace(/\.ts$/, ''));
const docFiles = readdirSync(path.join(root, 'docs/rules')).map((f) => f.replace(/\.md$/, ''));
const testFiles = readdirSync(path.join(root, 'tests/rules')).map((f) => f.replace(/\.test\.ts$/, ''));
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };
const readme = readFileSync(path.join(root, '../../README.md'), 'utf8');

describe('plugin', () => {
  it(`runs on ESLint ${eslintMajor}`, () => {
    expect(loadedEslintVersion.split('.')[0]).toBe(String(eslintMajor));
  });

  it('has meta from package.json and the @closewait namespace', () => {
    expect(plugin.meta).toEqual({ name: pkg.name, version: pkg.version, namespace: '@closewait' });
  });

  it('keeps rules, docs and tests in step', () => {
    expect(Object.keys(plugin.rules).sort()).toEqual([...ruleFiles].sort());
    expect([...docFiles].sort()).toEqual([...ruleFiles].sort());
    expect([...testFiles].sort()).toEqual([...ruleFiles].sort());
  });

  it.each(Object.entries(plugin.rules))('%s follows the naming and docs conventions', (name, rule) => {
    expect(name).toMatch(/^(no|prefer|require)-[a-z-]+$/);
    expect(rule.meta.docs?.description).toMatch(/^(Enforce|Require|Disallow) /);
    expect(rule.meta.docs?.url).toContain(`docs/rules/${name}.md`);
    const doc = readFileSync(path.join(root, 'docs/rules', `${name}.md`), 'utf8');
    expect(doc).toContain(`# \`@closewait/${name}\``);
    expect(doc).toContain(rule.meta.docs!.description);
    for (const heading of ['## Why', '### ❌ Incorrect', '### ✅ Correct', '## Options', '## When not to use it']) {
      expect(doc).toContain(heading);
    }
    expect(readme).toContain(`[\`@closewait/${name}\`]`);
  });

  it.each(['recommended', 'recommended-type-checked'] as const)('config %s enables every recommended rule', (name) => {
    const config = plugin.configs[name];
    expect(config.plugins?.['@closewait']).toBe(plugin);
    const expected = Object.entries(plugin.rules)
      .filter(([, rule]) => rule.meta.docs?.recommended)
      .map(([rule]) => `@closewait/${rule}`);
    expect(Object.keys(config.rules ?? {}).sort()).toEqual(expected.sort());
  });

  it.each(['strict', 'strict-type-checked'] as const)('config %s enables every rule', (name) => {
    const config = plugin.configs[name];
    expect(config.plugins?.['@closewait']).toBe(plugin);
    expect(Object.keys(config.rules ?? {}).sort()).toEqual(Object.keys(plugin.rules).map((rule) => `@closewait/${rule}`).sort());
  });

  it('lists in the README the configs that enable each rule', () => {
    for (const [name, rule] of Object.entries(plugin.rules)) {
      const row = readme.split('\n').find((line) => line.startsWith(`| [\`@closewait/${name}\`]`));
      const configs = rule.meta.docs?.recommended ? '`recommended`, `strict` (and their `-type-checked` forms)' : '`strict`, `strict-type-checked`';
      expect(row).toContain(`| ${configs} |`);
    }
  });
});
