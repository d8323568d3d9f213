import rule from '../../src/rules/prefer-pipeline-for-sockets.js';
import { syntaxTester, typedTester } from '../rule-tester.js';

const CALLBACK = '(err) => { if (err) console.error(err); }';

/** Sockets and HTTP messages that only types reveal: fields, parameters, values from other modules. */
const typedOnly = [
  {
    name: 'sockets kept in parameter properties typed through an alias',
    code: `
import type { Socket } from 'node:net';
type Conn = Socket;
export class Bridge {
  constructor(private readonly client: Conn, private readonly upstream: Conn) {}
  open() {
    this.client.pipe(this.upstream);
    this.upstream.pipe(this.client);
  }
}`,
    line: 7,
    column: 17,
    output: `
import type { Socket } from 'node:net';
import { pipeline } from 'node:stream';
type Conn = Socket;
export class Bridge {
  constructor(private readonly client: Conn, private readonly upstream: Conn) {}
  open() {
    pipeline(this.client, this.upstream, this.client, ${CALLBACK});
  }
}`,
  },
  {
    name: 'a TLS socket from another module piped into a ClientRequest',
    code: `
import type { TLSSocket } from 'node:tls';
import type { ClientRequest } from 'node:http';
declare function accept(): TLSSocket;
declare function openUpload(): ClientRequest;
export function upload() {
  const source = accept();
  const sink = openUpload();
  source.pipe(sink);
}`,
    line: 9,
    column: 10,
    output: `
import type { TLSSocket } from 'node:tls';
import type { ClientRequest } from 'node:http';
import { pipeline } from 'node:stream';
declare function accept(): TLSSocket;
declare function openUpload(): ClientRequest;
export function upload() {
  const source = accept();
  const sink = openUpload();
  pipeline(source, sink, ${CALLBACK});
}`,
  },
  {
    name: 'a server request piped into a ClientRequest from another module, with no teardown on abort',
    code: `
import http from 'node:http';
import type { ClientRequest } from 'node:http';
declare function openUpload(path: string): ClientRequest;
http.createServer((req, res) => {
  const upload = openUpload(req.url ?? '/');
  upload.on('error', () => res.destroy());
  req.pipe(upload);
});`,
    line: 8,
    column: 7,
    output: `
import http from 'node:http';
import type { ClientRequest } from 'node:http';
import { pipeline } from 'node:stream';
declare function openUpload(path: string): ClientRequest;
http.createServer((req, res) => {
  const upload = openUpload(req.url ?? '/');
  upload.on('error', () => res.destroy());
  pipeline(req, upload, ${CALLBACK});
});`,
  },
];

typedTester().run('prefer-pipeline-for-sockets (type-aware)', rule, {
  valid: [
    {
      name: 'a value named like a socket that is a file stream',
      code: `
import type { IncomingMessage } from 'node:http';
import type { WriteStream } from 'node:fs';
export function tee(res: IncomingMessage, logSocket: WriteStream) {
  res.pipe(logSocket);
}`,
    },
    {
      name: 'a typed request and response of one exchange (an echo)',
      code: `
import type { IncomingMessage, ServerResponse } from 'node:http';
export function echo(req: IncomingMessage, res: ServerResponse) {
  req.pipe(res);
}`,
    },
    {
      name: 'typed sockets torn down both ways',
      code: `
import type { Socket } from 'node:net';
export function join(a: Socket, b: Socket) {
  a.on('error', () => b.destroy());
  b.on('error', () => a.destroy());
  a.pipe(b).pipe(a);
}`,
    },
  ],
  invalid: typedOnly.map((c) => ({
    name: c.name,
    code: c.code,
    errors: [
      {
        messageId: 'pipeWithoutTeardown' as const,
        line: c.line,
        column: c.column,
        suggestions: [{ messageId: 'suggestPipeline' as const, data: { callee: 'pipeline' }, output: c.output }],
      },
    ],
  })),
});

syntaxTester().run('prefer-pipeline-for-sockets (same code without types)', rule, {
  valid: typedOnly.map((c) => ({ name: c.name, code: c.code })),
  invalid: [],
});
