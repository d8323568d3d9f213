import rule from '../../src/rules/require-timeout-destroy.js';
import { syntaxTester, typedTester } from '../rule-tester.js';

/** Emitters only their types identify: no name, factory or setTimeout() call says what they are. */
const typedOnly = [
  {
    name: 'a net.Socket parameter under a name that says nothing',
    code: `
import type { Socket } from 'node:net';
export function watch(link: Socket): void {
  link.on('timeout', () => {
    console.warn('link idle');
  });
}`,
    messageId: 'noDestroy' as const,
    line: 4,
    column: 11,
    fixed: ["console.warn('link idle');\n", "console.warn('link idle');\n    link.destroy();\n"],
  },
  {
    name: 'an http.Server passed in as `app`: its listener replaces core’s destroy',
    code: `
import type { Server } from 'node:http';
export function instrument(app: Server, stats: { timeouts: number }): void {
  app.on('timeout', (conn) => {
    stats.timeouts++;
  });
}`,
    messageId: 'replacesDefault' as const,
    line: 4,
    column: 10,
    fixed: ['stats.timeouts++;\n', 'stats.timeouts++;\n    conn.destroy();\n'],
  },
  {
    name: 'a ClientRequest kept by a parameter property',
    code: `
import type { ClientRequest } from 'node:http';
export class Poller {
  slow = false;
  constructor(private readonly pending: ClientRequest) {}
  watch(): void {
    this.pending.on('timeout', () => {
      this.slow = true;
    });
  }
}`,
    messageId: 'noDestroy' as const,
    line: 7,
    column: 21,
    fixed: ['this.slow = true;\n', 'this.slow = true;\n      this.pending.destroy();\n'],
  },
];

/** Objects named like sockets whose types say they are not Node's: only types clear them. */
const typedForeign = [
  {
    name: "an app's own EventEmitter called `socket`, made by a function the file declares",
    code: `
import type { EventEmitter } from 'node:events';
declare function openChannel(room: string): EventEmitter;
const socket = openChannel('lobby');
socket.on('timeout', () => console.log('player idle'));
`,
    line: 5,
    column: 11,
    fixed: ["() => console.log('player idle')", "() => { console.log('player idle'); socket.destroy(); }"],
  },
  {
    name: "the `socket` of a parameter, typed as an app's own EventEmitter",
    code: `
import type { EventEmitter } from 'node:events';
export function watch(peer: { socket: EventEmitter }): void {
  peer.socket.on('timeout', () => console.log('peer idle'));
}
`,
    line: 4,
    column: 18,
    fixed: ["() => console.log('peer idle')", "() => { console.log('peer idle'); peer.socket.destroy(); }"],
  },
];

typedTester().run('require-timeout-destroy (type-aware)', rule, {
  valid: [
    ...typedForeign.map((c) => ({ name: c.name, code: c.code })),
    {
      name: 'a typed socket whose handler destroys it',
      code: `
import type { Socket } from 'node:net';
export function watch(link: Socket): void {
  link.setTimeout(30_000);
  link.on('timeout', () => link.destroy());
}`,
    },
    {
      name: "an http.Server's own socket, typed: core's listener destroys it",
      code: `
import type { IncomingMessage, ServerResponse } from 'node:http';
export function handle(incoming: IncomingMessage, outgoing: ServerResponse): void {
  incoming.socket.setTimeout(5000, () => console.log('idle'));
  outgoing.end();
}`,
    },
  ],
  invalid: typedOnly.map((c) => ({
    name: c.name,
    code: c.code,
    errors: [
      {
        messageId: c.messageId,
        line: c.line,
        column: c.column,
        suggestions: [{ messageId: 'suggestDestroy' as const, output: c.code.replace(c.fixed[0]!, c.fixed[1]!) }],
      },
    ],
  })),
});

syntaxTester().run('require-timeout-destroy (same code without types)', rule, {
  valid: typedOnly.map((c) => ({ name: c.name, code: c.code })),
  invalid: typedForeign.map((c) => ({
    name: c.name,
    code: c.code,
    errors: [
      {
        messageId: 'noDestroy' as const,
        line: c.line,
        column: c.column,
        suggestions: [{ messageId: 'suggestDestroy' as const, output: c.code.replace(c.fixed[0]!, c.fixed[1]!) }],
      },
    ],
  })),
});
