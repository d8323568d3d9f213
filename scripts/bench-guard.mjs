// What the runtime guard costs a Node server: CPU per HTTP request and heap per tracked socket, guard vs
// no guard. Prints a table and the goals (≤ 1 % CPU/request on keep-alive, ≤ 3 % on a connection per
// request, ≤ 200 B per tracked socket). Not a test: it never fails on a missed goal.
//
//   node scripts/bench-guard.mjs [--quick] [--node <path>] [--rounds <n>] [--seconds <s>] [--concurrency <n>]
//                                [--only http|memory] [--shape keep-alive|close] [--control]
//                                [--method toggle|fresh] [--settle <s>] [--channel-arm]
//                                [--preload <name>=<module>]… [--cpu-prof <dir>]
//
// --method toggle (the default): one server process per shape, the guard installed and uninstalled
// between 1 s windows (after --settle seconds), per-round ratios, then windows under V8's profiler that
// give the share of the server's CPU spent in the guard's own code — the figure that stays readable
// when the machine's noise (see --control) is larger than the goals. --method fresh: a new server
// process per window and an idle server per variant for the guard's background work (the older method).
//
// Build the guard first (npx tsc -b): the children load packages/runtime-guard/dist. --node runs every
// child with another Node binary; --control adds a second `none` (an A/A pair: the noise floor);
// --preload adds a server variant that preloads your own module (to pin a cost on one part of the
// guard); --cpu-prof writes a V8 CPU profile of each HTTP server into <dir>.
// Progress goes to stderr, the tables to stdout.
//
// Why it is built the way it is:
// - Every measured program is a child process, so the guard (a preload) is installed exactly as users
//   install it, and the variants never share a heap, a JIT state or patched prototypes.
// - The figure to trust is the server's own CPU time per request (process.cpuUsage() in the server):
//   req/s on 2 cores also moves with whatever else the machine runs.
// - Rounds interleave the variants in a rotated order, so drift (thermal, a neighbour, TIME_WAIT piling
//   up) spreads over all of them instead of landing on whichever ran last; medians drop the outliers.
//   A window during which other processes took CPU (read from /proc) is run once more.
// - Every window gets a fresh server, so that one process's luck (JIT decisions, heap layout) is not
//   carried into every round. The guard's timer-driven work (scans, kernel-table reads) never shows in
//   a short window, so an idle server per variant lives through the whole run to measure it apart.
// - Memory is heapUsed after repeated full GCs, at 10 000 sockets, minus the same with no guard: what the
//   guard retains per socket, since the sockets themselves cost the same in both.
import { execFileSync, fork } from 'node:child_process';
import * as diagnostics from 'node:diagnostics_channel';
import * as inspector from 'node:inspector';
import { existsSync, readFileSync } from 'node:fs';
import * as http from 'node:http';
import { createRequire } from 'node:module';
import * as net from 'node:net';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const SELF = fileURLToPath(import.meta.url);
const ROOT = dirname(dirname(SELF));
const GUARD_DIST = join(ROOT, 'packages', 'runtime-guard', 'dist');
const REGISTER = join(GUARD_DIST, 'register.js');

const USAGE = `node scripts/bench-guard.mjs [--quick] [--node <path>] [--rounds <n>] [--seconds <s>] [--concurrency <n>]
                             [--only http|memory] [--shape keep-alive|close] [--control]
                             [--method toggle|fresh] [--settle <s>] [--channel-arm]
                             [--preload <name>=<module>]... [--cpu-prof <dir>]`;
const GOALS = { keepAlivePct: 1, perConnectionPct: 3, bytesPerSocket: 200 };
// A window during which other processes (or the hypervisor) took more than this many CPUs is redone once.
const FOREIGN_LIMIT = 0.1;
const WINDOW_ATTEMPTS = 2;
const SOCKETS = 10_000;
// Sockets opened per batch: the listen backlog (511) overflows with 10 000 SYNs at once, and an
// overflowed SYN is retried only after a second.
const CONNECT_BATCH = 250;
// Opened and closed before the baseline, so that code compiled and tables grown on first use are not
// charged to the 10 000 sockets.
const WARM_SOCKETS = 300;

// ─── Children ──────────────────────────────────────────────────────────────────────────────────────

/** The measured HTTP server. Counts requests and CPU between the 'start' and 'stop' messages. */
/**
 * The measured HTTP server: an async handler, as nearly every real one is (a guard that cost something
 * per promise would show), answering JSON. `served()` counts the requests answered.
 */
async function benchServer() {
  // Stands in for a database call.
  const findUser = async (id) => ({ id, name: 'Ada Lovelace', roles: ['admin', 'dev'], active: true });
  let served = 0;
  const server = http.createServer(async (request, response) => {
    const user = await findUser(request.url.slice(request.url.lastIndexOf('/') + 1));
    const permissions = await Promise.resolve(user.roles.map((name) => `${name}:read`));
    const body = JSON.stringify({ user, permissions, served });
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    response.end(body);
    served++;
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return { server, served: () => served };
}

async function httpServer() {
  const { server, served: count } = await benchServer();

  let window;
  // For a server that is never loaded: what it spends on its own (a guard's scans and kernel reads).
  const lifetime = { cpu: process.cpuUsage(), at: performance.now() };
  process.on('message', (message) => {
    if (message.type === 'start') {
      window = { cpu: process.cpuUsage(), served: count(), at: performance.now() };
    } else if (message.type === 'stop') {
      const cpu = process.cpuUsage(window.cpu);
      process.send({ type: 'window', cpuUs: cpu.user + cpu.system, userUs: cpu.user, requests: count() - window.served, ms: performance.now() - window.at });
    } else if (message.type === 'exit') {
      const cpu = process.cpuUsage(lifetime.cpu);
      process.send({ type: 'lifetime', cpuUs: cpu.user + cpu.system, ms: performance.now() - lifetime.at }, () => {
        // process.exit() (not a kill) so that --cpu-prof gets to write its profile.
        server.close();
        server.closeAllConnections?.();
        process.exit(0);
      });
    }
  });
  process.send({ type: 'listening', port: server.address().port });
}

/**
 * The same HTTP server, in one process for the whole run, with the guard installed through `install()`
 * and removed with `uninstall()` between windows on the parent's word: the two variants then share a
 * heap, a JIT state and the machine's moment, and only what the guard does remains between them.
 */
async function toggleServer() {
  const { install } = await import(pathToFileURL(join(GUARD_DIST, 'index.js')).href);
  const { server, served: count } = await benchServer();
  let guard;
  let channelOn = false;
  const noop = () => {};
  const session = new inspector.Session();
  session.connect();
  const post = (method, params = {}) => new Promise((done, fail) => session.post(method, params, (error, result) => (error ? fail(error) : done(result))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: PROFILE_INTERVAL_US });
  process.on('message', async (message) => {
    if (message.type === 'exit') {
      guard?.uninstall();
      process.exit(0);
    }
    if (message.type !== 'window') return;
    // The `channel only` arm (--channel-arm): a subscriber that does nothing, to tell Node's own cost of
    // publishing each accepted socket from what the guard does with it.
    if (message.channel && !channelOn) diagnostics.subscribe('net.server.socket', noop);
    if (!message.channel && channelOn) diagnostics.unsubscribe('net.server.socket', noop);
    channelOn = message.channel === true;
    const tracker = message.guard || 'none';
    if (guard !== undefined && guard.config.tracker !== tracker) {
      guard.uninstall();
      guard = undefined;
    }
    if (tracker !== 'none' && guard === undefined) guard = install({ tracker });
    // Connections opened before the switch (keep-alive) are left to settle into the new state.
    await sleep(message.settleMs);
    if (message.profile) await post('Profiler.start');
    const start = { cpu: process.cpuUsage(), served: count(), at: performance.now() };
    await sleep(message.ms);
    const cpu = process.cpuUsage(start.cpu);
    const shares = message.profile ? profileShares((await post('Profiler.stop')).profile) : undefined;
    process.send({ type: 'window', cpuUs: cpu.user + cpu.system, userUs: cpu.user, requests: count() - start.served, ms: performance.now() - start.at, shares });
  });
  process.send({ type: 'listening', port: server.address().port });
}

const PROFILE_INTERVAL_US = 100;

/**
 * Shares of a V8 CPU profile's busy samples (all but idle): those spent in the guard's own code
 * (packages/runtime-guard/dist, or node:diagnostics_channel delivering to it) or in built-ins it called
 * (a sample is charged to the innermost frame that has a script: `Map#set` called by the guard is the
 * guard's, Node's own `_destroy` called through the guard's wrapper is not); and those in the garbage
 * collector, which the guard adds to by allocating.
 */
function profileShares({ nodes, samples }) {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const ours = (url) => url.startsWith(GUARD_DIST) || url.startsWith(pathToFileURL(GUARD_DIST).href) || url === 'node:diagnostics_channel';
  const inGuard = new Map();
  const guarded = (id) => {
    if (!inGuard.has(id)) {
      const { url } = byId.get(id).callFrame;
      inGuard.set(id, url !== '' ? ours(url) : parent.has(id) && guarded(parent.get(id)));
    }
    return inGuard.get(id);
  };
  let busy = 0;
  let guard = 0;
  let gc = 0;
  const top = {};
  for (const id of samples) {
    const name = byId.get(id).callFrame.functionName;
    if (name === '(idle)') continue;
    busy++;
    if (name === '(garbage collector)') gc++;
    else if (guarded(id)) {
      guard++;
      const { functionName, url, lineNumber } = byId.get(id).callFrame;
      const where = `${functionName || '(anonymous)'} ${url.slice(url.lastIndexOf('/') + 1)}:${lineNumber + 1}`;
      top[where] = (top[where] ?? 0) + 1;
    }
  }
  return { busy, guard, gc, top };
}

/**
 * Keeps `concurrency` requests in flight for a warm-up and then a measured window, and tells the parent
 * when the window starts and ends; the parent brackets the server's CPU reading with those messages.
 *
 * It speaks HTTP/1.1 over plain sockets rather than through http.request: Node's HTTP client costs more
 * per request than the server it loads, so it would set the pace, and the server's CPU per request
 * would swing with that pace (an idle server pays a loop turn per request, a busy one shares it among
 * many). A client several times cheaper than the server keeps the server saturated in every variant.
 */
async function loadGenerator({ port, shape, concurrency, warmupMs, windowMs, untilStopped = false }) {
  let phase = 'warm-up';
  let completed = 0;
  let errors = 0;
  let lastError = '';
  let id = 0;
  const request = (close) => `GET /users/${++id} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: ${close ? 'close' : 'keep-alive'}\r\n\r\n`;
  const answered = (response) => {
    if (!response.startsWith('HTTP/1.1 200 ')) {
      errors++;
      lastError = response.slice(0, response.indexOf('\r\n'));
    } else if (phase === 'window') {
      completed++;
    }
  };
  const failed = (error) => {
    errors++;
    lastError = error.message;
  };

  // Keep-alive: one connection per worker, one request in flight on it, the next sent on each answer.
  const keepAliveWorker = () => new Promise((done) => {
    const socket = net.connect({ port, host: '127.0.0.1', noDelay: true });
    let received = '';
    const next = () => {
      if (phase === 'stopped') socket.end();
      else socket.write(request(false));
    };
    socket.setEncoding('latin1');
    socket.on('connect', next);
    socket.on('data', (chunk) => {
      received += chunk;
      const length = responseLength(received);
      if (length === 0) return;
      answered(received.slice(0, length));
      received = received.slice(length);
      next();
    });
    socket.on('error', failed);
    socket.on('close', done);
  });

  // Connection per request: the server answers `Connection: close` by ending the connection.
  const closeWorker = async () => {
    while (phase !== 'stopped') {
      await new Promise((done) => {
        const socket = net.connect({ port, host: '127.0.0.1', noDelay: true });
        let received = '';
        socket.setEncoding('latin1');
        socket.on('connect', () => socket.write(request(true)));
        socket.on('data', (chunk) => {
          received += chunk;
        });
        socket.on('end', () => answered(received));
        socket.on('error', failed);
        socket.on('close', done);
      });
    }
  };

  const workers = Array.from({ length: concurrency }, shape === 'keep-alive' ? keepAliveWorker : closeWorker);
  await sleep(warmupMs);
  phase = 'window';
  process.send({ type: 'window-start' });
  const started = performance.now();
  const cpu = process.cpuUsage();
  if (untilStopped) await new Promise((done) => process.once('message', done));
  else await sleep(windowMs);
  phase = 'stopped';
  const ms = performance.now() - started;
  const spent = process.cpuUsage(cpu);
  process.send({ type: 'window-end', requests: completed, ms, errors, lastError, cpuUs: spent.user + spent.system });
  await Promise.all(workers);
  process.disconnect();
}

/** The length of the first complete response in `text` (the server always sends content-length), or 0. */
function responseLength(text) {
  const head = text.indexOf('\r\n\r\n');
  if (head === -1) return 0;
  const match = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, head));
  const total = head + 4 + (match === null ? 0 : Number(match[1]));
  return text.length >= total ? total : 0;
}

/** heapUsed and rss once garbage is gone: several full GCs, with a turn of the loop between them. */
async function settledMemory() {
  for (let i = 0; i < 6; i++) {
    globalThis.gc();
    await new Promise((done) => setImmediate(done));
  }
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsed, rss };
}

const ignoreError = () => {};

/** Opens `count` client sockets to `port`, a batch at a time, and resolves with them once connected. */
async function connectMany(port, count) {
  const sockets = [];
  while (sockets.length < count) {
    const batch = Array.from({ length: Math.min(CONNECT_BATCH, count - sockets.length) }, () => {
      // Nothing is ever sent on these sockets; they are read all the same, as a healthy socket is.
      const socket = net.connect({ port, host: '127.0.0.1' }).resume();
      socket.on('error', ignoreError);
      sockets.push(socket);
      return new Promise((connected, failed) => {
        socket.once('connect', connected);
        socket.once('error', failed);
      });
    });
    await Promise.all(batch);
  }
  return sockets;
}

/**
 * Opens `count` HTTP requests to `port` through `agent` and resolves with their sockets once connected;
 * the holder never answers, so every request keeps its own socket. The site each socket keeps is then
 * as deep as in an app that uses an HTTP client: the agent's frames sit between the app and net.
 */
async function requestMany(port, count, agent) {
  const sockets = [];
  while (sockets.length < count) {
    const batch = Array.from({ length: Math.min(CONNECT_BATCH, count - sockets.length) }, () => new Promise((connected, failed) => {
      const request = http.get({ host: '127.0.0.1', port, path: '/never-answered', agent });
      request.on('error', ignoreError);
      request.once('error', failed);
      request.once('socket', (socket) => {
        sockets.push(socket);
        socket.once('connect', connected);
      });
    }));
    await Promise.all(batch);
  }
  return sockets;
}

/**
 * Resets sockets and waits until each has emitted 'close' (the guard forgets a socket on 'close'). A
 * reset leaves no TIME_WAIT row behind: tens of thousands of those would slow every later reading of
 * the kernel's table, the guard's included, and skew the runs that follow.
 */
async function closeAll(sockets) {
  await Promise.all(sockets.map((socket) => new Promise((closed) => {
    if (socket.closed) return closed();
    socket.once('close', closed);
    socket.resetAndDestroy();
  })));
}

/** Holders end their side first, by reset, when told to: see closeAll(). */
function resetOnExit(held) {
  process.on('message', (message) => {
    if (message.type === 'exit') closeAll(held).then(() => process.exit(0), () => process.exit(1));
  });
}

/** guard.check() (a scan of every tracked socket), timed through the public API when a guard runs here. */
function timeScan() {
  let guard;
  try {
    guard = createRequire(import.meta.url)(join(GUARD_DIST, 'index.js')).activeGuard();
  } catch {
    return undefined;
  }
  if (guard === undefined) return undefined;
  const times = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    guard.check();
    times.push(performance.now() - started);
  }
  return median(times);
}

/** Measured: a server that accepts and holds SOCKETS connections opened by another process. */
async function memoryServer({ count }) {
  const held = [];
  let wanted = Infinity;
  let reached;
  const server = net.createServer((socket) => {
    socket.resume();
    socket.on('error', ignoreError);
    held.push(socket);
    if (held.length === wanted) reached();
  });
  await new Promise((done) => server.listen({ port: 0, host: '127.0.0.1', backlog: 1024 }, done));
  const { port } = server.address();

  // Warm up through our own sockets: accept, track and forget WARM_SOCKETS of them.
  const whenWarm = new Promise((done) => {
    wanted = WARM_SOCKETS;
    reached = done;
  });
  const warm = await connectMany(port, WARM_SOCKETS);
  await whenWarm;
  await closeAll([...warm, ...held.splice(0)]);
  const before = await settledMemory();

  const whenHeld = new Promise((done) => {
    wanted = count;
    reached = done;
  });
  process.send({ type: 'ready', port });
  await whenHeld;
  await sleep(200);
  const after = await settledMemory();
  // A scan (guard.check()) settles what sockets that outlive a scan interval keep: their steady state.
  const scanMs = timeScan();
  const settled = await settledMemory();
  process.send({ type: 'measured', before, after, settled, sockets: held.length, scanMs });
}

/** Measured: opens SOCKETS client connections to a holder process (with net or http) and keeps them. */
async function memoryClient({ port, count, via }) {
  const agent = new http.Agent({ maxSockets: Infinity });
  const open = (how) => (via === 'http' ? requestMany(port, how, agent) : connectMany(port, how));
  await closeAll(await open(WARM_SOCKETS));
  const before = await settledMemory();
  const held = await open(count);
  await sleep(200);
  const after = await settledMemory();
  // A scan (guard.check()) settles what sockets that outlive a scan interval keep: their steady state.
  const scanMs = timeScan();
  const settled = await settledMemory();
  process.send({ type: 'measured', before, after, settled, sockets: held.length, scanMs });
}

/** The other end of a memory run's server sockets: connects and holds, never measured. */
async function holdClients({ port, count }) {
  const held = await connectMany(port, count);
  resetOnExit(held);
  process.send({ type: 'holding', sockets: held.length });
}

/** The other end of a memory run's client sockets: accepts and holds (and never answers), never measured. */
async function holdServer({ via }) {
  const held = [];
  const server = via === 'http' ? http.createServer(() => {}) : net.createServer();
  server.on('connection', (socket) => {
    if (via !== 'http') socket.resume();
    socket.on('error', ignoreError);
    held.push(socket);
  });
  await new Promise((done) => server.listen({ port: 0, host: '127.0.0.1', backlog: 1024 }, done));
  resetOnExit(held);
  process.send({ type: 'listening', port: server.address().port });
}

// ─── Parent ────────────────────────────────────────────────────────────────────────────────────────

const children = new Set();

/** Forks this script in another role, with a clean CLOSEWAIT_* environment plus `env`. */
function spawn(settings, childRole, params, { preload, env = {}, execArgv = [] } = {}) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('CLOSEWAIT_') && key !== 'NODE_OPTIONS'));
  const child = fork(SELF, ['--role', childRole, JSON.stringify(params)], {
    execPath: settings.node,
    execArgv: [...execArgv, ...(preload === undefined ? [] : ['--import', pathToFileURL(preload).href])],
    env: { ...base, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  const inbox = [];
  const waiting = [];
  let gone;
  const exited = new Promise((done) => child.once('exit', done));
  child.on('message', (message) => {
    const at = waiting.findIndex((waiter) => waiter.type === message.type);
    if (at === -1) inbox.push(message);
    else waiting.splice(at, 1)[0].resolve(message);
  });
  child.on('exit', (code, signal) => {
    children.delete(child);
    gone = `${childRole} child exited (${signal ?? `code ${code}`})`;
    for (const waiter of waiting.splice(0)) waiter.reject(new Error(`${gone} while the benchmark waited for "${waiter.type}"`));
  });
  return {
    child,
    exited,
    send: (message) => child.send(message),
    /** The next message of this type, or a rejection when the child dies or stays silent too long. */
    next(type, timeoutMs = 120_000) {
      const at = inbox.findIndex((message) => message.type === type);
      if (at !== -1) return Promise.resolve(inbox.splice(at, 1)[0]);
      if (gone !== undefined) return Promise.reject(new Error(`${gone} before sending "${type}"`));
      return new Promise((resolvePromise, reject) => {
        const timer = setTimeout(() => reject(new Error(`${childRole} child sent no "${type}" within ${timeoutMs} ms`)), timeoutMs);
        waiting.push({
          type,
          resolve: (message) => { clearTimeout(timer); resolvePromise(message); },
          reject: (error) => { clearTimeout(timer); reject(error); },
        });
      });
    },
    /** Ends the child and waits until it is gone. */
    async stop(message) {
      if (gone !== undefined) return;
      if (message === undefined) child.kill();
      else child.send(message);
      await exited;
    },
  };
}

function parseSettings() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      node: { type: 'string', default: process.execPath },
      rounds: { type: 'string' },
      seconds: { type: 'string' },
      concurrency: { type: 'string' },
      only: { type: 'string' },
      shape: { type: 'string' },
      preload: { type: 'string', multiple: true, default: [] },
      control: { type: 'boolean', default: false },
      method: { type: 'string', default: 'toggle' },
      'channel-arm': { type: 'boolean', default: false },
      settle: { type: 'string' },
      'cpu-prof': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (values.only !== undefined && !['http', 'memory'].includes(values.only)) throw new Error('--only takes http or memory');
  if (!['toggle', 'fresh'].includes(values.method)) throw new Error(`--method takes toggle or fresh (got ${values.method})`);
  if (values.shape !== undefined && !SHAPES.some(({ key }) => key === values.shape)) throw new Error('--shape takes keep-alive or close');
  const number = (text, name) => {
    const value = Number(text);
    if (!(value > 0)) throw new Error(`--${name} takes a positive number (got ${text})`);
    return value;
  };
  // On an otherwise idle 2-CPU machine --quick takes about a minute and the default about four; windows
  // disturbed by other processes are retried, which adds to both.
  // Short windows and many rounds rather than the reverse: on a shared (virtual) machine the speed drifts
  // within seconds, and the more rounds the less one slow stretch moves a median.
  const windowS = values.seconds === undefined ? (values.quick ? 1 : 2) : number(values.seconds, 'seconds');
  const variants = [
    { name: 'none' },
    { name: 'guard', preload: REGISTER },
    { name: 'async-hooks', preload: REGISTER, env: { CLOSEWAIT_TRACKER: 'async-hooks' } },
    // A/A control: none measured twice shows how far apart two identical variants land on this machine.
    ...(values.control ? [{ name: 'none again' }] : []),
    ...values.preload.map((spec) => {
      const at = spec.indexOf('=');
      if (at <= 0) throw new Error(`--preload takes <name>=<module> (got ${spec})`);
      return { name: spec.slice(0, at), preload: resolve(spec.slice(at + 1)) };
    }),
  ];
  return {
    node: resolve(values.node),
    quick: values.quick,
    method: values.method,
    control: values.control,
    channelArm: values['channel-arm'],
    // After a switch, the first requests run in code V8 deoptimised when the guard patched or restored
    // Socket.prototype: left out of the window.
    settleMs: values.settle === undefined ? 1000 : number(values.settle, 'settle') * 1000,
    toggleRounds: values.rounds === undefined ? (values.quick ? 12 : 40) : Math.round(number(values.rounds, 'rounds')),
    profileRounds: values.quick ? 4 : 10,
    http: values.only !== 'memory',
    memory: values.only !== 'http',
    rounds: values.rounds === undefined ? (values.quick ? 3 : 10) : Math.round(number(values.rounds, 'rounds')),
    // heapUsed after GC repeats within a few bytes per socket: fewer rounds than the HTTP part needs.
    memoryRounds: values.quick ? 1 : 2,
    windowMs: windowS * 1000,
    warmupMs: values.quick ? 500 : 750,
    // How long a window waits for other processes to calm down before it runs anyway.
    quietWaitMs: values.quick ? 2000 : 5000,
    // Enough requests in flight to keep the server busy in every variant: a server that waits for its
    // client pays a loop turn per request, and its CPU per request would follow the client's pace.
    concurrency: values.concurrency === undefined ? 128 : Math.round(number(values.concurrency, 'concurrency')),
    variants,
    shapes: SHAPES.filter(({ key }) => values.shape === undefined || key === values.shape),
    cpuProf: values['cpu-prof'] === undefined ? undefined : resolve(values['cpu-prof']),
  };
}

async function main() {
  const settings = parseSettings();
  if (!existsSync(REGISTER)) {
    console.error('The guard is not built (packages/runtime-guard/dist/register.js is missing). Run: npx tsc -b');
    process.exit(2);
  }
  const cleanUp = () => {
    for (const child of children) child.kill();
  };
  process.on('exit', cleanUp);
  process.on('SIGINT', () => process.exit(130));

  const started = performance.now();
  printHeader(settings);
  if (settings.http && settings.method === 'toggle') {
    settings.toggleResults = await benchToggle(settings);
    printToggle(settings, settings.toggleResults);
  } else if (settings.http) {
    const results = await benchHttp(settings);
    printHttp(settings, results);
    settings.httpResults = results;
  }
  if (settings.memory) {
    const results = await benchMemory(settings);
    printMemory(results);
    settings.memoryResults = results;
  }
  printGoals(settings);
  console.log(`\n(${((performance.now() - started) / 1000).toFixed(0)} s)`);
}

function printHeader(settings) {
  const version = execFileSync(settings.node, ['-p', 'process.version + " " + process.platform + "-" + process.arch'], { encoding: 'utf8' }).trim();
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['-C', ROOT, 'status', '--porcelain', '--', 'packages/runtime-guard/src'], { encoding: 'utf8' }).trim();
    if (dirty !== '') commit += ' + uncommitted changes in src/ (the bench runs dist/: rebuild first)';
  } catch {
    // Not a git checkout: the commit is only informative.
  }
  console.log(`closewait runtime guard: cost benchmark${settings.quick ? ' (--quick)' : ''}`);
  console.log(`Node ${version} (${settings.node})`);
  console.log(`${cpus().length} CPUs (load average ${loadavg()[0].toFixed(2)} at start), guard at ${commit}`);
  console.log(`HTTP: ${settings.rounds} rounds x ${settings.variants.length} variants, ${settings.windowMs / 1000} s windows after ${settings.warmupMs / 1000} s warm-up, ${settings.concurrency} requests in flight; memory: ${settings.memoryRounds} round${settings.memoryRounds === 1 ? '' : 's'} at ${SOCKETS.toLocaleString('en-US')} sockets`);
}

const SHAPES = [
  { key: 'keep-alive', label: 'keep-alive', goalPct: GOALS.keepAlivePct, title: (concurrency) => `keep-alive (${concurrency} connections, a request in flight on each)` },
  { key: 'close', label: 'connection-per-request', goalPct: GOALS.perConnectionPct, title: (concurrency) => `connection per request (Connection: close, ${concurrency} at a time)` },
];

/**
 * `--method toggle` (the default): one server process for each shape, loaded without a pause by one
 * load generator, with the guard installed and uninstalled between consecutive windows (ABBA order).
 * Each round's windows ran a second apart in the same process, so their ratio is free of what makes
 * separate processes differ (JIT decisions, heap layout, which core, a neighbour's burst); the median and
 * spread of those per-round ratios is the figure. With --control a third arm, the guard-less server
 * measured again, shows the noise floor of the same method. Timer-driven work (scans every
 * threshold/4 = 7.5 s by default, kernel reads) does not fall into 1 s windows: --method fresh measures
 * it with an idle server.
 */
async function benchToggle(settings) {
  const arms = [
    { name: 'none', guard: false },
    { name: 'guard', guard: 'channels' },
    { name: 'async-hooks', guard: 'async-hooks' },
    ...(settings.control ? [{ name: 'none again', guard: false }] : []),
    ...(settings.channelArm ? [{ name: 'channel only', guard: false, channel: true }] : []),
  ];
  const windowMs = settings.quick ? 750 : 1000;
  const settleMs = settings.settleMs;
  const results = {};
  for (const { key } of settings.shapes) {
    const server = spawn(settings, 'toggle-server', {});
    const { port } = await server.next('listening');
    const load = spawn(settings, 'load', { port, shape: key, concurrency: settings.concurrency, warmupMs: settings.warmupMs * 2, windowMs: 0, untilStopped: true });
    await load.next('window-start');
    const window = async (arm) => {
      server.send({ type: 'window', guard: arm.guard, channel: arm.channel, ms: windowMs, settleMs });
      const { cpuUs, userUs, requests, ms } = await server.next('window');
      return { cpuUsPerReq: cpuUs / requests, userUsPerReq: userUs / requests, reqPerS: requests / (ms / 1000) };
    };
    // Both states once, uncounted: the first install compiles the guard and grows its tables.
    for (const arm of arms) await window(arm);
    const runs = Object.fromEntries(arms.map(({ name }) => [name, []]));
    for (let round = 0; round < settings.toggleRounds; round++) {
      const order = round % 2 === 0 ? rotate(arms, round >> 1) : rotate(arms, round >> 1).reverse();
      for (const arm of order) runs[arm.name].push(await window(arm));
      const last = (name) => runs[name].at(-1).cpuUsPerReq;
      process.stderr.write(`  ${key} round ${round + 1}/${settings.toggleRounds}: ${arms.map(({ name }) => `${name} ${grouped(last(name), 1)} µs/req`).join(', ')}\n`);
    }
    // Then windows under V8's sampling profiler (which slows both arms alike): where the guard's CPU goes.
    const profiled = Object.fromEntries(arms.map(({ name }) => [name, { busy: 0, guard: 0, gc: 0, top: {} }]));
    for (let round = 0; round < settings.profileRounds; round++) {
      for (const arm of round % 2 === 0 ? arms : [...arms].reverse()) {
        server.send({ type: 'window', guard: arm.guard, channel: arm.channel, ms: windowMs, settleMs, profile: true });
        const { shares } = await server.next('window');
        for (const key of ['busy', 'guard', 'gc']) profiled[arm.name][key] += shares[key];
        for (const [where, count] of Object.entries(shares.top)) profiled[arm.name].top[where] = (profiled[arm.name].top[where] ?? 0) + count;
      }
    }
    runs.profiled = profiled;
    load.send({ type: 'stop' });
    const client = await load.next('window-end');
    await load.exited;
    await server.stop({ type: 'exit' });
    if (client.errors > 0) process.stderr.write(`  warning: ${client.errors} request errors in ${key} (${client.lastError})\n`);
    results[key] = runs;
  }
  return results;
}

/** Per-round ratios of `name` to none: median, interquartile range, and the mean with ±2 standard errors. */
function pairedRatios(runs, name) {
  const ratios = runs[name].map((run, round) => run.cpuUsPerReq / runs.none[round].cpuUsPerReq);
  const sorted = [...ratios].sort((a, b) => a - b);
  const quartile = (q) => sorted[Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
  const mean = ratios.reduce((sum, value) => sum + value, 0) / ratios.length;
  const variance = ratios.reduce((sum, value) => sum + (value - mean) ** 2, 0) / Math.max(1, ratios.length - 1);
  const error = 2 * Math.sqrt(variance / ratios.length);
  return { median: median(ratios), q1: quartile(0.25), q3: quartile(0.75), mean, low: mean - error, high: mean + error };
}

function printToggle(settings, results) {
  for (const { key, title } of settings.shapes) {
    const runs = results[key];
    const rows = [['variant', 'req/s', 'CPU µs/req', 'per-round ratio: median', 'quartiles', 'mean ± 2 s.e.']];
    for (const name of Object.keys(runs.profiled)) {
      const list = runs[name];
      const vs = name === 'none' ? undefined : pairedRatios(runs, name);
      rows.push([name, grouped(median(list.map((run) => run.reqPerS))), grouped(median(list.map((run) => run.cpuUsPerReq)), 1),
        vs === undefined ? '' : percent(vs.median), vs === undefined ? '' : `${percent(vs.q1)} … ${percent(vs.q3)}`,
        vs === undefined ? '' : `${percent(vs.mean)} (${percent(vs.low)} … ${percent(vs.high)})`]);
    }
    console.log(`\nHTTP server, ${title(settings.concurrency)}: one process, guard installed/uninstalled between windows, ${settings.toggleRounds} rounds (server CPU, user + system)`);
    console.log(table(rows));
    const { profiled } = runs;
    const share = (part, of) => `${(100 * part / of).toFixed(2)} %`;
    for (const name of ['guard', 'async-hooks']) {
      const arm = profiled[name];
      const gcDelta = arm.gc / arm.busy - profiled.none.gc / profiled.none.busy;
      console.log(`  Profiled ${name} (${settings.profileRounds} windows per arm, a sample every ${PROFILE_INTERVAL_US} µs): its code and what it calls took ${share(arm.guard, arm.busy)} of the server's busy samples`);
      console.log(`  (${grouped(arm.guard)} of ${grouped(arm.busy)}); garbage collection ${share(arm.gc, arm.busy)} with it vs ${share(profiled.none.gc, profiled.none.busy)} without (${gcDelta >= 0 ? '+' : ''}${(100 * gcDelta).toFixed(2)} points).`);
      if (name === 'guard') runs.estimate = arm.guard / arm.busy + Math.max(0, gcDelta);
    }
    const top = Object.entries(profiled.guard.top).sort((a, b) => b[1] - a[1]).slice(0, 6);
    if (top.length > 0) console.log(`  Where (innermost frame, samples): ${top.map(([where, count]) => `${where} ${count}`).join(', ')}`);
  }
  console.log('  Scans and kernel reads run on a timer (every 7.5 s by default) and are not in these windows: --method fresh measures them.');
}

/**
 * Every window gets a fresh server: a long-lived process can settle into a slower or faster state of its
 * own (JIT decisions, heap layout) and would carry it into every round. The guard's timer-driven work
 * never shows in a short-lived server, so one idle server per variant lives through the whole phase
 * and measures it: the kernel's tables it reads are the machine's, filled by the windows' connections.
 */
async function benchHttp(settings) {
  const idle = new Map();
  for (const variant of settings.variants) {
    const server = spawn(settings, 'server', {}, { preload: variant.preload, env: variant.env });
    await server.next('listening');
    idle.set(variant.name, server);
  }
  /** results[shape][variant] = [{ reqPerS, cpuUsPerReq, … }] in round order. */
  const results = Object.fromEntries(settings.shapes.map(({ key }) => [key, Object.fromEntries(settings.variants.map(({ name }) => [name, []]))]));
  for (let round = 0; round < settings.rounds; round++) {
    const order = rotate(settings.variants, round);
    process.stderr.write(`  round ${round + 1}/${settings.rounds}: ${order.map(({ name }) => name).join(', ')}\n`);
    for (const { key } of settings.shapes) {
      for (const variant of order) {
        const run = await runWindow(settings, variant, key, round);
        results[key][variant.name].push(run);
        process.stderr.write(`    ${key} ${variant.name}: ${grouped(run.reqPerS)} req/s, ${grouped(run.cpuUsPerReq, 1)} µs/req, server ${grouped(run.serverLoad, 2)} CPUs, client ${grouped(run.clientLoad, 2)}, others ${grouped(run.foreign, 2)}\n`);
      }
    }
  }
  results.background = {};
  for (const [name, server] of idle) {
    server.send({ type: 'exit' });
    results.background[name] = await server.next('lifetime');
    await server.exited;
  }
  results.kernelRows = kernelRows();
  return results;
}

/**
 * One measured window of `shape` on `server`. The machine may be shared (builds and tests running beside
 * the benchmark): each window waits a little for a quiet machine, a window that other processes or the
 * hypervisor took CPU from is run once more, and the less disturbed attempt is kept and counted.
 */
async function runWindow(settings, variant, shape, round) {
  let best;
  for (let attempt = 1; attempt <= WINDOW_ATTEMPTS; attempt++) {
    await quietMachine(settings.quietWaitMs);
    const execArgv = settings.cpuProf === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${settings.cpuProf}`, `--cpu-prof-name=${variant.name}-${shape}-${round + 1}-${attempt}.cpuprofile`];
    const server = spawn(settings, 'server', {}, { preload: variant.preload, env: variant.env, execArgv });
    server.port = (await server.next('listening')).port;
    const run = await measureWindow(settings, server, shape);
    server.send({ type: 'exit' });
    await server.exited;
    if (best === undefined || run.foreign < best.foreign) best = run;
    if (run.foreign <= FOREIGN_LIMIT) break;
    process.stderr.write(`      disturbed (${grouped(run.foreign, 2)} CPUs used by others): again\n`);
  }
  return { ...best, disturbed: best.foreign > FOREIGN_LIMIT };
}

async function measureWindow(settings, server, shape) {
  const load = spawn(settings, 'load', {
    port: server.port, shape, concurrency: settings.concurrency, warmupMs: settings.warmupMs, windowMs: settings.windowMs,
  });
  await load.next('window-start');
  server.send({ type: 'start' });
  const foreignAtStart = foreignTime();
  const client = await load.next('window-end');
  server.send({ type: 'stop' });
  const foreign = foreignTime(foreignAtStart);
  const measured = await server.next('window');
  await load.exited;
  if (client.errors > 0) process.stderr.write(`      warning: ${client.errors} request errors in a ${shape} window (${client.lastError})\n`);
  return {
    reqPerS: client.requests / (client.ms / 1000),
    cpuUsPerReq: measured.cpuUs / measured.requests,
    userUsPerReq: measured.userUs / measured.requests,
    // CPUs' worth of time that went to anything but this benchmark during the window.
    foreign: Math.max(0, foreign.othersMs + foreign.stealMs) / client.ms,
    serverLoad: measured.cpuUs / 1000 / measured.ms,
    clientLoad: client.cpuUs / 1000 / client.ms,
  };
}

/** Waits (at most `limitMs`) until the machine's other processes use less than FOREIGN_LIMIT CPUs. */
async function quietMachine(limitMs) {
  const until = performance.now() + limitMs;
  for (;;) {
    const before = foreignTime();
    await sleep(500);
    const spent = foreignTime(before);
    if ((spent.othersMs + spent.stealMs) / 500 <= FOREIGN_LIMIT || performance.now() >= until) return;
  }
}

async function benchMemory(settings) {
  const stackVariants = [
    { name: 'none' },
    ...['off', 'lazy', 'full'].map((stacks) => ({ name: `stacks=${stacks}${stacks === 'lazy' ? ' (default)' : ''}`, preload: REGISTER, env: { CLOSEWAIT_STACKS: stacks } })),
  ];
  const scenarios = [
    {
      key: 'server',
      run: memoryRunServer,
      variants: [
        { name: 'none' },
        { name: 'guard', preload: REGISTER },
        { name: 'async-hooks', preload: REGISTER, env: { CLOSEWAIT_TRACKER: 'async-hooks' } },
      ],
    },
    { key: 'net', via: 'net', run: memoryRunClient, variants: stackVariants },
    { key: 'http', via: 'http', run: memoryRunClient, variants: stackVariants },
  ];
  const runs = Object.fromEntries(scenarios.map(({ key, variants }) => [key, Object.fromEntries(variants.map(({ name }) => [name, []]))]));
  for (let round = 0; round < settings.memoryRounds; round++) {
    process.stderr.write(`  memory round ${round + 1}/${settings.memoryRounds}\n`);
    for (const scenario of scenarios) {
      for (const variant of rotate(scenario.variants, round)) {
        const run = await scenario.run(settings, variant, scenario.via);
        runs[scenario.key][variant.name].push(run);
        process.stderr.write(`    ${scenario.key} ${variant.name}: ${grouped(run.heap)} B/socket\n`);
      }
    }
  }
  return runs;
}

function rotate(list, by) {
  return [...list.slice(by % list.length), ...list.slice(0, by % list.length)];
}

const memoryArgv = ['--expose-gc'];

async function memoryRunServer(settings, variant) {
  const measured = spawn(settings, 'mem-server', { count: SOCKETS }, { preload: variant.preload, env: variant.env, execArgv: memoryArgv });
  const { port } = await measured.next('ready');
  const holder = spawn(settings, 'hold-clients', { port, count: SOCKETS });
  const result = await measured.next('measured');
  await holder.next('holding');
  await holder.stop({ type: 'exit' });
  await measured.stop();
  return perSocket(result);
}

async function memoryRunClient(settings, variant, via) {
  const holder = spawn(settings, 'hold-server', { via });
  const { port } = await holder.next('listening');
  const measured = spawn(settings, 'mem-client', { port, count: SOCKETS, via }, { preload: variant.preload, env: variant.env, execArgv: memoryArgv });
  const result = await measured.next('measured');
  await holder.stop({ type: 'exit' });
  await measured.stop();
  return perSocket(result);
}

function perSocket({ before, after, settled, sockets, scanMs }) {
  return { heap: (settled.heapUsed - before.heapUsed) / sockets, young: (after.heapUsed - before.heapUsed) / sockets, rss: (settled.rss - before.rss) / sockets, scanMs };
}

/**
 * Rows in the kernel's TCP tables (the whole network namespace, TIME_WAIT included): what the guard's
 * periodic kernel read has to go through, so what its background cost grows with.
 */
function kernelRows() {
  let rows = 0;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    try {
      rows += readFileSync(table, 'latin1').split('\n').length - 2;
    } catch {
      // tcp6 is absent when IPv6 is off.
    }
  }
  return rows;
}

const TICK_MS = 10; // USER_HZ is 100 on every Linux Node supports.

/**
 * CPU time that went to anything but this benchmark (its children, the idle servers included, and the
 * parent itself), plus the time the hypervisor stole; with `since`, the difference. From /proc/stat
 * (user + system of every process; interrupt time is left out, as the kernel accounts loopback traffic
 * there without saying whose it was) and /proc/<pid>/stat.
 */
function foreignTime(since) {
  const [user, nice, system, , , , , steal] = readFileSync('/proc/stat', 'latin1').slice(0, 200).split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const own = process.cpuUsage();
  let oursMs = (own.user + own.system) / 1000;
  for (const child of children) {
    try {
      const stat = readFileSync(`/proc/${child.pid}/stat`, 'latin1');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      oursMs += (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime, stime
    } catch {
      // Exited since: its last seconds are counted as foreign, which errs on the side of a retry.
    }
  }
  const now = { othersMs: (user + nice + system) * TICK_MS - oursMs, stealMs: steal * TICK_MS };
  return since === undefined ? now : { othersMs: now.othersMs - since.othersMs, stealMs: now.stealMs - since.stealMs };
}

// ─── Report ────────────────────────────────────────────────────────────────────────────────────────

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const percent = (ratio) => `${ratio >= 1 ? '+' : '-'}${Math.abs((ratio - 1) * 100).toFixed(1)} %`;
const grouped = (value, digits = 0) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Left-aligns the first column, right-aligns the rest. */
function table(rows) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => String(row[column]).length)));
  return rows.map((row) => '  ' + row.map((cell, column) => (column === 0 ? String(cell).padEnd(widths[column]) : String(cell).padStart(widths[column]))).join('   ')).join('\n');
}

/**
 * CPU per request of `name` vs `none`: the ratio of medians, and the ratios within each round (the two
 * windows of a round ran seconds apart, so drift slower than that cancels out of them).
 */
function cpuVsNone(runs, name) {
  const ratio = median(runs[name].map((run) => run.cpuUsPerReq)) / median(runs.none.map((run) => run.cpuUsPerReq));
  const paired = runs[name].map((run, round) => run.cpuUsPerReq / runs.none[round].cpuUsPerReq);
  return { ratio, paired: median(paired), low: Math.min(...paired), high: Math.max(...paired) };
}

const pairedText = (vs) => `${percent(vs.paired)} (${percent(vs.low)} … ${percent(vs.high)})`;

function printHttp(settings, results) {
  for (const { key, title } of settings.shapes) {
    const runs = results[key];
    const baseRate = median(runs.none.map((run) => run.reqPerS));
    const rows = [['variant', 'req/s', 'vs none', 'CPU µs/req', 'vs none', 'per round: median (min … max)', 'of it user']];
    for (const { name } of settings.variants) {
      const rate = median(runs[name].map((run) => run.reqPerS));
      const cpu = median(runs[name].map((run) => run.cpuUsPerReq));
      const vs = cpuVsNone(runs, name);
      rows.push([name, grouped(rate), name === 'none' ? '' : percent(rate / baseRate), grouped(cpu, 1), name === 'none' ? '' : `${percent(vs.ratio)} CPU/req`,
        name === 'none' ? '' : pairedText(vs), grouped(median(runs[name].map((run) => run.userUsPerReq)), 1)]);
    }
    console.log(`\nHTTP server, ${title(settings.concurrency)}: medians of ${settings.rounds} rounds (server CPU, user + system)`);
    console.log(table(rows));
  }
  const idle = (name) => results.background[name].cpuUs / results.background[name].ms;
  console.log(`\nBackground work (CPU while no load ran), not in the medians above; amortised over each variant's rate:`);
  console.log(table([
    ['variant', 'CPU ms/s idle', 'vs none', ...settings.shapes.map(({ label }) => `${label} µs/req`)],
    ...settings.variants.map(({ name }) => [name, grouped(idle(name), 2), name === 'none' ? '' : `+${grouped(idle(name) - idle('none'), 2)}`,
      ...settings.shapes.map(({ key }) => (name === 'none' ? '' : grouped(backgroundPerRequest(results, name, key), 2)))]),
  ]));
  console.log([
    `  The guard's part is mostly its periodic read of the kernel's TCP tables, whose cost grows with every row of`,
    `  the machine's tables, TIME_WAIT included: ${grouped(results.kernelRows)} rows at the end of this run, most left by its own windows.`,
  ].join('\n'));
  const windows = settings.shapes.flatMap(({ key }) => Object.values(results[key]).flat());
  const disturbed = windows.filter((run) => run.disturbed).length;
  if (disturbed > 0) {
    console.log(`  ${disturbed} of ${windows.length} windows ran while other processes used > ${FOREIGN_LIMIT} CPUs (even after a retry): read the ranges with care.`);
  }
}

/** µs of CPU per request that `name`'s background work adds over none's, at `name`'s median rate. */
function backgroundPerRequest(results, name, shape) {
  const idle = (variant) => results.background[variant].cpuUs / results.background[variant].ms;
  const rate = median(results[shape][name].map((run) => run.reqPerS));
  return Math.max(0, idle(name) - idle('none')) * 1000 / rate;
}

/** CPU per request vs none with the background work amortised in. */
function withBackground(results, name, shape) {
  const cpu = (variant) => median(results[shape][variant].map((run) => run.cpuUsPerReq));
  return (cpu(name) + backgroundPerRequest(results, name, shape)) / cpu('none');
}

function printMemory(results) {
  const section = (title, runs, note) => {
    const base = median(runs.none.map((run) => run.heap));
    const youngBase = median(runs.none.map((run) => run.young));
    const signed = (bytes) => `${bytes >= 0 ? '+' : ''}${grouped(bytes)}`;
    const rows = [['variant', 'heap B/socket', 'guard B/socket', 'before any scan', 'rss B/socket', 'guard.check() (a scan)']];
    for (const [name, list] of Object.entries(runs)) {
      const heap = median(list.map((run) => run.heap));
      const young = median(list.map((run) => run.young));
      const scans = list.map((run) => run.scanMs).filter((ms) => ms !== undefined);
      rows.push([name, grouped(heap), name === 'none' ? '' : signed(heap - base), name === 'none' ? '' : signed(young - youngBase), grouped(median(list.map((run) => run.rss))),
        scans.length === 0 ? '' : `${grouped(median(scans), 2)} ms`]);
    }
    console.log(`\n${title}`);
    console.log(table(rows));
    if (note) console.log(`  ${note}`);
  };
  section(`Memory, ${grouped(SOCKETS)} server sockets accepted by the measured process (heapUsed after GC, medians)`, results.server,
    'server sockets share their server\'s creation site; "guard B/socket" is heap B/socket minus none\'s, once a scan has run (the steady state\n  of sockets that outlive a scan interval); "before any scan" is the same in the first interval of a socket\'s life');
  section(`Memory, ${grouped(SOCKETS)} client sockets opened with net.connect() by the measured process (CLOSEWAIT_STACKS)`, results.net,
    'each client socket keeps where it was created: lazy keeps V8\'s structured frames until a scan formats them into text shared by every\n  socket created at the same place; full formats at once');
  section(`Memory, ${grouped(SOCKETS)} client sockets opened with http.get() through an http.Agent (requests pending)`, results.http,
    'the same through an HTTP client: deeper stacks, as in most apps');
}

function printGoals(settings) {
  const rows = [['goal', 'measured', 'per round: median (min … max)', '']];
  const mark = (met) => (met ? 'met' : 'NOT MET');
  if (settings.toggleResults !== undefined) {
    for (const { key, label, goalPct } of settings.shapes) {
      const vs = pairedRatios(settings.toggleResults[key], 'guard');
      const upper = (vs.high - 1) * 100;
      rows.push([`${label} CPU/req <= +${goalPct} %`, `${percent(vs.mean)} (mean of rounds)`, `${percent(vs.low)} … ${percent(vs.high)} (± 2 s.e.)`,
        upper <= goalPct ? 'met' : (vs.low - 1) * 100 > goalPct ? 'NOT MET' : 'not shown (interval spans the goal)']);
      if (settings.control) {
        const aa = pairedRatios(settings.toggleResults[key], 'none again');
        rows.push(['  A/A: none measured against itself (noise floor)', `${percent(aa.mean)} (mean of rounds)`, `${percent(aa.low)} … ${percent(aa.high)} (± 2 s.e.)`, '']);
      }
      const estimate = settings.toggleResults[key].estimate * 100;
      rows.push(['  profile: guard code + extra GC, share of CPU', `+${estimate.toFixed(2)} %`, '', estimate <= goalPct ? 'met' : 'NOT MET']);
    }
  }
  if (settings.httpResults !== undefined) {
    for (const { key, label, goalPct } of settings.shapes) {
      const vs = cpuVsNone(settings.httpResults[key], 'guard');
      rows.push([`${label} CPU/req <= +${goalPct} %`, percent(vs.ratio), pairedText(vs), mark((vs.ratio - 1) * 100 <= goalPct)]);
      const amortised = withBackground(settings.httpResults, 'guard', key);
      rows.push([`  with its background work amortised`, percent(amortised), '', mark((amortised - 1) * 100 <= goalPct)]);
    }
  }
  if (settings.memoryResults !== undefined) {
    const extra = (runs, name) => median(runs[name].map((run) => run.heap)) - median(runs.none.map((run) => run.heap));
    const { server, net: direct, http: agent } = settings.memoryResults;
    for (const [label, runs, name] of [
      ['server socket', server, 'guard'],
      ['client socket, net.connect(), stacks=lazy (default)', direct, 'stacks=lazy (default)'],
      ['client socket, http.get(), stacks=lazy (default)', agent, 'stacks=lazy (default)'],
      ['client socket, http.get(), stacks=off', agent, 'stacks=off'],
    ]) {
      const bytes = extra(runs, name);
      const young = median(runs[name].map((run) => run.young)) - median(runs.none.map((run) => run.young));
      rows.push([`${label} <= ${GOALS.bytesPerSocket} B`, `${grouped(bytes)} B`, `${grouped(young)} B before its first scan`, mark(bytes <= GOALS.bytesPerSocket)]);
    }
  }
  console.log('\nGoals (guard = the default tracker, vs none)');
  console.log(table(rows));
}

// ─── Entry ─────────────────────────────────────────────────────────────────────────────────────────

// Last, so that every module-level constant above is initialised before a role runs.
const role = process.argv[2] === '--role' ? process.argv[3] : undefined;
if (role !== undefined) {
  const params = JSON.parse(process.argv[4] ?? '{}');
  const roles = { server: httpServer, 'toggle-server': toggleServer, load: loadGenerator, 'mem-server': memoryServer, 'mem-client': memoryClient, 'hold-clients': holdClients, 'hold-server': holdServer };
  if (!(role in roles)) throw new Error(`bench-guard: unknown role ${role}`);
  await roles[role](params);
} else {
  await main();
}
