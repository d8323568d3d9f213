import rule from '../../src/rules/no-ignored-half-close.js';
import { syntaxTester, typedTester } from '../rule-tester.js';

/** Upgrade handlers that only types reveal: methods registered elsewhere, emitters behind parameters. */
const typedOnly = [
  {
    name: 'a class method typed like an upgrade listener, registered in another file',
    code: `
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
declare const wss: { handleUpgrade(r: IncomingMessage, s: Duplex, h: Buffer, cb: () => void): void };
export class Gateway {
  onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!req.headers.authorization) {
      socket.write('HTTP/1.1 401 Unauthorized\\r\\n\\r\\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, () => {});
  }
}`,
    line: 9,
    fixed: ['      return;', '      socket.destroy();\n      return;'],
  },
  {
    name: 'an http.Server parameter whose connect listener uses unusual parameter names',
    code: `
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
export function attach(server: Server, allowed: Set<string>) {
  server.on('connect', (m, conn: Socket) => {
    if (!allowed.has(m.url ?? '')) return;
    conn.destroy();
  });
}`,
    line: 6,
    fixed: ["return;\n    conn", "{ conn.destroy(); return; }\n    conn"],
  },
];

/** Resolved with or without types: `tunnel.handle` where `const tunnel = new Tunnel()` in the same file. */
const alsoSyntactic = [
  {
    name: 'a method of an instance passed as the listener',
    code: `
import http from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
class Tunnel {
  handle(r: IncomingMessage, s: Duplex) {
    if (r.method !== 'CONNECT') return;
    s.destroy();
  }
}
const tunnel = new Tunnel();
const server = http.createServer();
server.on('connect', tunnel.handle);`,
    line: 7,
    fixed: ["'CONNECT') return;", "'CONNECT') { s.destroy(); return; }"],
  },
  {
    // Found both as a typed upgrade handler and as the listener's same-file helper: one report.
    name: 'a typed method called from the listener on an instance',
    code: `
import http from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
class Gateway {
  handle(req: IncomingMessage, socket: Socket, head: Buffer) {
    if (!req.headers.authorization) return;
    socket.destroy();
  }
}
const gateway = new Gateway();
http.createServer().on('upgrade', (req, socket, head) => gateway.handle(req, socket as Socket, head));`,
    line: 7,
    fixed: ['authorization) return;', 'authorization) { socket.destroy(); return; }'],
  },
];

typedTester().run('no-ignored-half-close (type-aware)', rule, {
  valid: [
    {
      name: 'an http2 client session connect listener is not an http upgrade',
      code: `
import http2 from 'node:http2';
import type { ClientHttp2Session } from 'node:http2';
import type { Socket } from 'node:net';
export function watch(session: ClientHttp2Session) {
  session.on('connect', (s: ClientHttp2Session, socket: Socket) => {
    if (!s.alpnProtocol) return;
    console.log(socket.remoteAddress);
  });
}`,
    },
    {
      name: 'a typed helper that destroys on every path',
      code: `
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
export function rejectUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
  socket.write('HTTP/1.1 403 Forbidden\\r\\n\\r\\n');
  socket.destroy();
}`,
    },
    {
      name: 'a function with an IncomingMessage and a Duplex that is not a listener (no head, no upgrade name)',
      code: `
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
export function describeStream(req: IncomingMessage, stream: Duplex) {
  return req.url + String(stream.readable);
}`,
    },
  ],
  invalid: [...typedOnly, ...alsoSyntactic].map((c) => ({
    name: c.name,
    code: c.code,
    errors: [
      {
        messageId: 'unhandledExit' as const,
        line: c.line,
        suggestions: [{ messageId: 'suggestDestroy' as const, output: c.code.replace(c.fixed[0]!, c.fixed[1]!) }],
      },
    ],
  })),
});

// Without types the same code is not reported: the shapes above need the checker.
syntaxTester().run('no-ignored-half-close (same code without types)', rule, {
  valid: typedOnly.map((c) => ({ name: c.name, code: c.code })),
  invalid: alsoSyntactic.map((c) => ({
    name: c.name,
    code: c.code,
    errors: [
      {
        messageId: 'unhandledExit' as const,
        line: c.line,
        suggestions: [{ messageId: 'suggestDestroy' as const, output: c.code.replace(c.fixed[0]!, c.fixed[1]!) }],
      },
    ],
  })),
});
