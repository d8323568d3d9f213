// Shows what a user would see from both halves of closewait, and doubles as a check.
//
// Part 1 lints examples/ with closewait's strict config (every rule): every leak file's findings, and a ✓ for
// every fixed twin that passes clean. Part 2 runs each app in examples/guard/ under the runtime guard
// (CLOSEWAIT_MODE=strict), a few at a time: what the guard printed for every leak, and a ✓ for every
// fix that exits 0 without a finding. Those apps leak in ways the linter may not see, so part 1 skips
// them; part 2 notes what the linter says about each leak and requires every fix to lint clean.
//
// Exits 1 on any mismatch (a leak not caught, a fix reported), 2 when the demo cannot run at all.
// Usage (from anywhere): node scripts/demo.mjs   — build first: npx tsc -b
import { ESLint } from 'eslint';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const examplesDir = join(root, 'examples');
const guardExamplesDir = join(examplesDir, 'guard');
const pluginEntry = join(root, 'packages', 'eslint-plugin', 'dist', 'index.js');
const guardEntry = join(root, 'packages', 'runtime-guard', 'dist', 'register.js');
// What a user types: the preload is resolved from examples/, where it is a dependency.
const REGISTER = '@closewait/runtime-guard/register';
const GUARD_ENV = { CLOSEWAIT_MODE: 'strict', CLOSEWAIT_THRESHOLD_MS: '300' };
// Each app holds its leak for ~2.5 s: 12 runs take two rounds, well under 10 s.
const GUARD_CONCURRENCY = 6;
const GUARD_RUN_LIMIT_MS = 15_000;
const EXPECTED_LINE = /^\/\/ Expected guard finding: ([a-z-]+(?: or [a-z-]+)*)/m;
const FINDING_HEADLINE = /^closewait: (?:error|warning) ([a-z-]+): /;

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
if (!existsSync(guardEntry)) {
  console.error(`The runtime guard is not built (${relative(root, guardEntry)} is missing). Run: npx tsc -b`);
  process.exit(2);
}
try {
  createRequire(join(examplesDir, 'package.json')).resolve(REGISTER);
} catch (error) {
  console.error(`examples/ cannot resolve ${REGISTER} (${error.code ?? error.message}).`);
  console.error('Run: npx -y pnpm@10.34.9 install');
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
/** Lint results of the guard examples, by path: part 2 reports them beside each run. */
const guardLint = new Map();

for (const result of results) {
  if (!relative(guardExamplesDir, result.filePath).startsWith('..')) {
    guardLint.set(result.filePath, result);
    continue;
  }
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

console.log(bold('closewait demo, part 1: examples/ linted with @closewait/eslint-plugin (strict: every rule)'));
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

await runGuardExamples();

/** `file:line:col  message  rule`, the shape editors and terminals turn into links. */
function formatMessage(result, message) {
  const where = `${display(result.filePath)}:${message.line ?? 0}:${message.column ?? 0}`;
  return `${where}  ${message.message}  ${dim(message.ruleId ?? '(parse error)')}`;
}

// ---------------------------------------------------------------------------------------------------
// Part 2: the runtime guard.

/**
 * Runs every `leak*` / `fixed*` app under examples/guard/ with the guard preloaded in strict mode,
 * GUARD_CONCURRENCY at a time, and prints each scenario as soon as it and the ones before it are done.
 * A leak must exit non-zero with a finding of the kind its header names (`// Expected guard finding:
 * kind`, or `kind or kind` where Node versions differ); a fix must exit 0 without one, and lint clean.
 */
async function runGuardExamples() {
  const envText = Object.entries(GUARD_ENV).map(([key, value]) => `${key}=${value}`).join(' ');
  console.log(`\n${bold('closewait demo, part 2: examples/guard/ run under @closewait/runtime-guard')}`);
  console.log(dim(`  each app, from examples/: ${envText} node --import ${REGISTER} guard/<scenario>/<file>`));

  const guardScenarios = discoverGuardScenarios();
  const runs = guardScenarios.flatMap(({ files }) => files);
  const started = performance.now();
  const queue = [...runs];
  const worker = async () => {
    for (let run = queue.shift(); run !== undefined; run = queue.shift()) run.settle(await runGuarded(run.path));
  };
  const workers = Array.from({ length: Math.min(GUARD_CONCURRENCY, runs.length) }, worker);

  const problems = [];
  const tally = { leakRuns: 0, leakFindings: 0, fixedRuns: 0, fixedFindings: 0, skipped: 0, kinds: new Map() };
  for (const { scenario, files } of guardScenarios) {
    console.log(`\n${bold(scenario)}`);
    for (const file of files) {
      const outcome = await file.outcome;
      if (file.role === 'leak') {
        tally.leakRuns++;
        tally.leakFindings += outcome.kinds.length;
        for (const kind of outcome.kinds) tally.kinds.set(kind, (tally.kinds.get(kind) ?? 0) + 1);
        if (reportLeak(file, outcome, problems) === 'skipped') tally.skipped++;
      } else {
        tally.fixedRuns++;
        tally.fixedFindings += outcome.kinds.length;
        reportFix(file, outcome, problems);
      }
    }
  }
  await Promise.all(workers);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);

  const order = ['half-closed', 'unread-eof', 'close-wait', 'timeout-ignored'];
  const rank = (kind) => (order.includes(kind) ? order.indexOf(kind) : order.length);
  const kinds = [...tally.kinds]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([kind, count]) => (count > 1 ? `${kind} ×${count}` : kind))
    .join(', ');
  const leaks = `${plural(tally.leakFindings, 'finding')} in ${plural(tally.leakRuns, 'leak run')}`;
  const skipped = tally.skipped > 0 ? ` (${tally.skipped} skipped)` : '';
  console.log(
    `\n${bold('Guard summary:')} ${leaks}${kinds === '' ? '' : ` (${kinds})`}${skipped}, ` +
      `${tally.fixedFindings} in ${plural(tally.fixedRuns, 'fixed run')}; ` +
      `${plural(runs.length, 'run')} in ${seconds} s, ${GUARD_CONCURRENCY} at a time.`,
  );
  if (problems.length > 0) {
    console.log(red(`${plural(problems.length, 'mismatch')}:`));
    for (const line of problems) console.log(`  ${red('✗')} ${line}`);
    process.exitCode = 1;
  } else {
    console.log(green('The guard reports every leak and stays quiet on every fix.'));
  }
}

/** examples/guard/<scenario>/{leak,fixed}*.{js,mjs,cjs}, sorted like part 1, each with its outcome to come. */
function discoverGuardScenarios() {
  if (!existsSync(guardExamplesDir)) return [];
  const found = [];
  for (const entry of readdirSync(guardExamplesDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = join(guardExamplesDir, entry.name);
    const files = [];
    for (const name of readdirSync(dir)) {
      if (!/\.(?:js|mjs|cjs)$/.test(name)) continue;
      const stem = basename(name, extname(name));
      const role = stem.startsWith('leak') ? 'leak' : stem.startsWith('fixed') ? 'fixed' : null;
      if (role === null) continue;
      const path = join(dir, name);
      // `// Expected guard finding: close-wait or unread-eof (…)`: any of the kinds named, then a note.
      const header = role === 'leak' ? EXPECTED_LINE.exec(readFileSync(path, 'utf8')) : null;
      const expected = header === null ? undefined : header[1].split(' or ');
      let settle;
      const outcome = new Promise((resolve) => (settle = resolve));
      files.push({ path, role, variant: stem.slice(role.length), expected, outcome, settle });
    }
    files.sort(
      (a, b) => a.variant.localeCompare(b.variant) || (a.role === 'leak' ? -1 : 1) - (b.role === 'leak' ? -1 : 1),
    );
    if (files.length > 0) found.push({ scenario: `guard/${entry.name}`, files });
  }
  return found.sort((a, b) => a.scenario.localeCompare(b.scenario));
}

/** One app under the guard, from examples/ as a user would run it; never rejects. */
function runGuarded(path) {
  // The demo's settings, not whatever CLOSEWAIT_* the caller's shell has (json reports, kernel off…).
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('CLOSEWAIT_')));
  const startedAt = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', REGISTER, relative(examplesDir, path)], {
      cwd: examplesDir,
      env: { ...env, ...GUARD_ENV },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let settled = false;
    const finish = (code, signal) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const ms = performance.now() - startedAt;
      resolve({ code, signal, timedOut, stdout, stderr, ms, ...guardOutput(stderr) });
    };
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, GUARD_RUN_LIMIT_MS);
    child.stdout.setEncoding('utf8').on('data', (text) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text) => (stderr += text));
    child.on('error', (error) => {
      stderr += `${error.message}\n`;
      finish(null, null);
    });
    child.on('close', finish);
  });
}

/**
 * The guard's lines in a run's stderr, the app's own left out: each `closewait:` line and the indented
 * lines under it. And the kinds of the findings among them (`closewait: error half-closed: …`).
 */
function guardOutput(stderr) {
  const guardLines = [];
  const kinds = [];
  let inGuardBlock = false;
  for (const line of stderr.split('\n')) {
    if (line.startsWith('closewait:')) {
      inGuardBlock = true;
      guardLines.push(line);
      const finding = FINDING_HEADLINE.exec(line);
      if (finding) kinds.push(finding[1]);
    } else if (inGuardBlock && line.startsWith(' ')) {
      guardLines.push(line);
    } else {
      inGuardBlock = false;
    }
  }
  return { guardLines, kinds };
}

/** Prints a leak run: the guard's report, or why it does not count. Returns `caught`, `skipped` or `missed`. */
function reportLeak(file, outcome, problems) {
  const name = display(file.path);
  const took = dim(`(${(outcome.ms / 1000).toFixed(1)} s)`);
  const why = leakMismatch(file, outcome);
  let verdict = 'caught';
  if (why === undefined) {
    const seen = [...new Set(outcome.kinds.filter((kind) => file.expected.includes(kind)))];
    console.log(`  ${name}  ${dim(`exit ${outcome.code}, ${seen.join(' and ')} reported`)} ${took}`);
  } else if (file.expected?.includes('close-wait') && process.platform !== 'linux' && outcome.code === 0) {
    // The guard reads CLOSE_WAIT from /proc/net/tcp: elsewhere it says so once and cannot see these.
    verdict = 'skipped';
    console.log(`  ${dim('–')} ${name}  ${dim(`skipped: close-wait needs Linux's socket table (${process.platform})`)}`);
  } else {
    verdict = 'missed';
    problems.push(`${name}: ${why}`);
    console.log(`  ${red('✗')} ${name}  ${red(why)} ${took}`);
  }
  for (const line of outcome.guardLines) console.log(`    ${line}`);
  if (verdict === 'missed') showAppOutput(outcome);
  console.log(`    ${dim(lintNote(file.path))}`);
  return verdict;
}

function leakMismatch(file, outcome) {
  if (file.expected === undefined) return "no '// Expected guard finding: <kind>' line in its header";
  if (outcome.timedOut) return `still running after ${GUARD_RUN_LIMIT_MS / 1000} s: killed`;
  const found = outcome.kinds.length > 0 ? `found ${outcome.kinds.join(', ')}` : 'no finding';
  if (outcome.code === 0) return `exited 0 (${found}): strict mode did not fail it`;
  if (!outcome.kinds.some((kind) => file.expected.includes(kind))) {
    return `no ${file.expected.join(' or ')} finding (exit ${outcome.code ?? outcome.signal}, ${found})`;
  }
  return undefined;
}

/** Prints a fixed run: a ✓ when it exits 0 with no finding and lints clean, else what went wrong. */
function reportFix(file, outcome, problems) {
  const name = display(file.path);
  const lint = guardLint.get(file.path);
  const lintFindings = lint?.messages ?? [];
  let why;
  if (outcome.timedOut) why = `still running after ${GUARD_RUN_LIMIT_MS / 1000} s: killed`;
  else if (outcome.kinds.length > 0) why = `the fix is reported (${outcome.kinds.join(', ')})`;
  else if (outcome.code !== 0) why = `exit ${outcome.code ?? outcome.signal}`;
  else if (lintFindings.length > 0) why = `the fix is flagged by the linter (${plural(lintFindings.length, 'finding')})`;
  const took = dim(`(${(outcome.ms / 1000).toFixed(1)} s)`);
  if (why === undefined) {
    console.log(`  ${green('✓')} ${name}  ${dim('exit 0, no finding')} ${took}`);
    // The guard's other notices (a kernel table it cannot read, say) are worth seeing even on a pass.
    for (const line of outcome.guardLines) console.log(`      ${dim(line)}`);
    return;
  }
  problems.push(`${name}: ${why}`);
  console.log(`  ${red('✗')} ${name}  ${red(`${why}:`)} ${took}`);
  for (const line of outcome.guardLines) console.log(`      ${line}`);
  for (const message of lintFindings) console.log(`      ${formatMessage(lint, message)}`);
  showAppOutput(outcome);
}

/** A failed run's own output (its last lines), so the mismatch can be understood without a rerun. */
function showAppOutput(outcome) {
  const guard = new Set(outcome.guardLines);
  const own = [...outcome.stdout.split('\n'), ...outcome.stderr.split('\n').filter((line) => !guard.has(line))];
  for (const line of own.filter((text) => text.trim() !== '').slice(-12)) console.log(`      ${dim(`| ${line}`)}`);
}

/** What the linter says about a guard leak: the guard's point is the leaks it cannot see. */
function lintNote(path) {
  const result = guardLint.get(path);
  if (result === undefined) return 'eslint: this file was not linted';
  const rules = [...new Set(result.messages.map((message) => message.ruleId ?? '(parse error)'))];
  return rules.length === 0
    ? 'eslint: no finding in this file, only the guard catches this leak'
    : `eslint: also flagged by ${rules.join(', ')}`;
}
