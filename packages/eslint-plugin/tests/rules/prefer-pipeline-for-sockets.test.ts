import rule from '../../src/rules/prefer-pipeline-for-sockets.js';
import { syntaxTester } from '../rule-tester.js';

// pipe() forwards neither errors nor closes: when one side of a tunnel or proxy fails, the other stays
// open, in CLOSE_WAIT once its peer hangs up (LEAK-PATTERNS shape P7: amqplib#584, node-http-proxy#559,
// nodejs/node-v0.x-archive#6227). stream.pipeline() destroys every stream when one fails. Code is kept
// flush left so that `line`/`column` can be read straight off the template literal.

const CALLBACK = '(err) => { if (err) console.error(err); }';

syntaxTester().run('prefer-pipeline-for-sockets', rule, {
  valid: [
    {
      // nsqjs: the field held the socket elsewhere, but here it was just given a zlib deflater.
      name: 'a field reassigned to a zlib stream just before it is piped into the socket',
      code: `
const net = require('net');
const zlib = require('zlib');
class Connection {
  connect(port) {
    this.conn = net.connect(port);
    this.outWriter = this.conn;
    this.conn.on('error', () => this.conn.destroy());
  }
  startCompression() {
    this.deflater = zlib.createDeflateRaw();
    this.outWriter = this.deflater;
    this.outWriter.pipe(this.conn);
  }
}
module.exports = Connection;
`,
    },
    {
      // nsqjs: `outWriter` holds the socket, then a zlib deflater piped into it.
      name: 'a field that holds the socket at one time and a zlib stream at another',
      code: `
const net = require('net');
const zlib = require('zlib');

class Connection {
  connect(host, port) {
    this.conn = net.connect(port, host, () => {
      this.outWriter = this.conn;
    });
    this.conn.on('error', () => this.conn.destroy());
    this.conn.on('close', () => this.onClose());
  }
  startCompression() {
    this.inflater = zlib.createInflateRaw();
    this.conn.pipe(this.inflater);
    this.outWriter = zlib.createDeflateRaw();
    this.outWriter.pipe(this.conn);
  }
  write(buf) { this.outWriter.write(buf); }
}
module.exports = Connection;
`,
    },
    // --- pipeline() ---------------------------------------------------------------------------------
    {
      name: 'stream.pipeline with a callback joins a TCP proxy (named import)',
      code: `
import net from 'node:net';
import { pipeline } from 'node:stream';
net.createServer((client) => {
  const upstream = net.connect(6379, 'redis.internal');
  pipeline(client, upstream, client, (err) => {
    if (err) console.warn('tunnel closed', err.code);
  });
}).listen(6380);
`,
    },
    {
      name: 'await pipeline() from stream/promises in a CONNECT handler',
      code: `
const http = require('node:http');
const net = require('node:net');
const { pipeline } = require('node:stream/promises');
http.createServer().on('connect', async (req, socket, head) => {
  const [host, port] = req.url.split(':');
  const target = net.connect(Number(port), host);
  target.write(head);
  socket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
  try {
    await pipeline(socket, target, socket);
  } catch {
    socket.destroy();
  }
});
`,
    },
    // --- Teardown on both sides --------------------------------------------------------------------
    {
      name: "'error' listeners on both sides that destroy the other",
      code: `
import net from 'node:net';
net.createServer((client) => {
  const upstream = net.connect(5432, 'db');
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
  client.pipe(upstream);
  upstream.pipe(client);
});
`,
    },
    {
      name: "'close' listeners that end the other side (the proxy-chain shape)",
      code: `
const net = require('net');
module.exports = function direct(sourceSocket, options) {
  const targetSocket = net.createConnection(options);
  sourceSocket.pipe(targetSocket);
  targetSocket.pipe(sourceSocket);
  targetSocket.on('close', () => {
    sourceSocket.resume();
    if (sourceSocket.writable) sourceSocket.end();
  });
  sourceSocket.on('close', () => {
    targetSocket.resume();
    if (targetSocket.writable) targetSocket.end();
  });
  targetSocket.on('error', () => sourceSocket.destroy());
  sourceSocket.on('error', () => targetSocket.destroy());
};
`,
    },
    {
      name: 'one cleanup function (hoisted) registered on both sides',
      code: `
import net from 'node:net';
import tls from 'node:tls';
tls.createServer({ key, cert }, (secure) => {
  const plain = net.connect(8080);
  secure.once('error', cleanup).once('close', cleanup);
  plain.once('error', cleanup).once('close', cleanup);
  secure.pipe(plain).pipe(secure);
  function cleanup() {
    secure.destroy();
    plain.destroy();
  }
});
`,
    },
    {
      name: 'the http-proxy websocket shape: a hoisted error handler that ends the client socket',
      code: `
const http = require('http');
module.exports = function stream(req, socket, options, head, server) {
  const proxyReq = http.request(options);
  proxyReq.on('error', onOutgoingError);
  proxyReq.on('upgrade', function (proxyRes, proxySocket, proxyHead) {
    proxySocket.on('error', onOutgoingError);
    socket.on('error', function () {
      proxySocket.end();
    });
    socket.write('HTTP/1.1 101 Switching Protocols\\r\\n\\r\\n');
    proxySocket.pipe(socket).pipe(proxySocket);
  });
  return proxyReq.end();
  function onOutgoingError(err) {
    server.emit('error', err, req, socket);
    socket.end();
  }
};
`,
    },
    {
      name: 'a response piped into an upgrade socket, torn down both ways (the httpxy shape)',
      code: `
export function pipeNonUpgradeResponse(response, socket, onError) {
  const onClose = () => response.destroy();
  const onResponseError = (error) => {
    onClose();
    socket.destroy();
    onError(error);
  };
  socket.once('close', onClose);
  response.once('error', onResponseError);
  response.pipe(socket);
}
`,
    },
    {
      name: 'end-of-stream callbacks (stream.finished) that destroy the other side',
      code: `
import { connect } from 'node:net';
import { finished } from 'node:stream';
export function bridge(left, right) {
  finished(left, () => right.destroy());
  finished(right, () => left.destroy());
  left.pipe(right).pipe(left);
}
export function open(port) {
  return bridge(connect(port), connect(port + 1));
}
`,
    },
    {
      name: 'destroy bound as the listener',
      code: `
import { createServer, connect } from 'node:net';
createServer((client) => {
  const upstream = connect(25, 'mx.internal');
  client.on('error', upstream.destroy.bind(upstream));
  upstream.on('error', client.destroy.bind(client));
  upstream.pipe(client).pipe(upstream);
});
`,
    },
    {
      name: 'listeners registered inside the chain itself',
      code: `
import net from 'node:net';
export function link(socket, port) {
  const upstreamSocket = net.connect(port);
  socket
    .on('error', () => upstreamSocket.destroy())
    .pipe(upstreamSocket)
    .on('error', () => socket.destroy())
    .pipe(socket);
}
`,
    },
    {
      name: 'a same-file cleanup(a, b) helper called from both error listeners',
      code: `
import net from 'node:net';
net.createServer((socket) => {
  const upstream = net.connect(80, 'web');
  socket.on('error', () => cleanup(socket, upstream));
  upstream.on('error', () => cleanup(socket, upstream));
  socket.pipe(upstream).pipe(socket);
});
function cleanup(a, b) {
  a.destroy();
  b.destroy();
}
`,
    },
    {
      name: 'end-of-stream (eos) callbacks from the npm package',
      code: `
const net = require('net');
const eos = require('end-of-stream');
net.createServer((socket) => {
  const upstream = net.connect(80);
  eos(socket, () => upstream.destroy());
  eos(upstream, () => socket.destroy());
  socket.pipe(upstream).pipe(socket);
});
`,
    },
    {
      name: "'close' listeners sharing one arrow that destroys both",
      code: `
import net from 'node:net';
net.createServer((socket) => {
  const upstream = net.connect(80);
  const destroyBoth = () => {
    socket.destroy();
    upstream.destroy();
  };
  socket.once('close', destroyBoth);
  upstream.once('close', destroyBoth);
  socket.pipe(upstream);
  upstream.pipe(socket);
});
`,
    },
    {
      name: 'the socket kept in a collection that its peer ends on close (the vite proxy shape)',
      code: `
import http from 'node:http';
export function ws(req, socket, head, target) {
  const proxySockets = [];
  const cleanUpProxySockets = () => {
    for (const p of proxySockets) p.end();
  };
  socket.on('close', cleanUpProxySockets);
  socket.on('error', cleanUpProxySockets);
  const proxyReq = http.request(target);
  proxyReq.on('upgrade', (proxyRes, proxySocket) => {
    proxySockets.push(proxySocket);
    proxySocket.on('error', () => socket.destroySoon());
    proxySocket.on('close', () => socket.end());
    proxySocket.pipe(socket).pipe(proxySocket);
  });
  proxyReq.end();
}
`,
    },
    {
      name: "a socket streamed into a response, torn down through the request's 'close' (one exchange, one socket)",
      code: `
import express from 'express';
import net from 'node:net';
const app = express();
app.get('/tail', (req, res) => {
  const feed = net.connect(9000, 'logs');
  feed.on('error', () => res.destroy());
  req.on('close', () => feed.destroy());
  feed.pipe(res);
});
`,
    },
    // --- Not a socket pair -------------------------------------------------------------------------
    {
      name: 'a socket piped into a file (an upload receiver)',
      code: `
import net from 'node:net';
import fs from 'node:fs';
net.createServer((socket) => {
  socket.pipe(fs.createWriteStream(\`upload-\${Date.now()}.bin\`));
});
`,
    },
    {
      name: 'a socket through zlib to process.stdout',
      code: `
const net = require('net');
const zlib = require('zlib');
const socket = net.connect(9000, 'logs');
socket.pipe(zlib.createGunzip()).pipe(process.stdout);
`,
    },
    {
      name: 'a file piped into a socket',
      code: `
import { createServer } from 'node:net';
import { createReadStream } from 'node:fs';
createServer((socket) => createReadStream('/srv/motd.txt').pipe(socket));
`,
    },
    {
      name: 'an echo server: socket.pipe(socket)',
      code: `
const net = require('node:net');
net.createServer((socket) => socket.pipe(socket)).listen(7);
`,
    },
    {
      name: 'an HTTP echo: req.pipe(res) has no raw socket',
      code: `
import http from 'node:http';
http.createServer((req, res) => req.pipe(res)).listen(8080);
`,
    },
    // --- HTTP proxies between two exchanges ----------------------------------------------------------
    {
      name: "an HTTP proxy torn down both ways: res 'close' destroys proxyReq, proxyReq 'error' destroys res",
      code: `
import http from 'node:http';
http.createServer((req, res) => {
  const proxyReq = http.request({ host: 'backend', path: req.url, headers: req.headers }, (proxyRes) => {
    res.writeHead(proxyRes.statusCode, proxyRes.headers);
    proxyRes.pipe(res);
  });
  res.on('close', () => proxyReq.destroy());
  proxyReq.on('error', () => res.destroy());
  req.pipe(proxyReq);
});
`,
    },
    {
      name: "an HTTP proxy torn down the http-proxy way: the client's 'aborted' calls proxyReq.abort() (legacy)",
      code: `
const http = require('http');
http.createServer((req, res) => {
  const proxyReq = http.request({ host: 'backend', path: req.url, headers: req.headers });
  req.on('aborted', () => proxyReq.abort());
  proxyReq.on('error', () => res.destroy());
  proxyReq.on('response', (proxyRes) => proxyRes.pipe(res));
  req.pipe(proxyReq);
});
`,
    },
    {
      name: "an HTTP proxy whose client abort destroys the upstream request ('aborted', 'response' listener)",
      code: `
const http = require('http');
http.createServer((req, res) => {
  const upstream = http.request({ host: 'backend', path: req.url });
  req.on('aborted', () => upstream.destroy());
  upstream.on('error', (err) => {
    res.statusCode = 502;
    res.end(err.message);
  });
  upstream.on('response', (upstreamRes) => upstreamRes.pipe(res));
  req.pipe(upstream);
});
`,
    },
    {
      name: 'an HTTP proxy joined with stream.pipeline() both ways',
      code: `
const http = require('node:http');
const { pipeline } = require('node:stream');
http.createServer((req, res) => {
  const proxyReq = http.request({ host: 'backend', path: req.url }, (proxyRes) => {
    res.writeHead(proxyRes.statusCode, proxyRes.headers);
    pipeline(proxyRes, res, () => {});
  });
  pipeline(req, proxyReq, (err) => {
    if (err) res.destroy(err);
  });
});
`,
    },
    {
      name: 'a file through zlib into an HTTP response',
      code: `
import http from 'node:http';
import fs from 'node:fs';
import zlib from 'node:zlib';
http.createServer((req, res) => {
  res.setHeader('content-encoding', 'gzip');
  fs.createReadStream('/srv/index.html').pipe(zlib.createGzip()).pipe(res);
});
`,
    },
    {
      name: 'messages named like a proxy whose origin the file does not show',
      code: `
export function forward(req, res, proxyReq, proxyRes) {
  req.pipe(proxyReq);
  proxyRes.pipe(res);
}
`,
    },
    {
      name: 'a request() that is not http.request (shadowed module name)',
      code: `
const http = require('./fake-http');
http.createServer((req, res) => {
  const proxyReq = http.request(req.url, (proxyRes) => proxyRes.pipe(res));
  req.pipe(proxyReq);
});
`,
    },
    {
      name: 'RxJS: pipe() of an observable named socket',
      code: `
import { webSocket } from 'rxjs/webSocket';
import { map, retry } from 'rxjs/operators';
const socket$ = webSocket('wss://feed.example.com');
export const prices = socket$.pipe(retry(3), map((m) => m.price));
`,
    },
    {
      name: 'a socket piped into a parser it owns',
      code: `
import net from 'node:net';
import { Parser } from './resp-parser.js';
export function connect(port) {
  const socket = net.connect(port);
  const parser = new Parser();
  socket.pipe(parser);
  return parser;
}
`,
    },
    {
      name: 'checkHttpMessages: false leaves socket-to-response pipes alone',
      code: `
import http from 'node:http';
import net from 'node:net';
http.createServer((req, res) => {
  net.connect(7000, 'legacy').pipe(res);
});
`,
      options: [{ checkHttpMessages: false }],
    },
  ],
  invalid: [
    {
      name: 'sockets recognised by a type imported inline with the module (import net, { type Socket })',
      code: `
import net, { type Socket } from 'node:net';
export class Bridge {
  private readonly upstream: Socket;
  constructor(private readonly client: Socket, host: string, port: number) {
    this.upstream = net.connect(port, host);
  }
  start(): void {
    this.client.on('error', () => this.upstream.destroy());
    this.client.pipe(this.upstream);
  }
}
`,
      errors: [
        {
          messageId: 'pipeWithoutTeardown',
          line: 10,
          column: 17,
          suggestions: [
            {
              messageId: 'suggestPipeline',
              output: `
import net, { type Socket } from 'node:net';
import { pipeline } from 'node:stream';
export class Bridge {
  private readonly upstream: Socket;
  constructor(private readonly client: Socket, host: string, port: number) {
    this.upstream = net.connect(port, host);
  }
  start(): void {
    this.client.on('error', () => this.upstream.destroy());
    pipeline(this.client, this.upstream, (err) => { if (err) console.error(err); });
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'an HTTP proxy with no teardown: a client that aborts leaves the upstream request open',
      code: `
import http from 'node:http';
http.createServer((req, res) => {
  const proxyReq = http.request({ host: 'backend', path: req.url, headers: req.headers }, (proxyRes) => {
    res.writeHead(proxyRes.statusCode, proxyRes.headers);
    proxyRes.pipe(res);
  });
  req.pipe(proxyReq);
});
`,
      errors: [
        {
          messageId: 'pipeWithoutTeardown',
          line: 6,
          column: 14,
          data: { a: 'proxyRes', b: 'res', x: 'proxyRes', y: 'res' },
          suggestions: [
            {
              messageId: 'suggestPipeline',
              data: { callee: 'pipeline' },
              output: `
import http from 'node:http';
import { pipeline } from 'node:stream';
http.createServer((req, res) => {
  const proxyReq = http.request({ host: 'backend', path: req.url, headers: req.headers }, (proxyRes) => {
    res.writeHead(proxyRes.statusCode, proxyRes.headers);
    pipeline(proxyRes, res, ${CALLBACK});
  });
  req.pipe(proxyReq);
});
`,
            },
          ],
        },
        {
          messageId: 'pipeWithoutTeardown',
          line: 8,
          column: 7,
          data: { a: 'req', b: 'proxyReq', x: 'req', y: 'proxyReq' },
          suggestions: [
            {
              messageId: 'suggestPipeline',
              data: { callee: 'pipeline' },
              output: `
import http from 'node:http';
import { pipeline } from 'node:stream';
http.createServer((req, res) => {
  const proxyReq = http.request({ host: 'backend', path: req.url, headers: req.headers }, (proxyRes) => {
    res.writeHead(proxyRes.statusCode, proxyRes.headers);
    proxyRes.pipe(res);
  });
  pipeline(req, proxyReq, ${CALLBACK});
});
`,
            },
          ],
        },
      ],
    },
    {
      name: "an HTTPS upstream whose 'error' ends the response, but nothing destroys it when the client goes away",
      code: `
const http = require('node:http');
const https = require('node:https');
http.createServer((req, res) => {
  const upstream = https.request('https://api.internal' + req.url, { method: req.method });
  upstream.on('error', () => res.destroy());
  req.on('close', () => console.log('client gone'));
  upstream.on('response', (upstreamRes) => {
    res.writeHead(upstreamRes.statusCode, upstreamRes.headers);
    upstreamRes.pipe(res);
  });
  req.pipe(upstream);
}).listen(8080);
`,
      errors: [
        {
          messageId: 'pipeWithoutTeardown',
          line: 10,
          column: 17,
          data: { a: 'upstreamRes', b: 'res', x: 'res', y: 'upstreamRes' },
          suggestions: [
            {
              messageId: 'suggestPipeline',
              data: { callee: 'pipeline' },
              output: `
const http = require('node:http');
const https = require('node:https');
const { pipeline } = require('node:stream');
http.createServer((req, res) => {
  const upstream = https.request('https://api.internal' + req.url, { method: req.method });
  upstream.on('error', () => res.destroy());
  req.on('close', () => console.log('client gone'));
  upstream.on('response', (upstreamRes) => {
    res.writeHead(upstreamRes.statusCode, upstreamRes.headers);
    pipeline(upstreamRes, res, ${CALLBACK});
  });
  req.pipe(upstream);
}).listen(8080);
`,
            },
          ],
        },
        {
          messageId: 'pipeWithoutTeardown',
          line: 12,
          column: 7,
          data: { a: 'req', b: 'upstream', x: 'req', y: 'upstream' },
          suggestions: [
            {
              messageId: 'suggestPipeline',
              data: { callee: 'pipeline' },
              output: `
const http = require('node:http');
const https = require('node:https');
const { pipeline } = require('node:stream');
http.createServer((req, res) => {
  const upstream = https.request('https://api.internal' + req.url, { method: req.method });
  upstream.on('error', () => res.destroy());
  req.on('close', () => console.log('client gone'));
  upstream.on('response', (upstreamRes) => {
    res.writeHead(upstreamRes.statusCode, upstreamRes.headers);
    upstreamRes.pipe(res);
  });
  pipeline(req, upstream, ${CALLBACK});
}).listen(8080);
`,
            },
          ],
        },
      ],
    },
    {
      name: "a client abort destroys the upstream request, but a failed upstream leaves the client's request unread",
      code: `
import { createServer, request } from 'node:http';
createServer((req, res) => {
  const proxyReq = request({ host: 'backend', path: req.url });
  req.on('close', () => proxyReq.destroy());
  req.pipe(proxyReq);
});
`,
      errors: [
        {
          messageId: 'pipeWithoutTeardown',
          line: 6,
          column: 7,
          data: { a: 'req', b: 'proxyReq', x: 'proxyReq', y: 'req' },
          suggestions: [
            {
              messageId: 'suggestPipeline',
              data: { callee: 'pipeline' },
              output: `
import { createServer, request } from 'node:http';
import { pipeline } from 'node:stream';
createServer((req, res) => {
  const proxyReq = request({ host: 'backend', path: req.url });
  req.on('close', () => proxyReq.destroy());
  pipeline(req, proxyReq, ${CALLBACK});
});
`,
            },
          ],
        },
      ],
    },
    {
      name: "Node's CONNECT proxy example: no teardown on either side (CommonJS, node: prefix)",
      code: `
const http = require('node:http');
const net = require('node:net');
const { URL } = require('node:url');
const proxy = http.createServer();
proxy.on('connect', (req, clientSocket, head) => {
  const { port, hostname } = new URL(\`http://\${req.url}\`);
  const serverSocket = net.connect(port || 80, hostname, () => {
    clientSocket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
    serverSocket.write(head);
    serverSocket.pipe(clientSocket);
    clientSocket.pipe(serverSocket);
  });
});
`,
      errors: [
        {
          messageId: 'pipeWithoutTeardown',
          line: 11,
          column: 18,
          data: { a: 'serverSocket', b: 'clientSocket', x: 'serverSocket', y: 'clientSocket' },
          suggestions: [
            {
              messageId: 'suggestPipeline',
              data: { callee: 'pipeline' },
              output: `
const http = require('node:http');
const net = require('node:net');
const { URL } = require('node:url');
const { pipeline } = require('node:stream');
const proxy = http.createServer();
proxy.on('connect', (req, clientSocket, head) => {
  const { port, hostname } = new URL(\`http://\${req.url}\`);
  const serverSocket = net.connect(port || 80, hostname, () => {
    clientSocket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
    serverSocket.write(head);
    pipeline(serverSocket, clientSocket, serverSocket, ${CALLBACK});
  });
});
`,
            },
          ],
        },
      ],
    },
    {
      name: 'a TCP proxy: client.pipe(upstream).pipe(client) (default import, bare specifiers)',
      code: `
import net from 'net';
net.createServer((client) => {
  const upstream = net.connect(6379, 'redis.internal');
  client.pipe(upstream).pipe(client);
}).listen(6380);
`,
      errors: [
        {
          messageId: 'pipeWithoutTeardown',
          line: 5,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestPipeline',
              data: { callee: 'pipeline' },
              output: `
import net from 'net';
import { pipeline } from 'stream';
net.createServer((client) => {
  const upstream = net.connect(6379, 'redis.internal');
  pipeline(client, upstream, client, ${CALLBACK});
}).listen(6380);
`,
            },
          ],
        },
      ],
    },
    {
      name: 'new net.Socket() connected later, piped both ways in the connect callback',
      code: `
import net from 'node:net';
const server = net.createServer();
server.on('connection', (socket) => {
  const upstream = new net.Socket();
  upstream.connect(80, 'web', () => {
    socket.pipe(upstream);
    upstream.pipe(socket);
  });
});
`,
      errors: [
        {
          messageId: 'pipeWithoutTeardown',
          line: 7,
          column: 12,
          suggestions: [
            {
              messageId: 'suggestPipeline',
              data: { callee: 'pipeline' },
              output: `
import net from 'node:net';
import { pipeline } from 'node:stream';
const server = net.createServer();
server.on('connection', (socket) => {
  const upstream = new net.Socket();
  upstream.connect(80, 'web', () => {
    pipeline(socket, upstream, socket, ${CALLBACK});
  });
});
`,
            },
          ],
        },
      ],
    },
    {
      name: 'one-way pipe to a TLS upstream, answers written by hand',
      code: `
import net from 'node:net';
import { connect as tlsConnect } from 'node:tls';
net.createServer((client) => {
  const up = tlsConnect({ host: 'smtp.example.com', port: 465 });
  client.pipe(up);
  up.on('data', (d) => client.write(d));
});
`,
      errors: [
        {
          messageId: 'pipeWithoutTeardown',
          line: 6,
          column: 10,
          data: { a: 'client', b: 'up', x: 'client', y: 'up' },
          suggestions: [
            {
              messageId: 'suggestPipeline',
              data: { callee: 'pipeline' },
              output: `
import net from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { pipeline } from 'node:stream';
net.createServer((client) => {
  const up = tlsConnect({ host: 'smtp.example.com', port: 465 });
  pipeline(client, up, ${CALLBACK});
  up.on('data', (d) => client.write(d));
});
`,
            },
          ],
        },
      ],
    },
    {
      name: 'an express route streaming a raw socket into the response',
      code: `
const express = require('express');
const net = require('net');
const app = express();
app.get('/metrics', (req, res) => {
  const s = net.connect(9100, 'exporter');
  s.pipe(res);
});
`,
      errors: [
        {
          messageId: 'pipeWithoutTeardown',
          line: 7,
          column: 5,
          data: { a: 's', b: 'res', x: 's', y: 'res' },
          suggestions: [
            {
              messageId: 'suggestPipeline',
              data: { callee: 'pipeline' },
              output: `
const express = require('express');
const net = require('net');
const { pipeline } = require('stream');
const app = express();
app.get('/metrics', (req, res) => {
  const s = net.connect(9100, 'exporter');
  pipeline(s, res, ${CALLBACK});
});
`,
            },
          ],
        },
      ],
    },
    {
      name: 'TypeScript parameters annotated net.Socket and http.ServerResponse (read without type information)',
      code: `
import * as net from 'node:net';
import type { ServerResponse } from 'node:http';
export function relay(a: net.Socket, b: net.Socket, out: ServerResponse): void {
  a.pipe(b);
  b.pipe(out);
}
`,
      errors: [
        {
          messageId: 'pipeWithoutTeardown',
          line: 5,
          column: 5,
          data: { a: 'a', b: 'b', x: 'a', y: 'b' },
          suggestions: [
            {
              messageId: 'suggestPipeline',
              data: { callee: 'pipeline' },
              output: `
import * as net from 'node:net';
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
export function relay(a: net.Socket, b: net.Socket, out: ServerResponse): void {
  pipeline(a, b, out, ${CALLBACK});
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'TypeScript class fields annotated Socket',
      code: `
import { Socket } from 'node:net';
export class Link {
  private left!: Socket;
  private right!: Socket;
  attach(left: Socket, right: Socket) {
    this.left = left;
    this.right = right;
    this.left.pipe(this.right).pipe(this.left);
  }
}
`,
      errors: [
        {
          messageId: 'pipeWithoutTeardown',
          line: 9,
          column: 15,
          suggestions: [
            {
              messageId: 'suggestPipeline',
              data: { callee: 'pipeline' },
              output: `
import { Socket } from 'node:net';
import { pipeline } from 'node:stream';
export class Link {
  private left!: Socket;
  private right!: Socket;
  attach(left: Socket, right: Socket) {
    this.left = left;
    this.right = right;
    pipeline(this.left, this.right, this.left, ${CALLBACK});
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'a same-file bridge(from, to) helper called with a server socket and a new connection',
      code: `
import net from 'node:net';
function bridge(from, to) {
  from.pipe(to);
  to.pipe(from);
}
net.createServer((c) => bridge(c, net.connect(22, 'bastion'))).listen(2222);
`,
      errors: [
        {
          messageId: 'pipeWithoutTeardown',
          line: 4,
          column: 8,
          suggestions: [
            {
              messageId: 'suggestPipeline',
              data: { callee: 'pipeline' },
              output: `
import net from 'node:net';
import { pipeline } from 'node:stream';
function bridge(from, to) {
  pipeline(from, to, from, ${CALLBACK});
}
net.createServer((c) => bridge(c, net.connect(22, 'bastion'))).listen(2222);
`,
            },
          ],
        },
      ],
    },
    {
      name: "'error' listeners that only log (console.error, logger.warn.bind)",
      code: `
import net from 'node:net';
import { logger } from './logger.js';
net.createServer((client) => {
  const upstream = net.connect(6379, 'redis');
  client.on('error', console.error);
  upstream.on('error', logger.warn.bind(logger));
  client.pipe(upstream).pipe(client);
});
`,
      errors: [
        {
          messageId: 'pipeWithoutTeardown',
          line: 8,
          column: 10,
          data: { a: 'client', b: 'upstream', x: 'client', y: 'upstream' },
          suggestions: [
            {
              messageId: 'suggestPipeline',
              data: { callee: 'pipeline' },
              output: `
import net from 'node:net';
import { logger } from './logger.js';
import { pipeline } from 'node:stream';
net.createServer((client) => {
  const upstream = net.connect(6379, 'redis');
  client.on('error', console.error);
  upstream.on('error', logger.warn.bind(logger));
  pipeline(client, upstream, client, ${CALLBACK});
});
`,
            },
          ],
        },
      ],
    },
    {
      name: "TypeScript import-equals: import net = require('node:net')",
      code: `
import net = require('node:net');
net.createServer((c) => {
  const u = net.connect(80, 'web');
  c.pipe(u).pipe(c);
});
`,
      errors: [
        {
          messageId: 'pipeWithoutTeardown',
          line: 5,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestPipeline',
              data: { callee: 'pipeline' },
              output: `
import net = require('node:net');
import { pipeline } from 'node:stream';
net.createServer((c) => {
  const u = net.connect(80, 'web');
  pipeline(c, u, c, ${CALLBACK});
});
`,
            },
          ],
        },
      ],
    },
    {
      name: 'teardown on one side only: the client side leaks the upstream',
      code: `
import { createServer, connect } from 'node:net';
createServer((client) => {
  const upstream = connect(5432, 'db');
  upstream.on('error', () => client.destroy());
  client.on('error', (err) => console.warn('client error', err.message));
  client.pipe(upstream);
  upstream.pipe(client);
});
`,
      errors: [
        {
          messageId: 'pipeWithoutTeardown',
          line: 7,
          column: 10,
          data: { a: 'client', b: 'upstream', x: 'client', y: 'upstream' },
          suggestions: [
            {
              messageId: 'suggestPipeline',
              data: { callee: 'pipeline' },
              output: `
import { createServer, connect } from 'node:net';
import { pipeline } from 'node:stream';
createServer((client) => {
  const upstream = connect(5432, 'db');
  upstream.on('error', () => client.destroy());
  client.on('error', (err) => console.warn('client error', err.message));
  pipeline(client, upstream, client, ${CALLBACK});
});
`,
            },
          ],
        },
      ],
    },
    {
      name: 'a TLS terminator; the pipeline import joins an existing node:stream import',
      code: `
import { createServer } from 'node:tls';
import { createConnection } from 'node:net';
import { PassThrough } from 'node:stream';
export const tap = new PassThrough();
createServer({ key, cert }, (tlsSocket) => {
  const plain = createConnection({ port: 8080 });
  tlsSocket.pipe(plain);
  plain.pipe(tlsSocket);
});
`,
      errors: [
        {
          messageId: 'pipeWithoutTeardown',
          line: 8,
          column: 13,
          suggestions: [
            {
              messageId: 'suggestPipeline',
              data: { callee: 'pipeline' },
              output: `
import { createServer } from 'node:tls';
import { createConnection } from 'node:net';
import { PassThrough, pipeline } from 'node:stream';
export const tap = new PassThrough();
createServer({ key, cert }, (tlsSocket) => {
  const plain = createConnection({ port: 8080 });
  pipeline(tlsSocket, plain, tlsSocket, ${CALLBACK});
});
`,
            },
          ],
        },
      ],
    },
    {
      name: 'a websocket upgrade proxy: proxySocket.pipe(socket).pipe(proxySocket)',
      code: `
import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  const proxyReq = http.request({ host: 'ws-backend', path: req.url, headers: req.headers });
  proxyReq.on('upgrade', (proxyRes, proxySocket) => {
    socket.write('HTTP/1.1 101 Switching Protocols\\r\\n\\r\\n');
    proxySocket.pipe(socket).pipe(proxySocket);
  });
  proxyReq.end(head);
});
`,
      errors: [
        {
          messageId: 'pipeWithoutTeardown',
          line: 8,
          column: 17,
          suggestions: [
            {
              messageId: 'suggestPipeline',
              data: { callee: 'pipeline' },
              output: `
import http from 'node:http';
import { pipeline } from 'node:stream';
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  const proxyReq = http.request({ host: 'ws-backend', path: req.url, headers: req.headers });
  proxyReq.on('upgrade', (proxyRes, proxySocket) => {
    socket.write('HTTP/1.1 101 Switching Protocols\\r\\n\\r\\n');
    pipeline(proxySocket, socket, proxySocket, ${CALLBACK});
  });
  proxyReq.end(head);
});
`,
            },
          ],
        },
      ],
    },
    {
      name: 'an HTTP request forwarded over a raw socket: req.pipe(up); up.pipe(res);',
      code: `
const http = require('http');
const net = require('net');
http.createServer((req, res) => {
  const up = net.connect(8000, 'legacy-backend');
  req.pipe(up);
  up.pipe(res);
}).listen(80);
`,
      errors: [
        {
          messageId: 'pipeWithoutTeardown',
          line: 6,
          column: 7,
          data: { a: 'req', b: 'up', x: 'req', y: 'up' },
          suggestions: [
            {
              messageId: 'suggestPipeline',
              data: { callee: 'pipeline' },
              output: `
const http = require('http');
const net = require('net');
const { pipeline } = require('stream');
http.createServer((req, res) => {
  const up = net.connect(8000, 'legacy-backend');
  pipeline(req, up, res, ${CALLBACK});
}).listen(80);
`,
            },
          ],
        },
      ],
    },
    {
      name: 'a socket piped into a ClientRequest (an HTTP client fed from TCP)',
      code: `
import { createServer } from 'node:net';
import { request } from 'node:http';
createServer((socket) => {
  const upload = request({ host: 'ingest', method: 'POST', path: '/raw' });
  socket.pipe(upload);
});
`,
      errors: [
        {
          messageId: 'pipeWithoutTeardown',
          line: 6,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestPipeline',
              data: { callee: 'pipeline' },
              output: `
import { createServer } from 'node:net';
import { request } from 'node:http';
import { pipeline } from 'node:stream';
createServer((socket) => {
  const upload = request({ host: 'ingest', method: 'POST', path: '/raw' });
  pipeline(socket, upload, ${CALLBACK});
});
`,
            },
          ],
        },
      ],
    },
    {
      name: 'parameters named like sockets; the stream namespace is already required',
      code: `
const stream = require('stream');
function tunnel(clientSocket, targetSocket) {
  clientSocket.pipe(targetSocket);
  targetSocket.pipe(clientSocket);
}
module.exports = { tunnel, stream };
`,
      errors: [
        {
          messageId: 'pipeWithoutTeardown',
          line: 4,
          column: 16,
          suggestions: [
            {
              messageId: 'suggestPipeline',
              data: { callee: 'stream.pipeline' },
              output: `
const stream = require('stream');
function tunnel(clientSocket, targetSocket) {
  stream.pipeline(clientSocket, targetSocket, clientSocket, ${CALLBACK});
}
module.exports = { tunnel, stream };
`,
            },
          ],
        },
      ],
    },
    {
      name: 'pipeline already imported but not used here',
      code: `
import { connect } from 'node:tls';
import { pipeline } from 'node:stream';
export function relay(socket, host) {
  const upstream = connect(443, host, { servername: host });
  socket.pipe(upstream).pipe(socket);
  return pipeline;
}
`,
      errors: [
        {
          messageId: 'pipeWithoutTeardown',
          line: 6,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestPipeline',
              data: { callee: 'pipeline' },
              output: `
import { connect } from 'node:tls';
import { pipeline } from 'node:stream';
export function relay(socket, host) {
  const upstream = connect(443, host, { servername: host });
  pipeline(socket, upstream, socket, ${CALLBACK});
  return pipeline;
}
`,
            },
          ],
        },
      ],
    },
    {
      name: "pipeline taken by stream/promises: no suggestion",
      code: `
import net from 'node:net';
import { pipeline } from 'node:stream/promises';
net.createServer((client) => {
  const upstream = net.connect(3306, 'mysql');
  client.pipe(upstream).pipe(client);
});
export { pipeline };
`,
      errors: [{ messageId: 'pipeWithoutTeardown', line: 6, column: 10, suggestions: [] }],
    },
    {
      name: 'pipe with { end: false }: no suggestion (pipeline would end the destination)',
      code: `
import net from 'node:net';
net.createServer((client) => {
  const upstream = net.connect(11211, 'memcached');
  client.pipe(upstream, { end: false });
  upstream.pipe(client, { end: false });
});
`,
      errors: [{ messageId: 'pipeWithoutTeardown', line: 5, column: 10, suggestions: [] }],
    },
    {
      name: 'a class keeps both sockets in fields',
      code: `
import net from 'node:net';
export class Forwarder {
  constructor(socket, port) {
    this.socket = socket;
    this.upstream = net.connect(port);
  }
  start() {
    this.socket.pipe(this.upstream);
    this.upstream.pipe(this.socket);
  }
}
`,
      errors: [
        {
          messageId: 'pipeWithoutTeardown',
          line: 9,
          column: 17,
          suggestions: [
            {
              messageId: 'suggestPipeline',
              data: { callee: 'pipeline' },
              output: `
import net from 'node:net';
import { pipeline } from 'node:stream';
export class Forwarder {
  constructor(socket, port) {
    this.socket = socket;
    this.upstream = net.connect(port);
  }
  start() {
    pipeline(this.socket, this.upstream, this.socket, ${CALLBACK});
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'an error listener that only destroys its own socket does not close the other',
      code: `
const net = require('net');
net.createServer((conn) => {
  const backend = net.connect({ host: 'backend', port: 9000 });
  conn.on('error', () => conn.destroy());
  backend.on('error', () => backend.destroy());
  backend.pipe(conn).pipe(backend);
});
`,
      errors: [
        {
          messageId: 'pipeWithoutTeardown',
          line: 7,
          column: 11,
          data: { a: 'backend', b: 'conn', x: 'backend', y: 'conn' },
          suggestions: [
            {
              messageId: 'suggestPipeline',
              data: { callee: 'pipeline' },
              output: `
const net = require('net');
const { pipeline } = require('stream');
net.createServer((conn) => {
  const backend = net.connect({ host: 'backend', port: 9000 });
  conn.on('error', () => conn.destroy());
  backend.on('error', () => backend.destroy());
  pipeline(backend, conn, backend, ${CALLBACK});
});
`,
            },
          ],
        },
      ],
    },
    {
      name: 'a socket answered from a file-less transform chain into an HTTP response',
      code: `
import http from 'node:http';
import net from 'node:net';
import zlib from 'node:zlib';
http.createServer((req, res) => {
  res.setHeader('content-encoding', 'gzip');
  net.connect(7000, 'legacy').pipe(zlib.createGzip()).pipe(res);
});
`,
      errors: [
        {
          messageId: 'pipeWithoutTeardown',
          line: 7,
          column: 31,
          suggestions: [
            {
              messageId: 'suggestPipeline',
              data: { callee: 'pipeline' },
              output: `
import http from 'node:http';
import net from 'node:net';
import zlib from 'node:zlib';
import { pipeline } from 'node:stream';
http.createServer((req, res) => {
  res.setHeader('content-encoding', 'gzip');
  pipeline(net.connect(7000, 'legacy'), zlib.createGzip(), res, ${CALLBACK});
});
`,
            },
          ],
        },
      ],
    },
  ],
});
