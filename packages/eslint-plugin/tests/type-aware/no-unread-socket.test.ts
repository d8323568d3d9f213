import rule from '../../src/rules/no-unread-socket.js';
import { syntaxTester, typedTester } from '../rule-tester.js';

const typedOnly = [
  {
    name: 'a net.Server passed in as a parameter',
    code: `
import type { Server } from 'node:net';
export function greet(server: Server) {
  server.on('connection', (socket) => {
    socket.write('220 ready\\r\\n');
  });
}`,
    line: 4,
    column: 28,
    fixed: ["    socket.write", "    socket.resume();\n    socket.write"],
  },
  {
    name: 'a tls.Server kept in a class field declared with its type',
    code: `
import type { Server } from 'node:tls';
export class Banner {
  constructor(private readonly server: Server) {
    this.server.on('secureConnection', (tlsSocket) => {
      tlsSocket.on('end', () => console.log('gone'));
    });
  }
}`,
    line: 6,
    column: 20,
    messageId: 'endWithoutRead' as const,
    fixed: ["      tlsSocket.on", "      tlsSocket.resume();\n      tlsSocket.on"],
  },
];

typedTester().run('no-unread-socket (type-aware)', rule, {
  valid: [
    {
      name: "an http.Server's connection event: the server reads its sockets",
      code: `
import type { Server } from 'node:http';
export function count(server: Server, open: Set<unknown>) {
  server.on('connection', (socket) => {
    console.log(socket.remoteAddress);
  });
}`,
    },
    {
      name: 'a typed net.Server whose connection listener reads',
      code: `
import type { Server } from 'node:net';
export function echo(server: Server) {
  server.on('connection', (socket) => socket.pipe(socket));
}`,
    },
  ],
  invalid: typedOnly.map((c) => ({
    name: c.name,
    code: c.code,
    errors: [
      {
        messageId: c.messageId ?? ('neverRead' as const),
        line: c.line,
        column: c.column,
        suggestions: [{ messageId: 'suggestResume' as const, output: c.code.replace(c.fixed[0]!, c.fixed[1]!) }],
      },
    ],
  })),
});

syntaxTester().run('no-unread-socket (same code without types)', rule, {
  valid: typedOnly.map((c) => ({ name: c.name, code: c.code })),
  invalid: [],
});
