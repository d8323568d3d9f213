import * as diagnostics from 'node:diagnostics_channel';
import * as http from 'node:http';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { setTimeout as sleep } from 'node:timers/promises';

import { afterEach, describe, expect, it } from 'vitest';

import type { Finding, Guard } from '../src/index.js';
import { activeGuard, ConfigError, FINDING_CHANNEL, install } from '../src/index.js';

const lines: string[] = [];
const write = (line: string): void => {
  lines.push(line);
};

afterEach(() => {
  activeGuard()?.uninstall();
  lines.length = 0;
});

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

/** An allowHalfOpen server whose accepted socket reads the client's FIN and never ends. */
async function halfClosedPair(): Promise<{ server: net.Server; accepted: net.Socket; client: net.Socket }> {
  const server = net.createServer({ allowHalfOpen: true });
  const port = await listen(server);
  const accepted = new Promise<net.Socket>((resolve) => server.once('connection', (socket: net.Socket) => {
    socket.resume();
    socket.once('end', () => resolve(socket));
  }));
  const client = net.connect(port, '127.0.0.1', () => client.end('bye'));
  client.resume();
  return { server, accepted: await accepted, client };
}

function cleanup(...items: (net.Socket | net.Server)[]): void {
  for (const item of items) {
    if (item instanceof net.Server) item.close();
    else item.destroy();
  }
}

describe('install()', () => {
  it('returns the running guard when called again; a new one after uninstall()', () => {
    const guard = install({ write });
    expect(install({ thresholdMs: 5, write })).toBe(guard);
    expect(activeGuard()).toBe(guard);
    guard.uninstall();
    expect(activeGuard()).toBeUndefined();
    const next = install({ write });
    expect(next).not.toBe(guard);
  });

  it('throws one clear line for a bad option, before touching anything', () => {
    expect(() => install({ mode: 'loud' as never })).toThrow(ConfigError);
    expect(() => install({ mode: 'loud' as never })).toThrow('closewait: mode must be one of warn, strict, destroy (got "loud")');
    expect(activeGuard()).toBeUndefined();
  });

  it('uninstall() restores every patched method and subscription', () => {
    const hooks = (): Record<string, unknown> => ({
      connect: net.Socket.prototype.connect,
      listen: net.Server.prototype.listen,
      onTimeout: (net.Socket.prototype as unknown as { _onTimeout: unknown })._onTimeout,
      destroy: (net.Socket.prototype as unknown as { _destroy: unknown })._destroy,
      wrapHandle: (tls.TLSSocket.prototype as unknown as { _wrapHandle: unknown })._wrapHandle,
      server: diagnostics.channel('net.server.socket').hasSubscribers,
      client: diagnostics.channel('net.client.socket').hasSubscribers,
      request: diagnostics.channel('http.server.request.start').hasSubscribers,
    });
    const before = hooks();
    const guard = install({ write });
    expect(net.Server.prototype.listen).not.toBe(before.listen);
    expect(diagnostics.channel('net.server.socket').hasSubscribers).toBe(true);
    guard.uninstall();
    expect(hooks()).toEqual(before);
  });

  it('leaves a later patch working when uninstalled under it', async () => {
    const guard = install({ write });
    const ours = net.Server.prototype.listen;
    let calls = 0;
    net.Server.prototype.listen = function (this: net.Server, ...args: unknown[]) {
      calls++;
      return Reflect.apply(ours, this, args) as net.Server;
    } as typeof ours;
    guard.uninstall();
    const server = net.createServer();
    await listen(server);
    expect(calls).toBe(1);
    server.close();
  });
});

describe('a running guard', () => {
  it('snapshot() lists live sockets with their state; closed ones are gone', async () => {
    const guard = install({ write, thresholdMs: 60_000 });
    const { server, accepted, client } = await halfClosedPair();
    const snapshot = guard.snapshot();
    const states = snapshot.sockets.map((socket) => `${socket.origin}:${socket.state}`).sort();
    expect(states).toEqual(['client:open', 'server:half-closed']);
    const serverSide = snapshot.sockets.find((socket) => socket.origin === 'server');
    expect(serverSide).toMatchObject({ local: `127.0.0.1:${accepted.localPort}`, remote: `127.0.0.1:${accepted.remotePort}`, family: 'IPv4', tls: false, bytesRead: 3 });
    cleanup(accepted, client, server);
    await sleep(50);
    expect(guard.snapshot().sockets).toEqual([]);
  });

  it('a client socket that outlived a scan keeps its site as shared text, formatted at that scan', async () => {
    const guard = install({ write, thresholdMs: 60_000, intervalMs: 25 });
    const server = net.createServer((socket) => socket.resume());
    const port = await listen(server);
    const openFromTheApp = (): net.Socket => net.connect(port, '127.0.0.1');
    const settled: net.Socket[] = [];
    for (let i = 0; i < 2; i++) settled.push(openFromTheApp());
    await Promise.all(settled.map((socket) => new Promise((resolve) => socket.once('connect', resolve))));
    await sleep(60);
    guard.check();
    const young = openFromTheApp();
    await new Promise((resolve) => young.once('connect', resolve));
    // V8 formats a captured stack when it is first read, through the Error.prepareStackTrace of that
    // moment: a site formatted at the scan no longer depends on it, a young socket's still does.
    const prepare = Error.prepareStackTrace;
    Error.prepareStackTrace = () => 'Error\n    at somewhereElse (/elsewhere.js:1:1)';
    let sites: string[][];
    try {
      sites = guard.snapshot().sockets.filter((socket) => socket.origin === 'client').map((socket) => socket.site);
    } finally {
      Error.prepareStackTrace = prepare;
    }
    const elsewhere = ['somewhereElse (/elsewhere.js:1:1)'];
    const settledSites = sites.filter((site) => site[0] !== elsewhere[0]);
    expect(sites).toHaveLength(3);
    expect(sites.filter((site) => site[0] === elsewhere[0])).toEqual([elsewhere]);
    expect(settledSites).toHaveLength(2);
    expect(settledSites[0]?.[0]).toContain('openFromTheApp');
    expect(settledSites[1]).toEqual(settledSites[0]);
    cleanup(...settled, young, server);
  });

  it("check() reports a leak once, to stderr, to 'leak' listeners and to the diagnostics channel", async () => {
    const guard = install({ write, thresholdMs: 60_000, report: 'json' });
    const heard: Finding[] = [];
    const published: unknown[] = [];
    const onPublish = (message: unknown): void => {
      published.push(message);
    };
    diagnostics.subscribe(FINDING_CHANNEL, onPublish);
    guard.on('leak', (finding) => heard.push(finding));
    const { server, accepted, client } = await halfClosedPair();
    expect(guard.check()).toEqual([]);
    const found = guard.check({ thresholdMs: 0 });
    expect(found.map((finding) => finding.kind)).toEqual(['half-closed']);
    expect(guard.check({ thresholdMs: 0 })).toHaveLength(1);
    expect(heard).toHaveLength(1);
    expect(published).toEqual(heard);
    expect(lines.filter((line) => line.startsWith('{'))).toHaveLength(1);
    expect(guard.findings).toBe(1);
    diagnostics.unsubscribe(FINDING_CHANNEL, onPublish);
    cleanup(accepted, client, server);
  });

  it("a throwing 'leak' listener is reported once and never reaches the app", async () => {
    const guard = install({ write, thresholdMs: 60_000 });
    guard.on('leak', () => {
      throw new Error('listener bug');
    });
    const { server, accepted, client } = await halfClosedPair();
    expect(() => guard.check({ thresholdMs: 0 })).not.toThrow();
    expect(lines).toContain("closewait: internal error in 'leak' listener (listener bug); the guard keeps running");
    cleanup(accepted, client, server);
  });

  it('check() rejects a bad threshold with one line', () => {
    const guard = install({ write });
    expect(() => guard.check({ thresholdMs: -5 })).toThrow('closewait: check() thresholdMs must be a whole number of milliseconds ≥ 0 (got -5)');
  });

  it('run() attributes the sockets opened inside it', async () => {
    const guard = install({ write, thresholdMs: 60_000 });
    const server = net.createServer((socket) => socket.resume());
    const port = await listen(server);
    const client = guard.run('test: checkout flow', () => net.connect(port, '127.0.0.1'));
    await new Promise((resolve) => client.once('connect', resolve));
    const mine = guard.snapshot().sockets.find((socket) => socket.origin === 'client');
    expect(mine?.context).toBe('test: checkout flow');
    cleanup(client, server);
  });

  it('with requestContext, a client socket opened while serving an HTTP request is attributed to that request', async () => {
    const guard = install({ write, thresholdMs: 60_000, requestContext: true });
    const backend = net.createServer((socket) => socket.resume());
    const backendPort = await listen(backend);
    let upstream: net.Socket | undefined;
    const front = http.createServer((req, res) => {
      setImmediate(() => {
        upstream = net.connect(backendPort, '127.0.0.1', () => res.end('ok'));
      });
    });
    const frontPort = await listen(front);
    const response = await fetch(`http://127.0.0.1:${frontPort}/orders/42?x=1`);
    await response.text();
    const sockets = guard.snapshot().sockets.filter((socket) => socket.remote === `127.0.0.1:${backendPort}`);
    expect(sockets.map((socket) => socket.context)).toEqual(['GET /orders/42?x=1']);
    cleanup(upstream as net.Socket, backend, front);
  });

  it("names the app's fetch() call as the site of the socket undici opens for it", async () => {
    const guard = install({ write, thresholdMs: 60_000 });
    const server = http.createServer((req, res) => res.end('ok'));
    const port = await listen(server);
    async function loadProfile(): Promise<string> {
      const response = await fetch(`http://127.0.0.1:${port}/profile`);
      return response.text();
    }
    expect(await loadProfile()).toBe('ok');
    const client = guard.snapshot().sockets.find((socket) => socket.origin === 'client' && socket.remote === `127.0.0.1:${port}`);
    expect(client?.site[0]).toMatch(/^loadProfile \(.*api\.test\.ts:\d+:\d+\)$/);
    server.closeAllConnections();
    server.close();
  });

  it('the context option names the context instead, when it returns something', async () => {
    const guard = install({ write, thresholdMs: 60_000, context: () => 'job 7' });
    const server = net.createServer((socket) => socket.resume());
    const port = await listen(server);
    const client = net.connect(port, '127.0.0.1');
    await new Promise((resolve) => client.once('connect', resolve));
    expect(guard.snapshot().sockets.map((socket) => socket.context)).toContain('job 7');
    cleanup(client, server);
  });
});
