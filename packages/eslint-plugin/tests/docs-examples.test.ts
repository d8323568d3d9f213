import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import plugin from '../src/index.js';
import { eslint } from './rule-tester.js';

const docsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../docs/rules');

interface Example {
  readonly code: string;
  readonly incorrect: boolean;
  readonly line: number;
}

/** Code blocks under "### ❌ Incorrect" must be reported by the rule; under "### ✅ Correct" must not. */
function examples(markdown: string): Example[] {
  const found: Example[] = [];
  let section: 'incorrect' | 'correct' | null = null;
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('#')) section = line.includes('❌') ? 'incorrect' : line.includes('✅') ? 'correct' : null;
    if (section && /^```(js|ts)$/.test(line)) {
      const start = i + 1;
      while (i + 1 < lines.length && lines[i + 1] !== '```') i++;
      found.push({ code: lines.slice(start, i + 1).join('\n'), incorrect: section === 'incorrect', line: start });
      i++;
    }
  }
  return found;
}

for (const file of readdirSync(docsDir)) {
  const name = file.replace(/\.md$/, '');
  describe(`docs/rules/${file}`, () => {
    const cases = examples(readFileSync(path.join(docsDir, file), 'utf8'));
    it('has both incorrect and correct examples', () => {
      expect(cases.some((c) => c.incorrect)).toBe(true);
      expect(cases.some((c) => !c.incorrect)).toBe(true);
    });
    it.each(cases.map((c) => [c.line, c] as const))('example at line %i', (_line, example) => {
      const linter = new eslint.Linter({ configType: 'flat' });
      const messages = linter.verify(example.code, [
        {
          plugins: { '@closewait': plugin as never },
          rules: { [`@closewait/${name}`]: 'error' },
          languageOptions: { ecmaVersion: 2024, sourceType: example.code.includes('require(') ? 'commonjs' : 'module' },
        },
      ]);
      expect(messages.filter((m) => m.fatal)).toEqual([]);
      const findings = messages.filter((m) => m.ruleId === `@closewait/${name}`);
      if (example.incorrect) expect(findings.length).toBeGreaterThan(0);
      else expect(findings).toEqual([]);
    });
  });
}
