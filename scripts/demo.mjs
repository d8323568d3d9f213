// Lints examples/ with closewait's recommended config and shows what a user would see: every leak
// file's findings, and a ✓ for every fixed twin that passes clean. Doubles as a check: exits 1 when a
// leak file has no finding or a fixed file has one, 2 when the demo cannot run at all.
//
// Usage (from anywhere): node scripts/demo.mjs   — build the plugin first: npx tsc -b
import { ESLint } from 'eslint';
import { existsSync } from 'node:fs';
import { basename, dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const examplesDir = join(root, 'examples');
const pluginEntry = join(root, 'packages', 'eslint-plugin', 'dist', 'index.js');

const useColor = process.stdout.isTTY === true && !('NO_COLOR' in process.env);
const paint = (code) => (text) => (useColor ? `\u001b[${code}m${text}\u001b[0m` : text);
const bold = paint('1');
const dim = paint('2');
const red = paint('31');
const green = paint('32');
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : word.endsWith('h') ? 'es' : 's'}`;

if (!existsSync(pluginEntry)) {
  console.error(`The plugin is not built (${relative(root, pluginEntry)} is missing). Run: npx tsc -b`);
  process.exit(2);
}

// ESLint 10 looks up the config from each file's directory, so examples/eslint.config.js applies.
const eslint = new ESLint({ cwd: examplesDir });
let results;
try {
  results = await eslint.lintFiles(['.']);
} catch (error) {
  console.error(`ESLint could not lint examples/: ${error.message}`);
  process.exit(2);
}

/** @type {Map<string, { role: 'leak' | 'fixed', variant: string, result: ESLint.LintResult }[]>} */
const scenarios = new Map();
const mismatches = [];
const display = (filePath) => relative(root, filePath).split(sep).join('/');

for (const result of results) {
  const name = basename(result.filePath, extname(result.filePath));
  const role = name.startsWith('leak') ? 'leak' : name.startsWith('fixed') ? 'fixed' : null;
  const scenario = relative(examplesDir, dirname(result.filePath)).split(sep).join('/');
  if (role === null || scenario === '') {
    // Support files (eslint.config.js, helpers) must lint clean too.
    if (result.messages.length > 0) mismatches.push(`${display(result.filePath)}: unexpected findings`);
    for (const message of result.messages) console.log(formatMessage(result, message));
    continue;
  }
  const variant = name.slice(role.length);
  if (!scenarios.has(scenario)) scenarios.set(scenario, []);
  scenarios.get(scenario).push({ role, variant, result });
}

let leakFiles = 0;
let fixedFiles = 0;
let leakFindings = 0;
let fixedFindings = 0;

console.log(bold('closewait demo: examples/ linted with @closewait/eslint-plugin (recommended)'));
for (const scenario of [...scenarios.keys()].sort()) {
  console.log(`\n${bold(scenario)}`);
  const files = scenarios.get(scenario).sort(
    (a, b) => a.variant.localeCompare(b.variant) || (a.role === 'leak' ? -1 : 1) - (b.role === 'leak' ? -1 : 1),
  );
  for (const { role, result } of files) {
    const file = display(result.filePath);
    const fatal = result.messages.filter((m) => m.fatal || m.ruleId === null);
    const findings = result.messages.filter((m) => !m.fatal && m.ruleId !== null);
    if (role === 'leak') {
      leakFiles++;
      leakFindings += findings.length;
    } else {
      fixedFiles++;
      fixedFindings += findings.length;
    }

    if (fatal.length > 0) {
      mismatches.push(`${file}: could not be linted`);
      for (const message of fatal) console.log(`  ${red('✗')} ${formatMessage(result, message)}`);
      continue;
    }
    if (role === 'leak' && findings.length === 0) {
      mismatches.push(`${file}: leak not reported`);
      console.log(`  ${red('✗')} ${file}  ${red('no findings: this leak is not caught')}`);
      continue;
    }
    if (role === 'fixed' && findings.length === 0) {
      console.log(`  ${green('✓')} ${file}  ${dim('passes clean')}`);
      continue;
    }
    // A leak's findings are the expected output; a fixed file's are a mismatch, nested under its ✗.
    let indent = '  ';
    if (role === 'fixed') {
      mismatches.push(`${file}: fix reported (${plural(findings.length, 'finding')})`);
      console.log(`  ${red('✗')} ${file}  ${red('the fix is reported:')}`);
      indent = '      ';
    }
    for (const message of findings) console.log(`${indent}${formatMessage(result, message)}`);
  }
}

console.log(
  `\n${bold('Summary:')} ${plural(leakFindings, 'finding')} in ${plural(leakFiles, 'leak file')}, ` +
    `${fixedFindings} in ${plural(fixedFiles, 'fixed file')}.`,
);
if (mismatches.length > 0) {
  console.log(red(`${plural(mismatches.length, 'mismatch')}:`));
  for (const line of mismatches) console.log(`  ${red('✗')} ${line}`);
  process.exitCode = 1;
} else {
  console.log(green('Every leak is caught and every fix passes clean.'));
}

/** `file:line:col  message  rule`, the shape editors and terminals turn into links. */
function formatMessage(result, message) {
  const where = `${display(result.filePath)}:${message.line ?? 0}:${message.column ?? 0}`;
  return `${where}  ${message.message}  ${dim(message.ruleId ?? '(parse error)')}`;
}
