// Lints the published code of popular networking packages (and everything they pull in) with every rule
// of @closewait/eslint-plugin, to find crashes and to review what the rules report on real code.
//
//   node scripts/corpus.mjs [--dir <path>] [--fresh] [--only <package>] [--json <file>]
//
// Packages are installed with npm (not pnpm) so that node_modules is a plain, hoisted tree of real
// folders: every file is linted once, under a path that names its package.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { Linter } from 'eslint';

/**
 * The corpus, pinned to exact versions so that runs compare. To add a package, add a line
 * (`npm view <package> version` gives the current one); the next run reinstalls.
 */
const PACKAGES = {
  // WebSocket and realtime
  ws: '8.23.0',
  'socket.io': '4.8.4',
  mqtt: '5.16.0',
  'faye-websocket': '0.11.4',
  sockjs: '0.3.24',
  // HTTP clients
  undici: '8.13.1',
  got: '16.1.0',
  'node-fetch': '3.3.2',
  axios: '1.21.1',
  superagent: '10.4.2',
  request: '2.88.2',
  ky: '2.1.0',
  needle: '3.5.0',
  'follow-redirects': '1.16.3',
  '@aws-sdk/client-s3': '3.1175.0',
  gaxios: '8.3.3',
  '@hapi/wreck': '18.1.2',
  'make-fetch-happen': '16.0.1',
  phin: '4.0.0',
  'simple-get': '4.0.1',
  'cross-fetch': '4.1.0',
  'minipass-fetch': '6.0.1',
  'npm-registry-fetch': '20.0.1',
  ofetch: '1.5.1',
  'graphql-request': '7.4.0',
  '@octokit/request': '10.0.16',
  // Agents and clients built on them: per-request agents, response bodies, timeouts
  agentkeepalive: '4.6.0',
  'https-proxy-agent': '9.1.0',
  'docker-modem': '5.0.7',
  '@elastic/transport': '9.4.0',
  hpagent: '1.2.0',
  'global-agent': '4.1.3',
  socks: '2.8.11',
  'socks-proxy-agent': '10.1.0',
  'pac-proxy-agent': '9.1.0',
  '@azure/core-rest-pipeline': '1.25.1',
  // HTTP servers
  express: '5.3.0',
  fastify: '5.12.8',
  koa: '3.3.0',
  'http-server': '14.1.1',
  // Proxies and tunnels
  'http-proxy': '1.18.1',
  'http-proxy-middleware': '4.2.2',
  'tunnel-agent': '0.6.0',
  'proxy-chain': '3.0.1',
  ssh2: '1.17.0',
  '@fastify/reply-from': '12.6.5',
  '@fastify/http-proxy': '11.6.3',
  'express-http-proxy': '2.1.2',
  redbird: '1.0.2',
  localtunnel: '2.0.2',
  // Databases and brokers
  pg: '8.23.1',
  mysql2: '3.24.6',
  mongodb: '7.9.0',
  ioredis: '6.0.0',
  redis: '6.3.1',
  amqplib: '2.3.1',
  nats: '2.29.3',
  'cassandra-driver': '4.10.0',
  tedious: '20.3.9',
  influx: '5.12.0',
  '@influxdata/influxdb-client': '1.35.0',
  // Mail and file transfer
  nodemailer: '10.6.1',
  'smtp-server': '3.21.6',
  'basic-ftp': '6.2.6',
  // Service SDKs and RPC: API clients over fetch or http with their own agents, retries and timeouts
  openai: '7.57.0',
  stripe: '23.1.0',
  twilio: '6.2.0',
  '@slack/web-api': '8.2.0',
  'node-telegram-bot-api': '2.1.0',
  '@kubernetes/client-node': '2.0.1',
  dockerode: '5.0.1',
  '@grpc/grpc-js': '1.14.7',
  // Browser automation: WebDriver over HTTP, CDP over WebSocket
  'puppeteer-core': '25.16.0',
  'selenium-webdriver': '4.49.0',
  // First held-out review (packages the rules had not been tuned on when they were added)
  'isomorphic-fetch': '3.0.0',
  bent: '7.3.12',
  urllib: '4.9.2',
  'http2-wrapper': '2.2.4',
  xmlhttprequest: '1.8.0',
  memcached: '2.2.2',
  memjs: '1.3.2',
  ldapjs: '3.0.7',
  '@elastic/elasticsearch': '9.5.1',
  mysql: '2.18.1',
  nano: '11.0.7',
  rhea: '3.0.5',
  stompit: '1.0.0',
  kafkajs: '2.2.4',
  'amqp-connection-manager': '5.0.0',
  bullmq: '6.7.0',
  ftp: '0.3.10',
  'ssh2-sftp-client': '12.1.1',
  'node-ssh': '13.2.1',
  'telnet-client': '2.2.14',
  'irc-framework': '4.14.0',
  emailjs: '5.0.3',
  websocket: '1.0.35',
  'engine.io-client': '6.6.8',
  '@hapi/hapi': '21.4.10',
  polka: '0.5.2',
  micro: '10.0.1',
  connect: '3.7.0',
  tunnel: '0.0.6',
  'global-tunnel-ng': '2.7.1',
  'http-proxy-3': '2.0.1',
  'prom-client': '15.1.3',
  'posthog-node': '5.70.0',
  mixpanel: '0.24.0',
  telegraf: '4.16.3',
  grammy: '1.46.0',
  'twitter-api-v2': '1.29.1',
  'google-auth-library': '11.3.4',
  // Second held-out review: smaller clients, brokers, proxies, metrics and logging transports
  '@fastify/websocket': '11.3.6',
  '@hapi/h2o2': '10.0.4',
  '@hapi/nes': '14.0.1',
  'aedes': '1.2.0',
  'centra': '2.7.0',
  'coap': '1.5.0',
  'consul': '2.0.1',
  'download': '8.0.0',
  'eureka-js-client': '4.5.0',
  'express-ws': '5.0.2',
  'faye': '1.4.3',
  'fluent-logger': '3.4.1',
  'hot-shots': '17.1.1',
  'http-shutdown': '1.2.2',
  'httpie': '1.1.2',
  'hyperquest': '2.1.3',
  'is-port-reachable': '4.0.0',
  'koa-proxies': '0.12.4',
  'live-server': '1.2.2',
  'logstash-client': '1.1.1',
  'lynx': '0.2.0',
  'mqtt-connection': '4.1.0',
  'node-rest-client': '3.1.1',
  'node-statsd': '0.1.1',
  'node-vault': '0.12.0',
  'node-zookeeper-client': '1.1.3',
  'nsqjs': '0.13.0',
  'primus': '8.0.9',
  'pusher': '5.3.4',
  'reconnecting-websocket': '4.4.0',
  'request-light': '0.8.0',
  'simple-websocket': '9.1.0',
  'socket.io-client': '4.8.4',
  'sockette': '2.0.6',
  'socks5-client': '1.2.8',
  'socksv5': '0.0.6',
  'stoppable': '1.1.0',
  'syslog-client': '1.1.1',
  'tcp-ping': '0.1.1',
  'tcp-port-used': '1.0.3',
  'tiny-json-http': '7.5.1',
  'unirest': '0.6.0',
  'wait-on': '9.5.1',
  'wretch': '3.0.9',
  'ws-wrapper': '3.0.3',
};

const CORPUS_NAME = 'closewait-corpus';
const PINS_FILE = '.corpus-pins.json';
const MAX_FILE_BYTES = 1024 * 1024;
const SKIPPED_FOLDERS = new Set(['test', '__tests__', '.bin']);
const SOURCE_TYPES = { '.mjs': ['module'], '.cjs': ['commonjs'], '.js': ['module', 'commonjs'] };

const usage = `Usage: node scripts/corpus.mjs [options]
  --dir <path>      install folder (default: .corpus/ at the repository root)
  --fresh           reinstall even if the folder already holds this package list
  --only <package>  lint only node_modules/<package> (and what is nested in it)
  --json <file>     also write the findings, parse failures and crashes as JSON
  --timing          also lint every file without any rule, to give the rules' share of ESLint's time
                    (with TIMING=all in the environment ESLint adds its own per-rule table at exit)
  --help            show this text`;

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

function parseOptions() {
  try {
    const { values } = parseArgs({
      options: {
        dir: { type: 'string' },
        fresh: { type: 'boolean', default: false },
        only: { type: 'string' },
        json: { type: 'string' },
        timing: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
    return values;
  } catch (error) {
    console.error(`${error.message}\n\n${usage}`);
    process.exit(2);
  }
}

function fail(message) {
  console.error(message);
  process.exit(2);
}

async function loadPlugin() {
  try {
    return (await import('@closewait/eslint-plugin')).default;
  } catch (error) {
    fail(`Cannot load @closewait/eslint-plugin (${error.message}).\nBuild it first: npx tsc -b`);
  }
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

// --- install -------------------------------------------------------------------------------------

/** Installs the pinned packages into `dir` unless it already holds exactly this list. */
function install(dir, fresh) {
  const manifest = join(dir, 'package.json');
  const pinsFile = join(dir, PINS_FILE);
  const pins = `${JSON.stringify(PACKAGES, Object.keys(PACKAGES).sort(), 2)}\n`;

  // npm prunes whatever its package.json does not list, so never run it in a folder that is not ours
  // (say --dir pointing at the repository itself).
  if (existsSync(manifest) && readJson(manifest).name !== CORPUS_NAME) {
    fail(`${manifest} belongs to another project; choose an empty folder with --dir.`);
  }
  if (!fresh && existsSync(pinsFile) && readFileSync(pinsFile, 'utf8') === pins) {
    return { installed: false, seconds: 0 };
  }

  rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
  rmSync(join(dir, 'package-lock.json'), { force: true });
  rmSync(pinsFile, { force: true });
  mkdirSync(dir, { recursive: true });
  // Without a package.json of its own, npm walks up and installs into the nearest parent project.
  writeFileSync(manifest, `${JSON.stringify({ name: CORPUS_NAME, private: true }, null, 2)}\n`);

  const specs = Object.entries(PACKAGES).map(([name, version]) => `${name}@${version}`);
  const args = ['install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', '--prefix', dir, ...specs];
  console.log(`Installing ${specs.length} packages into ${dir} ...`);
  const started = performance.now();
  const result = spawnSync('npm', args, { cwd: dir, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) fail(`npm install failed (${result.error?.message ?? `exit code ${result.status}`}).`);
  writeFileSync(pinsFile, pins);
  return { installed: true, seconds: (performance.now() - started) / 1000 };
}

// --- files ---------------------------------------------------------------------------------------

/** Every lintable file under `root`, in a stable order, plus counts of what was skipped and why. */
function collectFiles(root) {
  const files = [];
  const skipped = { minified: 0, tooLarge: 0 };
  const pending = [root];
  while (pending.length > 0) {
    const folder = pending.pop();
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      // Symbolic links are skipped: npm's tree has real folders, and links would lint a file twice.
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) pending.push(path);
      } else if (entry.isFile() && extname(entry.name) in SOURCE_TYPES) {
        if (entry.name.endsWith('.min.js')) skipped.minified++;
        else if (statSync(path).size > MAX_FILE_BYTES) skipped.tooLarge++;
        else files.push(path);
      }
    }
  }
  return { files: files.sort(), skipped };
}

/** `a/node_modules/@s/b/lib/x.js` → `a/node_modules/@s/b`: the innermost package folder of a file. */
function packageOf(path) {
  const parts = path.split('/');
  const start = parts.lastIndexOf('node_modules') + 1;
  const length = parts[start]?.startsWith('@') ? 2 : 1;
  return parts.slice(0, start + length).join('/');
}

// --- lint ----------------------------------------------------------------------------------------

function createLinting(plugin, cwd) {
  const namespace = plugin.meta?.namespace ?? '@closewait';
  const ruleNames = Object.keys(plugin.rules);
  const linter = new Linter({ cwd });
  const configs = new Map();

  const configFor = (sourceType, rules) => {
    const key = `${sourceType} ${rules.join(' ')}`;
    if (!configs.has(key)) {
      configs.set(key, [
        // Flat config ignores node_modules by default; here it is the very thing to lint.
        { ignores: ['!**/node_modules/'] },
        {
          plugins: { [namespace]: plugin },
          languageOptions: { ecmaVersion: 'latest', sourceType },
          rules: Object.fromEntries(rules.map((rule) => [`${namespace}/${rule}`, 'error'])),
        },
      ]);
    }
    return configs.get(key);
  };

  // allowInlineConfig: false, so that a package's own `eslint-disable` comments neither hide findings
  // nor trip over rules this config does not define.
  const verify = (code, file, sourceType, rules) =>
    linter.verify(code, configFor(sourceType, rules), { filename: file, allowInlineConfig: false });

  /**
   * Lints one file. A rule that throws is retried alone, each rule on its own, so that one crash
   * neither hides the other rules' findings nor another rule's crash.
   */
  const lintFile = (code, file) => {
    const sourceTypes = SOURCE_TYPES[extname(file)];
    let parseError;
    for (const sourceType of sourceTypes) {
      let messages;
      const crashes = [];
      try {
        messages = verify(code, file, sourceType, ruleNames);
      } catch (error) {
        messages = [];
        for (const rule of ruleNames) {
          try {
            messages.push(...verify(code, file, sourceType, [rule]));
          } catch (ruleError) {
            crashes.push({ rule, error: ruleError });
          }
        }
        if (crashes.length === 0) crashes.push({ rule: error?.ruleId ?? null, error });
      }
      parseError = messages.find((message) => message.fatal);
      if (parseError) continue;
      const findings = messages
        .filter((message) => message.ruleId?.startsWith(`${namespace}/`))
        .map((message) => ({ ...message, rule: message.ruleId.slice(namespace.length + 1) }));
      const other = messages.filter((message) => !message.ruleId?.startsWith(`${namespace}/`));
      return { sourceType, findings, crashes, other };
    }
    return { parseError, sourceTypes };
  };

  /**
   * --timing: the file linted with every rule and with none (parsing, scope analysis and traversal
   * only), in alternating order so that neither run always finds the caches warm.
   */
  let flip = false;
  const timeFile = (code, file, sourceType) => {
    const run = (rules) => {
      const started = performance.now();
      verify(code, file, sourceType, rules);
      return performance.now() - started;
    };
    flip = !flip;
    if (flip) {
      const withRules = run(ruleNames);
      return { withRules, withoutRules: run([]) };
    }
    const withoutRules = run([]);
    return { withRules: run(ruleNames), withoutRules };
  };
  return { ruleNames, lintFile, timeFile };
}

function firstLines(error) {
  if (!(error instanceof Error)) return { message: String(error), at: '' };
  const lines = String(error.stack ?? '').split('\n');
  return {
    message: error.message.split('\n')[0],
    at: lines.find((line) => line.trimStart().startsWith('at '))?.trim() ?? '',
  };
}

// --- report --------------------------------------------------------------------------------------

const LIST_LIMIT = 20;

function printList(title, items, format) {
  console.log(`\n${title}: ${items.length}`);
  for (const item of items.slice(0, LIST_LIMIT)) console.log(`  ${format(item)}`);
  if (items.length > LIST_LIMIT) console.log(`  ... ${items.length - LIST_LIMIT} more (all of them with --json)`);
}

function groupBy(items, key) {
  const groups = new Map();
  for (const item of items) {
    const name = key(item);
    if (!groups.has(name)) groups.set(name, []);
    groups.get(name).push(item);
  }
  return [...groups].sort(([a], [b]) => (a < b ? -1 : 1));
}

// --- main ----------------------------------------------------------------------------------------

async function main() {
  const options = parseOptions();
  if (options.help) {
    console.log(usage);
    return 0;
  }
  const started = performance.now();
  const plugin = await loadPlugin();
  const dir = options.dir ? resolve(options.dir) : join(repoRoot, '.corpus');
  const setup = install(dir, options.fresh);
  const nodeModules = join(dir, 'node_modules');
  const root = options.only ? join(nodeModules, options.only) : nodeModules;
  if (!existsSync(root)) fail(`No package folder ${root}.`);

  const { ruleNames, lintFile, timeFile } = createLinting(plugin, nodeModules);
  const cost = { withRules: 0, withoutRules: 0 };
  const { files, skipped } = collectFiles(root);
  const findings = [];
  const parseFailures = [];
  const crashes = [];
  const other = [];
  const bySourceType = { module: 0, commonjs: 0 };
  const packagesLinted = new Set();
  const timings = [];
  const lintStarted = performance.now();

  for (const [index, absolute] of files.entries()) {
    const path = relative(nodeModules, absolute).split(sep).join('/');
    const pkg = packageOf(path);
    const code = readFileSync(absolute, 'utf8');
    const fileStarted = performance.now();
    const result = lintFile(code, absolute);
    timings.push({ path, ms: performance.now() - fileStarted });
    if (process.stderr.isTTY && index % 200 === 0) process.stderr.write(`\r${index}/${files.length} ${pkg}`.padEnd(80));

    if (result.parseError) {
      const { line, column, message } = result.parseError;
      parseFailures.push({ package: pkg, path, line, column, message, tried: result.sourceTypes });
      continue;
    }
    packagesLinted.add(pkg);
    if (options.timing) {
      const { withRules, withoutRules } = timeFile(code, absolute, result.sourceType);
      cost.withRules += withRules;
      cost.withoutRules += withoutRules;
    }
    bySourceType[result.sourceType] = (bySourceType[result.sourceType] ?? 0) + 1;
    for (const { rule, error } of result.crashes) {
      crashes.push({ package: pkg, path, rule, ...firstLines(error) });
    }
    for (const message of result.other) other.push({ package: pkg, path, ...message });
    for (const finding of result.findings) {
      const { rule, messageId, message, line, column, endLine, endColumn } = finding;
      findings.push({ package: pkg, path, line, column, endLine, endColumn, rule, messageId, message });
    }
  }
  if (process.stderr.isTTY) process.stderr.write(`\r${''.padEnd(80)}\r`);
  const lintMs = performance.now() - lintStarted;

  const pinned = Object.entries(PACKAGES).sort(([a], [b]) => (a < b ? -1 : 1));
  console.log(`Corpus: ${pinned.length} packages in ${relative(process.cwd(), dir) || '.'}`);
  console.log(setup.installed ? `(installed now, in ${setup.seconds.toFixed(1)} s)` : '(already installed)');
  for (const [name, version] of pinned) {
    const manifest = join(nodeModules, name, 'package.json');
    const installed = existsSync(manifest) ? readJson(manifest).version : 'missing';
    console.log(`  ${name}@${version}${installed === version ? '' : `  (installed: ${installed})`}`);
  }

  const ruleCounts = Object.fromEntries(ruleNames.map((rule) => [rule, 0]));
  for (const finding of findings) ruleCounts[finding.rule] = (ruleCounts[finding.rule] ?? 0) + 1;
  const linted = files.length - parseFailures.length;
  const seconds = (performance.now() - started) / 1000;

  console.log(`\nLinted${options.only ? ` (only ${options.only})` : ''}: ${root}`);
  console.log(`Rules:          ${ruleNames.join(', ')}`);
  console.log(`Files linted:   ${linted} in ${packagesLinted.size} package folders`);
  console.log(`                ${bySourceType.module} as module, ${bySourceType.commonjs} as commonjs`);
  console.log(`Skipped:        ${skipped.minified} *.min.js, ${skipped.tooLarge} over 1 MB`);
  console.log(`Parse failures: ${parseFailures.length}`);
  console.log(`Crashes:        ${crashes.length}`);
  console.log(`Findings:       ${findings.length}`);
  for (const [rule, count] of Object.entries(ruleCounts)) console.log(`  ${rule.padEnd(28)} ${count}`);
  console.log(`Time:           ${seconds.toFixed(1)} s in all, linting ${(lintMs / 1000).toFixed(1)} s`);
  console.log(`Per file:       ${(lintMs / Math.max(files.length, 1)).toFixed(2)} ms on average`);
  if (options.timing) {
    const rulesMs = cost.withRules - cost.withoutRules;
    console.log(`Rules' share:   ${(100 * rulesMs / cost.withRules).toFixed(1)} % of ESLint's time with every rule on (${(cost.withRules / 1000).toFixed(1)} s; ${(cost.withoutRules / 1000).toFixed(1)} s with none: parsing, scopes, traversal)`);
  }
  const slowest = [...timings].sort((a, b) => b.ms - a.ms).slice(0, 5);
  for (const { path, ms } of slowest) console.log(`  ${ms.toFixed(0).padStart(6)} ms  ${path}`);

  printList('Parse failures', parseFailures, (f) => `${f.path}:${f.line}:${f.column} ${f.message}`);
  if (other.length > 0) {
    printList('Other linter messages', other, (m) => `${m.path}:${m.line}:${m.column} ${m.message}`);
  }
  if (crashes.length > 0) {
    console.log(`\nCrashes: ${crashes.length}`);
    for (const crash of crashes) {
      console.log(`  ${crash.path} ${crash.rule ?? '(no rule)'}: ${crash.message}\n    ${crash.at}`);
    }
  }

  console.log(`\nFindings: ${findings.length}`);
  for (const [pkg, items] of groupBy(findings, (finding) => finding.package)) {
    console.log(`\n${pkg} (${items.length})`);
    for (const f of items) console.log(`  ${f.path}:${f.line}:${f.column} ${f.rule} ${f.messageId}`);
  }

  if (options.json) {
    const report = {
      packages: Object.fromEntries(pinned),
      plugin: plugin.meta,
      eslint: Linter.version,
      only: options.only ?? null,
      summary: {
        filesLinted: linted,
        parseFailures: parseFailures.length,
        crashes: crashes.length,
        findings: findings.length,
        findingsByRule: ruleCounts,
        seconds: Number(seconds.toFixed(1)),
      },
      findings,
      parseFailures,
      crashes,
    };
    mkdirSync(dirname(resolve(options.json)), { recursive: true });
    writeFileSync(options.json, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nWrote ${options.json}`);
  }
  return crashes.length > 0 ? 1 : 0;
}

process.exitCode = await main();
