import { readFileSync } from 'node:fs';

import { describe, expect, it, vi } from 'vitest';

import type { Finding } from '../src/report.js';
import { kernelState } from './helpers/kernel-view.js';
import { NODE_LINES } from './helpers/node-lines.js';
import { FIXTURES, runGuarded } from './helpers/run-guarded.js';

const STRICT = { CLOSEWAIT_MODE: 'strict', CLOSEWAIT_THRESHOLD_MS: '300', HOLD_MS: '2000' };
// Each test spawns a real Node process that holds its situation for 2 s; several run at once.
const TIMEOUT_MS = 20_000;

/**
 * `<fixture>:<line>:<column>` of the line marked `// @site` (or another marker) in a fixture: the line a
 * client socket's site must name (the call that opened it), or a server's (its `listen()` call).
 */
function lineOf(fixture: string, marker = '@site'): RegExp {
  const lines = readFileSync(`${FIXTURES}${fixture}`, 'utf8').split('\n');
  const index = lines.findIndex((line) => line.trimEnd().endsWith(`// ${marker}`));
  if (index < 0) throw new Error(`${fixture} has no line marked // ${marker}`);
  return new RegExp(`/fixtures/${fixture.replace(/[.]/g, '\\.')}:${index + 1}:\\d+\\)?$`);
}

/**
 * Frames a report must never show as "where": node internals (`node:…`, `async node:…`) and frames with no
 * source location (`new Promise (<anonymous>)`). `Server.<anonymous> (file:…)` is an app frame.
 */
const notAppFrame = (frame: string): boolean => /\bnode:|\(<anonymous>\)$|^<anonymous>$/.test(frame);

interface Source {
  title: string;
  fixture: string;
  /** Acceptable kinds: an unread body shows as close-wait or, when Node took the FIN in, unread-eof. */
  kinds: Finding['kind'][];
  origin: Finding['origin'];
  tls: boolean;
  family: 'IPv4' | 'IPv6';
}

const SERVERS: Source[] = [
  { title: 'net.createServer(): an accepted socket', fixture: 'src-net-server.mjs', kinds: ['half-closed'], origin: 'server', tls: false, family: 'IPv4' },
  { title: "http.Server 'upgrade' socket left alone after the client half-closes", fixture: 'src-http-upgrade.mjs', kinds: ['half-closed'], origin: 'server', tls: false, family: 'IPv4' },
  { title: "https.Server 'upgrade' socket (TLS) left unread", fixture: 'src-https-upgrade.mjs', kinds: ['unread-eof'], origin: 'server', tls: true, family: 'IPv4' },
  { title: 'tls.createServer(): judged as the TLSSocket', fixture: 'src-tls-server.mjs', kinds: ['half-closed'], origin: 'server', tls: true, family: 'IPv4' },
  { title: 'net.Server socket upgraded to TLS in place (STARTTLS): judged as the TLSSocket', fixture: 'src-starttls-server.mjs', kinds: ['half-closed'], origin: 'server', tls: true, family: 'IPv4' },
  { title: "http2.createSecureServer(): an 'unknownProtocol' TLS socket left unread", fixture: 'src-http2-secure.mjs', kinds: ['unread-eof'], origin: 'server', tls: true, family: 'IPv4' },
  { title: 'a server listening on IPv6 loopback (::1)', fixture: 'src-ipv6-server.mjs', kinds: ['half-closed'], origin: 'server', tls: false, family: 'IPv6' },
];

const UNREAD_BODY: Finding['kind'][] = ['close-wait', 'unread-eof'];

const CLIENTS: Source[] = [
  { title: 'net.connect()', fixture: 'src-net-connect.mjs', kinds: ['unread-eof'], origin: 'client', tls: false, family: 'IPv4' },
  { title: 'new net.Socket().connect()', fixture: 'src-socket-connect.mjs', kinds: ['half-closed'], origin: 'client', tls: false, family: 'IPv4' },
  { title: 'tls.connect(): judged as the TLSSocket', fixture: 'src-tls-connect.mjs', kinds: ['unread-eof'], origin: 'client', tls: true, family: 'IPv4' },
  { title: 'tls.connect({ socket }) over an open connection (STARTTLS): the TLSSocket, created where the TCP connection was', fixture: 'src-starttls-client.mjs', kinds: ['unread-eof'], origin: 'client', tls: true, family: 'IPv4' },
  { title: 'http agent: http.get() with an unread body', fixture: 'src-http-get.mjs', kinds: UNREAD_BODY, origin: 'client', tls: false, family: 'IPv4' },
  { title: "http agent: http.request() 'upgrade' socket never read", fixture: 'src-http-request-upgrade.mjs', kinds: ['unread-eof'], origin: 'client', tls: false, family: 'IPv4' },
  { title: 'https agent: https.get() with an unread body', fixture: 'src-https-get.mjs', kinds: UNREAD_BODY, origin: 'client', tls: true, family: 'IPv4' },
  // fetch/undici open their sockets deep down their dispatcher chain, still inside the app's call
  // (README, "Creation site").
  { title: 'global fetch() with an unconsumed body', fixture: 'src-fetch.mjs', kinds: UNREAD_BODY, origin: 'client', tls: false, family: 'IPv4' },
  { title: "the undici package's request() with an unconsumed body", fixture: 'src-undici.mjs', kinds: UNREAD_BODY, origin: 'client', tls: false, family: 'IPv4' },
  { title: 'http.get() over IPv6 loopback (::1) with an unread body', fixture: 'src-ipv6-client.mjs', kinds: UNREAD_BODY, origin: 'client', tls: false, family: 'IPv6' },
];

// Each test is a child process holding its situation for 2 s, mostly idle: more of them run at once
// than vitest's default 5.
vi.setConfig({ maxConcurrency: 10 });

describe.concurrent.each(NODE_LINES)('socket sources on $name', ({ bin }) => {
  for (const source of [...SERVERS, ...CLIENTS]) {
    it(`${source.origin} — ${source.title}`, async () => {
      const run = runGuarded(bin, source.fixture, { env: STRICT });
      try {
        const finding = await run.finding();
        // Every finding kind here is a socket the kernel holds in CLOSE_WAIT.
        expect(kernelState(finding.local, finding.remote)).toBe('08');
        expect(source.kinds).toContain(finding.kind);
        expect(finding).toMatchObject({ severity: 'error', origin: source.origin, tls: source.tls, family: source.family });
        const loopback = source.family === 'IPv6' ? /^\[::1\]:\d+$/ : /^127\.0\.0\.1:\d+$/;
        expect(finding.local).toMatch(loopback);
        expect(finding.remote).toMatch(loopback);
        expect(finding.idleMs).toBeGreaterThanOrEqual(300);
        // Accepted sockets name their server's listen() first; client sockets show the app's call that
        // opened them among their frames (a library's own frames may come first).
        if (source.origin === 'server') expect(finding.site[0]).toMatch(lineOf(source.fixture));
        else expect(finding.site.some((frame) => lineOf(source.fixture).test(frame)), finding.site.join('\n')).toBe(true);
        expect(finding.site.filter(notAppFrame)).toEqual([]);
        const { code, findings } = await run.exit;
        expect(code).toBe(1);
        // One leaking socket, reported once: a TLS socket and the TCP socket under it are one socket.
        expect(findings).toHaveLength(1);
      } finally {
        run.kill();
      }
    }, TIMEOUT_MS);
  }

  it('http2 secure server and http2.connect(): both TLS sockets of a live h2 session are tracked', async () => {
    const run = runGuarded(bin, 'src-http2-secure.mjs', { env: STRICT });
    const { stdout } = await run.exit;
    const report = JSON.parse(stdout.split('\n').find((line) => line.startsWith('{')) ?? '{}') as { body?: string; sockets?: SocketRow[] };
    expect(report.body).toBe('h2 ok');
    const server = report.sockets?.find((socket) => socket.origin === 'server');
    const client = report.sockets?.find((socket) => socket.origin === 'client');
    expect(server).toMatchObject({ tls: true, state: 'open', family: 'IPv4' });
    expect(server?.site[0]).toMatch(lineOf('src-http2-secure.mjs'));
    expect(client).toMatchObject({ tls: true, state: 'open', family: 'IPv4' });
    expect(client?.site[0]).toMatch(lineOf('src-http2-secure.mjs', '@client'));
    expect(report.sockets).toHaveLength(2);
  }, TIMEOUT_MS);

  it('h2c (http2.createServer) and http2.connect(): both sockets tracked, a closed session leaves no finding', async () => {
    const run = runGuarded(bin, 'src-h2c.mjs', { env: STRICT });
    const { code, stdout, findings } = await run.exit;
    const report = JSON.parse(stdout.split('\n').find((line) => line.startsWith('{')) ?? '{}') as { body?: string; sockets?: SocketRow[] };
    expect(report.body).toBe('h2c ok');
    const server = report.sockets?.find((socket) => socket.origin === 'server');
    const client = report.sockets?.find((socket) => socket.origin === 'client');
    expect(server).toMatchObject({ tls: false, state: 'open', family: 'IPv4' });
    expect(server?.site[0]).toMatch(lineOf('src-h2c.mjs'));
    expect(client).toMatchObject({ tls: false, state: 'open', family: 'IPv4' });
    expect(client?.site[0]).toMatch(lineOf('src-h2c.mjs', '@client'));
    expect(report.sockets).toHaveLength(2);
    expect(findings).toEqual([]);
    expect(code).toBe(0);
  }, TIMEOUT_MS);
});

interface SocketRow {
  origin: string;
  tls: boolean;
  family: string;
  state: string;
  site: string[];
}
