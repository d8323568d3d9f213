import rule from '../../src/rules/no-ignored-half-close.js';
import { syntaxTester } from '../rule-tester.js';

// Cases follow shape P1 of LEAK-PATTERNS.md (ws#180, tunnel-agent#46, httpolyglot#10, node-http-proxy#877).
// Code that carries HTTP status lines uses String.raw so `\r\n` stays an escape inside the linted code.

syntaxTester().run('no-ignored-half-close', rule, {
  valid: [
    // Default allowHalfOpen: false: Node ends the writable side itself, so a log-only 'end' listener is fine.
    `
const net = require('net');
net.createServer((socket) => {
  socket.on('data', (chunk) => socket.write(chunk));
  socket.on('end', () => console.log('client left'));
}).listen(7000);
`,
    `
import net from 'node:net';
const server = net.createServer({ allowHalfOpen: false }, (socket) => {
  socket.resume();
  socket.on('end', () => {
    metrics.increment('connections.closed');
  });
});
server.listen(7001);
`,
    `
const net = require('net');
const options = { allowHalfOpen: false, noDelay: true };
net.createServer(options, (socket) => {
  socket.on('data', onData);
  socket.on('end', () => debug('peer ended'));
});
`,
    // The intended use of half-close: read the whole request, answer, then end.
    `
import * as net from 'node:net';
net.createServer({ allowHalfOpen: true }, (socket) => {
  let body = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk) => (body += chunk));
  socket.on('end', () => {
    socket.write(render(body));
    socket.end();
  });
});
`,
    `
const net = require('node:net');
const server = net.createServer({ allowHalfOpen: true }, (socket) => {
  socket.on('data', onData);
  socket.on('end', socket.end.bind(socket));
});
`,
    // Closed through a same-file helper.
    `
const net = require('net');
function closeSocket(s) {
  s.destroy();
}
net.createServer({ allowHalfOpen: true }, (socket) => {
  socket.on('data', (d) => queue.push(d));
  socket.on('end', () => closeSocket(socket));
});
`,
    // Closed through a class method that ends the stored socket.
    `
const net = require('net');
class Session {
  constructor() {
    this.server = net.createServer({ allowHalfOpen: true }, this.onConnection.bind(this));
  }
  onConnection(socket) {
    this.socket = socket;
    socket.on('data', (chunk) => this.parse(chunk));
    socket.on('end', () => this.close());
  }
  close() {
    this.flush();
    this.socket.end();
  }
}
`,
    `
import net from 'net';
class Relay {
  start() {
    net.createServer({ allowHalfOpen: true }, (socket) => {
      this.socket = socket;
      socket.on('data', (chunk) => this.forward(chunk));
      socket.on('end', () => this.onPeerFinished());
    }).listen(9000);
  }
  onPeerFinished() {
    this.socket.destroy();
  }
}
`,
    `
import { once } from 'node:events';
import net from 'node:net';
net.createServer({ allowHalfOpen: true }, async (socket) => {
  socket.on('data', handle);
  await once(socket, 'end');
  socket.end('bye');
});
`,
    // Import forms, each closing correctly.
    `
import { createServer as cs } from 'net';
cs({ allowHalfOpen: true }, (socket) => {
  socket.on('data', onData);
  socket.on('end', () => {
    socket.end();
  });
});
`,
    `
const { createServer } = require('node:net');
createServer({ allowHalfOpen: true }, (socket) => {
  socket.on('data', onData);
  socket.on('end', () => socket.destroy());
});
`,
    `
const net = require('net');
const make = net.createServer;
make({ allowHalfOpen: true }, (socket) => {
  socket.resume();
  socket.on('end', () => socket.end());
});
`,
    `
const net = process.getBuiltinModule('net');
net.createServer({ allowHalfOpen: true }, (socket) => {
  socket.on('data', onData);
  socket.on('end', () => socket.end());
});
`,
    // Shadowed names: none of these is Node's net.
    `
export function start(net) {
  net.createServer({ allowHalfOpen: true }, (socket) => {
    socket.on('end', () => console.log('bye'));
  });
}
`,
    `
const require = (name) => fakes[name];
const net = require('net');
net.createServer({ allowHalfOpen: true }, (socket) => {
  socket.on('end', () => console.log('bye'));
});
`,
    `
import net from './net.js';
net.createServer({ allowHalfOpen: true }, (socket) => {
  socket.on('end', () => console.log('bye'));
});
`,
    // Piped both ways, or handed to code the file cannot see: the other side owns the teardown.
    `
const net = require('net');
net.createServer({ allowHalfOpen: true }, (client) => {
  const upstream = net.connect(5432, 'db.internal');
  client.pipe(upstream).pipe(client);
  client.on('end', () => console.log('client finished sending'));
});
`,
    `
import { createServer } from 'node:net';
import { attach } from './protocol.js';
createServer({ allowHalfOpen: true }, (socket) => {
  attach(socket);
  socket.on('end', () => stats.ended++);
});
`,
    // Clients.
    `
const net = require('net');
const sock = new net.Socket();
sock.connect(6379, '127.0.0.1');
sock.on('data', onReply);
sock.on('end', () => console.log('server closed the connection'));
`,
    `
const net = require('node:net');
const sock = net.connect({ port: 7000, allowHalfOpen: true });
sock.on('data', (chunk) => chunks.push(chunk));
sock.on('end', () => {
  flush(chunks);
  sock.end();
});
`,
    // TLS servers.
    `
import tls from 'node:tls';
tls.createServer({ key, cert, allowHalfOpen: true }, (tlsSocket) => {
  tlsSocket.on('data', (d) => tlsSocket.write(d));
  tlsSocket.once('end', () => tlsSocket.destroy());
}).listen(8443);
`,
    `
const tls = require('tls');
tls.createServer({ key, cert }, (socket) => {
  socket.on('data', handle);
  socket.on('end', () => debug('tls peer ended'));
});
`,
    // Upgrade listeners whose every path destroys, reads or hands the socket off.
    `
import http from 'node:http';
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});
`,
    String.raw`
const http = require('node:http');
const server = http.createServer(app);
server.on('upgrade', async (req, socket, head) => {
  const user = await authenticate(req);
  if (!user) {
    socket.write('HTTP/1.1 401 Unauthorized\r\n\r\n');
    socket.destroy();
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req, user));
});
`,
    String.raw`
const http = require('http');
const net = require('net');
const { pipeline } = require('stream');
const proxy = http.createServer();
proxy.on('connect', (req, clientSocket, head) => {
  const [host, port] = req.url.split(':');
  const upstream = net.connect(Number(port), host, () => {
    clientSocket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    upstream.write(head);
    pipeline(clientSocket, upstream, clientSocket, () => {});
  });
  upstream.on('error', () => clientSocket.destroy());
});
`,
    `
import http from 'node:http';
const server = http.createServer();
server.on('upgrade', async (req, socket) => {
  try {
    if (!isAllowed(req)) return;
    socket.write(acceptHeaders(req));
    for await (const frame of socket) await handleFrame(frame);
  } finally {
    socket.destroy();
  }
});
`,
    String.raw`
import http from 'node:http';
const server = http.createServer();
server.on('upgrade', async (req, socket, head) => {
  try {
    const user = await verify(req.headers.authorization);
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, user));
  } catch (err) {
    socket.write('HTTP/1.1 401 Unauthorized\r\n\r\n');
    socket.destroy();
  }
});
`,
    `
const http = require('node:http');
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  switch (new URL(req.url, 'http://localhost').pathname) {
    case '/chat':
      chat.handleUpgrade(req, socket, head, onChat);
      break;
    case '/feed':
      feed.handleUpgrade(req, socket, head, onFeed);
      break;
    default:
      socket.destroy();
  }
});
`,
    // Another server takes the socket over.
    String.raw`
const http = require('http');
const https = require('https');
const tlsApp = https.createServer(tlsOptions, app);
const front = http.createServer(redirect);
front.on('connect', (req, socket) => {
  socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
  tlsApp.emit('connection', socket);
});
`,
    // Callbacks inside the listener, every path handled.
    `
const http = require('http');
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  authenticate(req, (err, user) => {
    if (err || !user) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req, user));
  });
});
`,
    `
const http = require('http');
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  sessions.lookup(req).then(
    (session) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, session)),
    () => socket.destroy(),
  );
});
`,
    // A same-file helper that destroys.
    `
const http = require('http');
const server = http.createServer();
function reject(socket, status) {
  socket.write(statusLine(status));
  socket.destroy();
}
server.on('upgrade', (req, socket, head) => {
  if (!allowed(req)) {
    reject(socket, 403);
    return;
  }
  wss.handleUpgrade(req, socket, head, onConnection);
});
`,
    // ws#180 done right: bookkeeping plus end().
    `
const http = require('http');
const clients = new Set();
http.createServer().on('upgrade', (req, socket) => {
  clients.add(socket);
  socket.on('data', (frame) => broadcast(frame));
  socket.on('end', () => {
    clients.delete(socket);
    socket.end();
  });
});
`,
    // Handler styles: function declared elsewhere, const, bound method, arrow-function class field.
    `
const http = require('http');
const server = http.createServer(handler);
function onUpgrade(req, socket, head) {
  if (req.headers.upgrade !== 'websocket') {
    socket.destroy();
    return;
  }
  wss.handleUpgrade(req, socket, head, onConnection);
}
server.on('upgrade', onUpgrade);
`,
    `
import http from 'node:http';
const onConnect = (req, socket, head) => {
  const upstream = dial(req.url);
  pipeline(socket, upstream, socket, (err) => err && log(err));
};
http.createServer().on('connect', onConnect);
`,
    `
import http from 'node:http';
export class Gateway {
  constructor(wss) {
    this.wss = wss;
    this.server = http.createServer();
    this.server.on('upgrade', this.onUpgrade.bind(this));
  }
  onUpgrade(req, socket, head) {
    if (!this.accepts(req)) {
      socket.destroy();
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }
}
`,
    `
const https = require('https');
class TunnelServer {
  server = https.createServer(tlsOptions);
  constructor() {
    this.server.on('connect', this.onConnect);
  }
  onConnect = (req, socket) => {
    if (!this.acl.allows(req.url)) return socket.destroy();
    this.forward(req.url, socket);
  };
}
`,
    // An emitter the rule cannot trace (app.listen()): shape says upgrade, and it is handed off.
    `
const app = express();
const server = app.listen(3000);
server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, onConnection));
`,
    // A ClientRequest's CONNECT socket is not half-open: read, a log-only 'end' listener is fine.
    `
const http = require('http');
const req = http.request({ host: 'proxy', port: 3128, method: 'CONNECT', path: 'example.com:443' });
req.on('connect', (res, socket, head) => {
  if (res.statusCode !== 200) {
    socket.destroy();
    return;
  }
  socket.on('data', (chunk) => received.push(chunk));
  socket.on('end', () => console.log('tunnel closed'));
});
req.end();
`,
    `
const https = require('https');
const req = https.request({ host: proxyHost, port: 3128, method: 'CONNECT', path: target });
req.on('connect', (res, socket) => {
  if (res.statusCode !== 200) {
    socket.destroy();
    return;
  }
  socket.pipe(process.stdout);
});
req.end();
`,
    // http2 'connect' is a session event (session, socket), not an http upgrade.
    `
const http2 = require('node:http2');
const session = http2.connect('https://localhost:8443');
session.on('connect', (session, socket) => {
  console.log('connected via', socket.remoteAddress);
});
`,
    `
export function watch(session) {
  session.on('connect', (session, socket) => {
    log.info({ remote: socket.remoteAddress }, 'http2 session connected');
  });
}
`,
    // Clients of other protocols: 'connect' carries no raw socket.
    `
const mqtt = require('mqtt');
const client = mqtt.connect('mqtt://broker.local');
client.on('connect', () => client.subscribe('sensors/#'));
`,
    `
import { createClient } from 'redis';
const client = createClient({ url: process.env.REDIS_URL });
client.on('connect', () => logger.info('redis connected'));
client.on('end', () => logger.warn('redis connection closed'));
`,
    // ws's client 'upgrade' event carries only the response.
    `
import WebSocket from 'ws';
const ws = new WebSocket('wss://example.com/feed');
ws.on('upgrade', (response) => {
  console.log('upgraded with', response.headers['sec-websocket-protocol']);
});
`,
    // Node semantics: the async iterator destroys the socket once the loop has read the peer's FIN.
    `
import net from 'node:net';
net.createServer({ allowHalfOpen: true }, async (socket) => {
  for await (const chunk of socket) parser.push(chunk);
});
`,
    // Untraced emitter, first parameter a response: a client's socket, not half-open.
    `
export function onClientUpgrade(request) {
  request.on('upgrade', (res, socket) => {
    socket.on('data', onFrame);
    socket.on('end', () => console.log('server closed'));
  });
}
`,
    // Storing the upgrade socket, or passing it to another function, is a hand-off.
    `
const http = require('http');
const pending = new Map();
http.createServer().on('upgrade', (req, socket, head) => {
  pending.set(req.headers['x-session'], socket);
});
`,
    `
import httpProxy from 'http-proxy';
import http from 'node:http';
const proxy = httpProxy.createProxyServer({ target: 'ws://backend:8080', ws: true });
http.createServer(app).on('upgrade', (req, socket, head) => {
  proxy.ws(req, socket, head);
});
`,
    // Shadowed process: not Node's getBuiltinModule.
    `
const process = { getBuiltinModule: () => fakeNet };
const net = process.getBuiltinModule('net');
net.createServer({ allowHalfOpen: true }, (socket) => {
  socket.on('end', () => console.log('bye'));
});
`,
    `
const net = require('net');
net.createServer({ allowHalfOpen: true }, (socket) => {
  let closed = false;
  socket.on('data', onData);
  socket.on('end', () => {
    if (!closed) socket.end();
  });
  socket.on('close', () => (closed = true));
});
`,
    // Early returns inside a nested 'data' listener end an event, not the socket's life.
    `
const http = require('http');
http.createServer().on('upgrade', (req, socket) => {
  socket.on('data', (frame) => {
    if (frame.length === 0) return;
    handleFrame(frame);
  });
  socket.on('end', () => socket.end());
});
`,
    // ws's abortHandshake: end() and destroy on 'finish', in a same-file helper.
    String.raw`
const http = require('http');
function abortHandshake(socket, code) {
  socket.once('finish', socket.destroy);
  socket.end('HTTP/1.1 ' + code + ' ' + http.STATUS_CODES[code] + '\r\n\r\n');
}
http.createServer().on('upgrade', (req, socket, head) => {
  if (!req.headers['sec-websocket-key']) return abortHandshake(socket, 400);
  wss.handleUpgrade(req, socket, head, onConnection);
});
`,
    `
import https from 'node:https';
const server = https.createServer(tlsOptions, app);
server.prependListener('upgrade', function (req, socket, head) {
  if (req.url !== '/live') {
    socket.destroy();
    return;
  }
  live.handleUpgrade(req, socket, head, onLive);
});
`,
    `
import http, { type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
const server = http.createServer();
server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
  if (!isWebSocket(req)) {
    socket.destroy();
    return;
  }
  wss.handleUpgrade(req, socket as net.Socket, head, onConnection);
});
`,
    `
const net = require('net');
const onConnection = (socket) => {
  socket.on('data', onData);
  socket.on('end', () => socket.destroy());
};
net.createServer({ allowHalfOpen: true }, onConnection);
`,
    // The catch is reached only once pipeline() has the socket, and pipeline destroys every stream on error.
    `
import http from 'node:http';
import net from 'node:net';
import { pipeline } from 'node:stream/promises';
const proxy = http.createServer();
proxy.on('connect', async (req, socket, head) => {
  const upstream = net.connect(443, req.url.split(':')[0]);
  try {
    await pipeline(socket, upstream, socket);
  } catch (err) {
    log.warn({ err }, 'tunnel closed with an error');
  }
});
`,
    // Routing across several WebSocket servers, destroy when none matches.
    `
const http = require('http');
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  for (const wss of wsServers) {
    if (wss.shouldHandle(req)) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
      return;
    }
  }
  socket.destroy();
});
`,
    // Inside a function-expression 'end' listener, this is the socket.
    `
const net = require('net');
net.createServer({ allowHalfOpen: true }, function (socket) {
  socket.on('data', onData);
  socket.on('end', function () {
    this.end();
  });
});
`,
    `
const net = require('net');
net.createServer({ allowHalfOpen: true }, (socket) => {
  socket.on('data', (chunk) => buffer.push(chunk));
  socket.on('end', () => {
    flush(buffer, () => socket.end());
  });
});
`,
    // A rest parameter takes the socket too.
    `
const http = require('http');
const server = http.createServer(app);
server.on('upgrade', (...args) => proxy.ws(...args));
`,
    `
import http from 'node:http';
http.createServer().on('upgrade', (req, socket, head) => {
  const connection = new Connection(req, socket, head);
  connection.start();
});
`,
    // Untraced emitter whose 'connect' listener does not start with an HTTP message.
    `
broker.on('connect', (connection, info) => {
  metrics.gauge('broker.connections', info.count);
});
`,
    `
const https = require('node:https');
https.createServer(tlsOptions, app).addListener('upgrade', (req, socket, head) => {
  if (!req.url.startsWith('/ws')) return void socket.destroy();
  wss.handleUpgrade(req, socket, head, onConnection);
});
`,
    `
const tls = require('node:tls');
const socket = tls.connect(443, 'api.example.com', () => socket.write(request));
socket.on('data', (d) => chunks.push(d));
socket.on('end', () => console.log('server closed'));
`,
    // The socket kept in a session object that stop() closes through the map.
    `
import net from 'node:net';
export class Relay {
  private readonly sessions = new Map();
  private readonly server = net.createServer({ allowHalfOpen: true }, (socket) => this.accept(socket));
  private accept(socket) {
    const session = { id: nextId(), socket };
    this.sessions.set(session.id, session);
    socket.on('data', onData);
    socket.on('end', () => this.sessions.delete(session.id));
  }
  stop() {
    for (const s of this.sessions.values()) s.socket.destroy();
  }
}
`,
    // The session object goes to code this file cannot see.
    `
import net from 'node:net';
import { register } from './sessions.js';
net.createServer({ allowHalfOpen: true }, (socket) => {
  const session = { id: nextId(), socket };
  register(session);
  socket.on('end', () => console.log('peer done', session.id));
});
`,
    // Looked up by id and ended elsewhere in the file.
    `
const net = require('net');
const sessions = new Map();
net.createServer({ allowHalfOpen: true }, (socket) => {
  const session = { id: nextId(), conn: socket };
  sessions.set(session.id, session);
  socket.on('data', onData);
  socket.on('end', () => { session.done = true; });
});
function finish(id) {
  const s = sessions.get(id);
  if (s) s.conn.end();
}
`,
    // A public field: code outside the class can reach the sessions.
    `
import net from 'node:net';
export class Relay {
  readonly sessions = new Map();
  constructor() {
    net.createServer({ allowHalfOpen: true }, (socket) => {
      const session = { id: nextId(), socket };
      this.sessions.set(session.id, session);
      socket.on('end', () => this.sessions.delete(session.id));
    });
  }
}
`,
    // Taken apart elsewhere: `const { socket } = sessions.get(id)` may close it.
    `
const net = require('net');
const sessions = new Map();
net.createServer({ allowHalfOpen: true }, (socket) => {
  const session = { socket, state: 'open' };
  sessions.set(1, session);
  socket.on('end', () => { session.state = 'closed'; });
});
function close(id) {
  const { socket } = sessions.get(id);
  socket.end();
}
`,
  ],
  invalid: [
    // ws#180: the upgrade socket is bookkept on 'end' but never ended.
    {
      code: `
const http = require('http');
const server = http.createServer();
server.on('upgrade', (req, socket) => {
  socket.on('data', onFrame);
  socket.on('end', () => {
    app.emit('gone', req.url);
  });
});
`,
      errors: [
        {
          messageId: 'endWithoutClose',
          line: 6,
          column: 13,
          suggestions: [
            {
              messageId: 'suggestEnd',
              output: `
const http = require('http');
const server = http.createServer();
server.on('upgrade', (req, socket) => {
  socket.on('data', onFrame);
  socket.on('end', () => {
    socket.end();
    app.emit('gone', req.url);
  });
});
`,
            },
          ],
        },
      ],
    },
    // A Set delete does not close anything.
    {
      code: `
const http = require('http');
const sockets = new Set();
const server = http.createServer();
server.on('upgrade', (req, socket) => {
  sockets.add(socket);
  socket.on('data', (frame) => broadcast(frame));
  socket.on('end', () => {
    sockets.delete(socket);
  });
});
`,
      errors: [
        {
          messageId: 'endWithoutClose',
          line: 8,
          column: 13,
          suggestions: [
            {
              messageId: 'suggestEnd',
              output: `
const http = require('http');
const sockets = new Set();
const server = http.createServer();
server.on('upgrade', (req, socket) => {
  sockets.add(socket);
  socket.on('data', (frame) => broadcast(frame));
  socket.on('end', () => {
    socket.end();
    sockets.delete(socket);
  });
});
`,
            },
          ],
        },
      ],
    },
    // An upgrade socket that is read but has no 'end' handling at all.
    {
      code: `
import { createServer } from 'node:http';
createServer(app).listen(8080).on('upgrade', (req, socket) => {
  socket.write(handshakeResponse(req));
  socket.on('data', (frame) => dispatch(frame));
});
`,
      errors: [{ messageId: 'missingEndHandling', line: 3, column: 52 }],
    },
    // Async upgrade handler that writes 401 and returns.
    {
      code: String.raw`
import http from 'node:http';
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
const server = http.createServer();
server.on('upgrade', async (req, socket, head) => {
  const user = await authenticate(req);
  if (!user) {
    socket.write('HTTP/1.1 401 Unauthorized\r\n\r\n');
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req, user));
});
`,
      errors: [
        {
          messageId: 'unhandledExit',
          line: 10,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: String.raw`
import http from 'node:http';
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
const server = http.createServer();
server.on('upgrade', async (req, socket, head) => {
  const user = await authenticate(req);
  if (!user) {
    socket.write('HTTP/1.1 401 Unauthorized\r\n\r\n');
    socket.destroy();
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req, user));
});
`,
            },
          ],
        },
      ],
    },
    // A lone `if (x) return;` after an await.
    {
      code: `
const http = require('node:http');
const server = http.createServer();
server.on('upgrade', async (req, socket, head) => {
  if (!(await isAllowed(req))) return;
  wss.handleUpgrade(req, socket, head, onConnection);
});
`,
      errors: [
        {
          messageId: 'unhandledExit',
          line: 5,
          column: 32,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
const http = require('node:http');
const server = http.createServer();
server.on('upgrade', async (req, socket, head) => {
  if (!(await isAllowed(req))) { socket.destroy(); return; }
  wss.handleUpgrade(req, socket, head, onConnection);
});
`,
            },
          ],
        },
      ],
    },
    // Two rejecting paths, each reported.
    {
      code: String.raw`
const http = require('http');
const server = http.createServer();
server.on('upgrade', async (req, socket, head) => {
  if (req.headers.upgrade !== 'websocket') {
    socket.write('HTTP/1.1 426 Upgrade Required\r\n\r\n');
    return;
  }
  const user = await authenticate(req);
  if (!user) {
    socket.write('HTTP/1.1 401 Unauthorized\r\n\r\n');
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, user));
});
`,
      errors: [
        {
          messageId: 'unhandledExit',
          line: 7,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: String.raw`
const http = require('http');
const server = http.createServer();
server.on('upgrade', async (req, socket, head) => {
  if (req.headers.upgrade !== 'websocket') {
    socket.write('HTTP/1.1 426 Upgrade Required\r\n\r\n');
    socket.destroy();
    return;
  }
  const user = await authenticate(req);
  if (!user) {
    socket.write('HTTP/1.1 401 Unauthorized\r\n\r\n');
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, user));
});
`,
            },
          ],
        },
        {
          messageId: 'unhandledExit',
          line: 12,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: String.raw`
const http = require('http');
const server = http.createServer();
server.on('upgrade', async (req, socket, head) => {
  if (req.headers.upgrade !== 'websocket') {
    socket.write('HTTP/1.1 426 Upgrade Required\r\n\r\n');
    return;
  }
  const user = await authenticate(req);
  if (!user) {
    socket.write('HTTP/1.1 401 Unauthorized\r\n\r\n');
    socket.destroy();
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, user));
});
`,
            },
          ],
        },
      ],
    },
    // A listener that answers 101 and falls off the end: nobody reads or closes the socket.
    {
      code: String.raw`
const http = require('http');
const server = http.createServer();
server.on('upgrade', (req, socket) => {
  if (req.headers.upgrade !== 'websocket') {
    socket.destroy();
    return;
  }
  socket.write('HTTP/1.1 101 Switching Protocols\r\n\r\n');
});
`,
      errors: [
        {
          messageId: 'unhandledExit',
          line: 10,
          column: 1,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: String.raw`
const http = require('http');
const server = http.createServer();
server.on('upgrade', (req, socket) => {
  if (req.headers.upgrade !== 'websocket') {
    socket.destroy();
    return;
  }
  socket.write('HTTP/1.1 101 Switching Protocols\r\n\r\n');
  socket.destroy();
});
`,
            },
          ],
        },
      ],
    },
    // tunnel-agent#46: the non-200 CONNECT reply path reports the error and returns.
    {
      code: `
const http = require('http');
function createTunnel(options, cb) {
  const req = http.request({ ...options, method: 'CONNECT' });
  req.once('connect', (res, socket, head) => {
    if (res.statusCode !== 200) {
      cb(new Error('tunneling socket could not be established, statusCode=' + res.statusCode));
      return;
    }
    cb(null, socket);
  });
  req.end();
}
`,
      errors: [
        {
          messageId: 'unhandledExit',
          line: 8,
          column: 7,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
const http = require('http');
function createTunnel(options, cb) {
  const req = http.request({ ...options, method: 'CONNECT' });
  req.once('connect', (res, socket, head) => {
    if (res.statusCode !== 200) {
      cb(new Error('tunneling socket could not be established, statusCode=' + res.statusCode));
      socket.destroy();
      return;
    }
    cb(null, socket);
  });
  req.end();
}
`,
            },
          ],
        },
      ],
    },
    // A client websocket handshake that rejects a bad accept header and returns.
    {
      code: `
const https = require('node:https');
const req = https.request({ host, headers: { Connection: 'Upgrade', Upgrade: 'websocket' } });
req.on('upgrade', (res, socket, head) => {
  if (res.headers['sec-websocket-accept'] !== expectedAccept) {
    emitter.emit('error', new Error('invalid Sec-WebSocket-Accept'));
    return;
  }
  emitter.emit('open', socket, head);
});
req.end();
`,
      errors: [
        {
          messageId: 'unhandledExit',
          line: 7,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
const https = require('node:https');
const req = https.request({ host, headers: { Connection: 'Upgrade', Upgrade: 'websocket' } });
req.on('upgrade', (res, socket, head) => {
  if (res.headers['sec-websocket-accept'] !== expectedAccept) {
    emitter.emit('error', new Error('invalid Sec-WebSocket-Accept'));
    socket.destroy();
    return;
  }
  emitter.emit('open', socket, head);
});
req.end();
`,
            },
          ],
        },
      ],
    },
    // Server-side CONNECT proxy: the 403 path writes and returns.
    {
      code: String.raw`
const http = require('http');
const net = require('net');
const { pipeline } = require('node:stream');
const proxy = http.createServer();
proxy.on('connect', (req, clientSocket, head) => {
  if (!allowedHosts.has(req.url)) {
    clientSocket.write('HTTP/1.1 403 Forbidden\r\n\r\n');
    return;
  }
  const upstream = net.connect(443, req.url.split(':')[0]);
  pipeline(clientSocket, upstream, clientSocket, () => {});
});
`,
      errors: [
        {
          messageId: 'unhandledExit',
          line: 9,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: String.raw`
const http = require('http');
const net = require('net');
const { pipeline } = require('node:stream');
const proxy = http.createServer();
proxy.on('connect', (req, clientSocket, head) => {
  if (!allowedHosts.has(req.url)) {
    clientSocket.write('HTTP/1.1 403 Forbidden\r\n\r\n');
    clientSocket.destroy();
    return;
  }
  const upstream = net.connect(443, req.url.split(':')[0]);
  pipeline(clientSocket, upstream, clientSocket, () => {});
});
`,
            },
          ],
        },
      ],
    },
    // An emitter the rule cannot trace: 'connect' with a req-named first parameter.
    {
      code: String.raw`
export function installTunnel(server) {
  server.on('connect', (req, socket) => {
    if (!acl.allows(req.url)) {
      socket.write('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    pipeline(socket, dial(req.url), socket, onTunnelClosed);
  });
}
`,
      errors: [
        {
          messageId: 'unhandledExit',
          line: 6,
          column: 7,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: String.raw`
export function installTunnel(server) {
  server.on('connect', (req, socket) => {
    if (!acl.allows(req.url)) {
      socket.write('HTTP/1.1 403 Forbidden\r\n\r\n');
      socket.destroy();
      return;
    }
    pipeline(socket, dial(req.url), socket, onTunnelClosed);
  });
}
`,
            },
          ],
        },
      ],
    },
    // An emitter the rule cannot trace (app.listen()): 'upgrade' with ≥ 2 parameters.
    {
      code: `
const app = express();
const server = app.listen(3000);
server.on('upgrade', async (req, socket, head) => {
  if (!(await limiter.allow(clientIp(req)))) {
    return;
  }
  wss.handleUpgrade(req, socket, head, onConnection);
});
`,
      errors: [
        {
          messageId: 'unhandledExit',
          line: 6,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
const app = express();
const server = app.listen(3000);
server.on('upgrade', async (req, socket, head) => {
  if (!(await limiter.allow(clientIp(req)))) {
    socket.destroy();
    return;
  }
  wss.handleUpgrade(req, socket, head, onConnection);
});
`,
            },
          ],
        },
      ],
    },
    // switch: the default branch answers 404 and returns.
    {
      code: String.raw`
import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  switch (req.url) {
    case '/chat':
      chatWss.handleUpgrade(req, socket, head, onChat);
      break;
    case '/feed':
      feedWss.handleUpgrade(req, socket, head, onFeed);
      break;
    default:
      socket.write('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
  }
});
`,
      errors: [
        {
          messageId: 'unhandledExit',
          line: 14,
          column: 7,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: String.raw`
import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  switch (req.url) {
    case '/chat':
      chatWss.handleUpgrade(req, socket, head, onChat);
      break;
    case '/feed':
      feedWss.handleUpgrade(req, socket, head, onFeed);
      break;
    default:
      socket.write('HTTP/1.1 404 Not Found\r\n\r\n');
      socket.destroy();
      return;
  }
});
`,
            },
          ],
        },
      ],
    },
    // throw leaves the socket behind.
    {
      code: `
const http = require('node:http');
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  const route = routes.get(req.url);
  if (!route) throw new Error('no route for ' + req.url);
  route.handleUpgrade(req, socket, head, route.onConnection);
});
`,
      errors: [
        {
          messageId: 'unhandledExit',
          line: 6,
          column: 15,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
const http = require('node:http');
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  const route = routes.get(req.url);
  if (!route) { socket.destroy(); throw new Error('no route for ' + req.url); }
  route.handleUpgrade(req, socket, head, route.onConnection);
});
`,
            },
          ],
        },
      ],
    },
    // try/catch: the catch logs and returns.
    {
      code: `
import http from 'node:http';
const server = http.createServer();
server.on('upgrade', async (req, socket, head) => {
  let user;
  try {
    user = await verifyToken(req.headers.authorization);
  } catch (err) {
    logger.warn({ err }, 'upgrade rejected');
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, user));
});
`,
      errors: [
        {
          messageId: 'unhandledExit',
          line: 10,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
import http from 'node:http';
const server = http.createServer();
server.on('upgrade', async (req, socket, head) => {
  let user;
  try {
    user = await verifyToken(req.headers.authorization);
  } catch (err) {
    logger.warn({ err }, 'upgrade rejected');
    socket.destroy();
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, user));
});
`,
            },
          ],
        },
      ],
    },
    // A callback inside the listener is a path of its own.
    {
      code: String.raw`
const http = require('http');
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  authenticate(req, (err, user) => {
    if (err || !user) {
      socket.write('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req, user));
  });
});
`,
      errors: [
        {
          messageId: 'unhandledExit',
          line: 8,
          column: 7,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: String.raw`
const http = require('http');
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  authenticate(req, (err, user) => {
    if (err || !user) {
      socket.write('HTTP/1.1 401 Unauthorized\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req, user));
  });
});
`,
            },
          ],
        },
      ],
    },
    {
      code: `
const http = require('http');
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  lookupSession(req).then((session) => {
    if (!session) return;
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, session));
  });
});
`,
      errors: [
        {
          messageId: 'unhandledRejection',
          line: 5,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestCatch',
              output: `
const http = require('http');
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  lookupSession(req).then((session) => {
    if (!session) return;
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, session));
  }).catch(() => socket.destroy());
});
`,
            },
          ],
        },
        {
          messageId: 'unhandledExit',
          line: 6,
          column: 19,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
const http = require('http');
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  lookupSession(req).then((session) => {
    if (!session) { socket.destroy(); return; }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, session));
  });
});
`,
            },
          ],
        },
      ],
    },
    // A same-file helper the socket is passed to is checked the same way.
    {
      code: String.raw`
const http = require('http');
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  routeUpgrade(req, socket, head);
});
function routeUpgrade(req, socket, head) {
  if (!req.headers['sec-websocket-key']) {
    socket.write('HTTP/1.1 400 Bad Request\r\n\r\n');
    return;
  }
  wss.handleUpgrade(req, socket, head, onConnection);
}
`,
      errors: [
        {
          messageId: 'unhandledExit',
          line: 10,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: String.raw`
const http = require('http');
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  routeUpgrade(req, socket, head);
});
function routeUpgrade(req, socket, head) {
  if (!req.headers['sec-websocket-key']) {
    socket.write('HTTP/1.1 400 Bad Request\r\n\r\n');
    socket.destroy();
    return;
  }
  wss.handleUpgrade(req, socket, head, onConnection);
}
`,
            },
          ],
        },
      ],
    },
    // Handler styles: function declared elsewhere.
    {
      code: String.raw`
const http = require('http');
const server = http.createServer(app);
server.on('upgrade', onUpgrade);
function onUpgrade(req, socket, head) {
  if (!req.headers['sec-websocket-key']) {
    socket.write('HTTP/1.1 400 Bad Request\r\n\r\n');
    return;
  }
  wss.handleUpgrade(req, socket, head, onConnection);
}
`,
      errors: [
        {
          messageId: 'unhandledExit',
          line: 8,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: String.raw`
const http = require('http');
const server = http.createServer(app);
server.on('upgrade', onUpgrade);
function onUpgrade(req, socket, head) {
  if (!req.headers['sec-websocket-key']) {
    socket.write('HTTP/1.1 400 Bad Request\r\n\r\n');
    socket.destroy();
    return;
  }
  wss.handleUpgrade(req, socket, head, onConnection);
}
`,
            },
          ],
        },
      ],
    },
    // Handler styles: `const handler = async (…) => …`, registered on a chained listen().
    {
      code: `
import http from 'node:http';
const handleUpgrade = async (req, socket, head) => {
  const token = new URL(req.url, 'http://localhost').searchParams.get('token');
  const session = await sessions.verify(token);
  if (session === null) return;
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, session));
};
http.createServer(app).listen(8080).on('upgrade', handleUpgrade);
`,
      errors: [
        {
          messageId: 'unhandledExit',
          line: 6,
          column: 25,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
import http from 'node:http';
const handleUpgrade = async (req, socket, head) => {
  const token = new URL(req.url, 'http://localhost').searchParams.get('token');
  const session = await sessions.verify(token);
  if (session === null) { socket.destroy(); return; }
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, session));
};
http.createServer(app).listen(8080).on('upgrade', handleUpgrade);
`,
            },
          ],
        },
      ],
    },
    // Handler styles: `this.onUpgrade`.
    {
      code: `
const http = require('node:http');
class Hub {
  constructor() {
    this.server = http.createServer();
    this.server.on('upgrade', this.onUpgrade);
  }
  onUpgrade(req, socket, head) {
    if (req.url !== '/hub') {
      return;
    }
    hubWss.handleUpgrade(req, socket, head, onClient);
  }
}
`,
      errors: [
        {
          messageId: 'unhandledExit',
          line: 10,
          column: 7,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
const http = require('node:http');
class Hub {
  constructor() {
    this.server = http.createServer();
    this.server.on('upgrade', this.onUpgrade);
  }
  onUpgrade(req, socket, head) {
    if (req.url !== '/hub') {
      socket.destroy();
      return;
    }
    hubWss.handleUpgrade(req, socket, head, onClient);
  }
}
`,
            },
          ],
        },
      ],
    },
    // Handler styles: `this.onUpgrade.bind(this)`, throw after an await.
    {
      code: `
import http from 'http';
export class Gateway {
  constructor() {
    this.server = http.createServer(this.onRequest.bind(this));
    this.server.on('upgrade', this.onUpgrade.bind(this));
  }
  async onUpgrade(req, socket, head) {
    const user = await this.auth.check(req);
    if (!user) throw new Error('unauthorized upgrade');
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onClient(ws, user));
  }
}
`,
      errors: [
        {
          messageId: 'unhandledExit',
          line: 10,
          column: 16,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
import http from 'http';
export class Gateway {
  constructor() {
    this.server = http.createServer(this.onRequest.bind(this));
    this.server.on('upgrade', this.onUpgrade.bind(this));
  }
  async onUpgrade(req, socket, head) {
    const user = await this.auth.check(req);
    if (!user) { socket.destroy(); throw new Error('unauthorized upgrade'); }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onClient(ws, user));
  }
}
`,
            },
          ],
        },
      ],
    },
    // Handler styles: arrow-function class field on an https server's 'connect'.
    {
      code: `
const https = require('https');
class ConnectProxy {
  server = https.createServer(tlsOptions);
  constructor() {
    this.server.on('connect', this.onConnect);
  }
  onConnect = (req, socket, head) => {
    const target = this.routes.get(req.url);
    if (!target) {
      this.stats.rejected++;
      return;
    }
    this.tunnel(target, socket, head);
  };
}
`,
      errors: [
        {
          messageId: 'unhandledExit',
          line: 12,
          column: 7,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
const https = require('https');
class ConnectProxy {
  server = https.createServer(tlsOptions);
  constructor() {
    this.server.on('connect', this.onConnect);
  }
  onConnect = (req, socket, head) => {
    const target = this.routes.get(req.url);
    if (!target) {
      this.stats.rejected++;
      socket.destroy();
      return;
    }
    this.tunnel(target, socket, head);
  };
}
`,
            },
          ],
        },
      ],
    },
    // unnamedSocket: the listener never takes the socket.
    {
      code: `
const http = require('http');
const server = http.createServer(app);
server.on('upgrade', (req) => {
  console.log('upgrade requested for', req.url);
});
`,
      errors: [{ messageId: 'unnamedSocket', line: 4, column: 22 }],
    },
    {
      code: `
import https from 'node:https';
const server = https.createServer(tlsOptions, app);
function onConnect() {
  metrics.increment('proxy.connect');
}
server.on('connect', onConnect);
`,
      errors: [{ messageId: 'unnamedSocket', line: 4, column: 1 }],
    },
    {
      code: `
const { Server } = require('node:http');
const server = new Server();
server.on('connect', function (req) {
  console.warn('CONNECT not supported:', req.url);
});
`,
      errors: [{ messageId: 'unnamedSocket', line: 4, column: 22 }],
    },
    // allowHalfOpen copied from http's settings; the 'end' listener only bookkeeps.
    {
      code: `
const net = require('net');
const serverOptions = { allowHalfOpen: true, noDelay: true, keepAlive: true };
const server = net.createServer(serverOptions, (socket) => {
  socket.on('data', (chunk) => parser.execute(chunk));
  socket.on('end', () => {
    parser.finish();
  });
});
`,
      errors: [
        {
          messageId: 'endWithoutClose',
          line: 6,
          column: 13,
          suggestions: [
            {
              messageId: 'suggestEnd',
              output: `
const net = require('net');
const serverOptions = { allowHalfOpen: true, noDelay: true, keepAlive: true };
const server = net.createServer(serverOptions, (socket) => {
  socket.on('data', (chunk) => parser.execute(chunk));
  socket.on('end', () => {
    socket.end();
    parser.finish();
  });
});
`,
            },
          ],
        },
      ],
    },
    // No 'end' handling at all: require('net').
    {
      code: `
const net = require('net');
net.createServer({ allowHalfOpen: true }, (socket) => {
  socket.on('data', (chunk) => socket.write(chunk));
}).listen(7000);
`,
      errors: [{ messageId: 'missingEndHandling', line: 3, column: 44 }],
    },
    // import { createServer as cs } from 'net'
    {
      code: `
import { createServer as cs } from 'net';
cs({ allowHalfOpen: true }, (socket) => {
  socket.on('data', onData);
  socket.on('end', () => {
    console.log('peer done');
  });
});
`,
      errors: [
        {
          messageId: 'endWithoutClose',
          line: 5,
          column: 13,
          suggestions: [
            {
              messageId: 'suggestEnd',
              output: `
import { createServer as cs } from 'net';
cs({ allowHalfOpen: true }, (socket) => {
  socket.on('data', onData);
  socket.on('end', () => {
    socket.end();
    console.log('peer done');
  });
});
`,
            },
          ],
        },
      ],
    },
    // const { createServer } = require('node:net')
    {
      code: `
const { createServer } = require('node:net');
const server = createServer({ allowHalfOpen: true }, (socket) => {
  socket.on('data', onData);
});
`,
      errors: [{ messageId: 'missingEndHandling', line: 3, column: 55 }],
    },
    // const make = net.createServer, function expressions
    {
      code: `
const net = require('net');
const make = net.createServer;
make({ allowHalfOpen: true }, function (socket) {
  socket.on('data', onData);
  socket.on('end', function () {
    events.emit('peer-ended');
  });
});
`,
      errors: [
        {
          messageId: 'endWithoutClose',
          line: 6,
          column: 13,
          suggestions: [
            {
              messageId: 'suggestEnd',
              output: `
const net = require('net');
const make = net.createServer;
make({ allowHalfOpen: true }, function (socket) {
  socket.on('data', onData);
  socket.on('end', function () {
    socket.end();
    events.emit('peer-ended');
  });
});
`,
            },
          ],
        },
      ],
    },
    // process.getBuiltinModule('node:net')
    {
      code: `
const net = process.getBuiltinModule('node:net');
net.createServer({ allowHalfOpen: true }, (socket) => {
  socket.resume();
});
`,
      errors: [{ messageId: 'missingEndHandling', line: 3, column: 44 }],
    },
    // import * as net from 'node:net', socket taken from the 'connection' event
    {
      code: `
import * as net from 'node:net';
const server = net.createServer({ allowHalfOpen: true });
server.on('connection', (conn) => {
  conn.on('data', (d) => conn.write(d));
});
`,
      errors: [{ messageId: 'missingEndHandling', line: 4, column: 26 }],
    },
    // The 'end' listener is a named function that only logs: no inline body to suggest into.
    {
      code: `
const net = require('net');
function onPeerEnd() {
  console.log('peer finished sending');
}
net.createServer({ allowHalfOpen: true }, (socket) => {
  socket.on('data', onData);
  socket.on('end', onPeerEnd);
});
`,
      errors: [{ messageId: 'endWithoutClose', line: 8, column: 13, suggestions: [] }],
    },
    // A class method reached from the 'end' listener that does not close.
    {
      code: `
import net from 'node:net';
export class LineServer {
  listen(port) {
    net.createServer({ allowHalfOpen: true }, (socket) => {
      this.socket = socket;
      socket.on('data', (chunk) => this.onLine(chunk));
      socket.on('end', () => {
        this.onPeerEnd();
      });
    }).listen(port);
  }
  onPeerEnd() {
    this.events.push('peer-end');
  }
}
`,
      errors: [
        {
          messageId: 'endWithoutClose',
          line: 8,
          column: 17,
          suggestions: [
            {
              messageId: 'suggestEnd',
              output: `
import net from 'node:net';
export class LineServer {
  listen(port) {
    net.createServer({ allowHalfOpen: true }, (socket) => {
      this.socket = socket;
      socket.on('data', (chunk) => this.onLine(chunk));
      socket.on('end', () => {
        socket.end();
        this.onPeerEnd();
      });
    }).listen(port);
  }
  onPeerEnd() {
    this.events.push('peer-end');
  }
}
`,
            },
          ],
        },
      ],
    },
    // TLS server with allowHalfOpen.
    {
      code: `
import tls from 'node:tls';
tls.createServer({ key, cert, allowHalfOpen: true }, (tlsSocket) => {
  tlsSocket.on('data', (d) => handle(d));
  tlsSocket.on('end', () => {
    stats.closed++;
  });
});
`,
      errors: [
        {
          messageId: 'endWithoutClose',
          line: 5,
          column: 16,
          suggestions: [
            {
              messageId: 'suggestEnd',
              output: `
import tls from 'node:tls';
tls.createServer({ key, cert, allowHalfOpen: true }, (tlsSocket) => {
  tlsSocket.on('data', (d) => handle(d));
  tlsSocket.on('end', () => {
    tlsSocket.end();
    stats.closed++;
  });
});
`,
            },
          ],
        },
      ],
    },
    // Clients with allowHalfOpen.
    {
      code: `
import net from 'net';
const sock = new net.Socket({ allowHalfOpen: true });
sock.connect(7000, 'localhost');
sock.on('data', (chunk) => process.stdout.write(chunk));
`,
      errors: [{ messageId: 'missingEndHandling', line: 3, column: 14 }],
    },
    {
      code: `
const net = require('node:net');
const conn = net.connect({ host: 'cache.internal', port: 11211, allowHalfOpen: true });
conn.on('data', onReply);
conn.on('end', () => {
  logger.info('cache closed its side');
});
`,
      errors: [
        {
          messageId: 'endWithoutClose',
          line: 5,
          column: 9,
          suggestions: [
            {
              messageId: 'suggestEnd',
              output: `
const net = require('node:net');
const conn = net.connect({ host: 'cache.internal', port: 11211, allowHalfOpen: true });
conn.on('data', onReply);
conn.on('end', () => {
  conn.end();
  logger.info('cache closed its side');
});
`,
            },
          ],
        },
      ],
    },
    {
      code: `
const tls = require('tls');
const socket = tls.connect({ host: 'example.com', port: 443, servername: 'example.com', allowHalfOpen: true });
socket.on('secureConnect', () => socket.write(request));
socket.on('data', (d) => chunks.push(d));
`,
      errors: [{ messageId: 'missingEndHandling', line: 3, column: 16 }],
    },
    // `await once(socket, 'end')` with nothing closing afterwards.
    {
      code: `
import { once } from 'node:events';
import net from 'node:net';
net.createServer({ allowHalfOpen: true }, async (socket) => {
  socket.on('data', handle);
  await once(socket, 'end');
  log('peer done');
});
`,
      errors: [{ messageId: 'endWithoutClose', line: 6, column: 22, suggestions: [] }],
    },
    // end() alone does not rescue an unread upgrade socket: with input buffered, 'close' never comes.
    {
      code: String.raw`
const http = require('http');
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  if (req.headers.upgrade?.toLowerCase() !== 'websocket') {
    socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    return;
  }
  wss.handleUpgrade(req, socket, head, onConnection);
});
`,
      errors: [
        {
          messageId: 'unhandledExit',
          line: 7,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: String.raw`
const http = require('http');
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  if (req.headers.upgrade?.toLowerCase() !== 'websocket') {
    socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    socket.destroy();
    return;
  }
  wss.handleUpgrade(req, socket, head, onConnection);
});
`,
            },
          ],
        },
      ],
    },
    // A Map/Set delete closes nothing.
    {
      code: `
const http = require('http');
const tracked = new Set();
const server = http.createServer();
server.on('upgrade', async (req, socket, head) => {
  const id = req.headers['x-session'];
  if (!(await sessions.valid(id))) {
    tracked.delete(socket);
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, id));
});
`,
      errors: [
        {
          messageId: 'unhandledExit',
          line: 9,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
const http = require('http');
const tracked = new Set();
const server = http.createServer();
server.on('upgrade', async (req, socket, head) => {
  const id = req.headers['x-session'];
  if (!(await sessions.valid(id))) {
    tracked.delete(socket);
    socket.destroy();
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, id));
});
`,
            },
          ],
        },
      ],
    },
    // A ClientRequest's CONNECT socket that nobody reads, closes or takes.
    {
      code: `
const http = require('node:http');
const req = http.request({ host: 'proxy.local', port: 3128, method: 'CONNECT', path: 'db:5432' });
req.on('connect', (res, socket) => {
  console.log('tunnel status', res.statusCode);
});
req.end();
`,
      errors: [
        {
          messageId: 'unhandledExit',
          line: 6,
          column: 1,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
const http = require('node:http');
const req = http.request({ host: 'proxy.local', port: 3128, method: 'CONNECT', path: 'db:5432' });
req.on('connect', (res, socket) => {
  console.log('tunnel status', res.statusCode);
  socket.destroy();
});
req.end();
`,
            },
          ],
        },
      ],
    },
    // Untraced emitter, response-named first parameter: a client upgrade with an early return.
    {
      code: `
export function handshake(request, expected) {
  request.on('upgrade', (response, socket, head) => {
    if (response.headers['sec-websocket-accept'] !== expected) return;
    onOpen(socket, head);
  });
}
`,
      errors: [
        {
          messageId: 'unhandledExit',
          line: 4,
          column: 64,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
export function handshake(request, expected) {
  request.on('upgrade', (response, socket, head) => {
    if (response.headers['sec-websocket-accept'] !== expected) { socket.destroy(); return; }
    onOpen(socket, head);
  });
}
`,
            },
          ],
        },
      ],
    },
    // Connection listener declared elsewhere.
    {
      code: `
const net = require('node:net');
function onConnection(socket) {
  socket.on('data', (chunk) => parser.push(chunk));
  socket.on('end', () => {
    log.debug('peer half-closed');
  });
}
net.createServer({ allowHalfOpen: true }, onConnection).listen(4000);
`,
      errors: [
        {
          messageId: 'endWithoutClose',
          line: 5,
          column: 13,
          suggestions: [
            {
              messageId: 'suggestEnd',
              output: `
const net = require('node:net');
function onConnection(socket) {
  socket.on('data', (chunk) => parser.push(chunk));
  socket.on('end', () => {
    socket.end();
    log.debug('peer half-closed');
  });
}
net.createServer({ allowHalfOpen: true }, onConnection).listen(4000);
`,
            },
          ],
        },
      ],
    },
    // A tls server's 'secureConnection' socket.
    {
      code: `
const tls = require('node:tls');
const server = tls.createServer({ key, cert, allowHalfOpen: true });
server.on('secureConnection', (tlsSocket) => {
  tlsSocket.on('data', (d) => router.dispatch(d));
});
`,
      errors: [{ messageId: 'missingEndHandling', line: 4, column: 32 }],
    },
    // process.getBuiltinModule('node:http'): the listener takes no socket.
    {
      code: `
const http = process.getBuiltinModule('node:http');
const server = http.createServer(app);
server.on('upgrade', () => {
  metrics.increment('upgrade.ignored');
});
`,
      errors: [{ messageId: 'unnamedSocket', line: 4, column: 22 }],
    },
    // Destructured with a rename, registered with once(), a throw.
    {
      code: `
const { createServer: makeServer } = require('node:http');
const server = makeServer(app);
server.once('upgrade', function (req, socket, head) {
  if (!req.headers.authorization) {
    throw new Error('missing credentials');
  }
  wss.handleUpgrade(req, socket, head, onConnection);
});
`,
      errors: [
        {
          messageId: 'unhandledExit',
          line: 6,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
const { createServer: makeServer } = require('node:http');
const server = makeServer(app);
server.once('upgrade', function (req, socket, head) {
  if (!req.headers.authorization) {
    socket.destroy();
    throw new Error('missing credentials');
  }
  wss.handleUpgrade(req, socket, head, onConnection);
});
`,
            },
          ],
        },
      ],
    },
    // A 'close' listener is not 'end' handling: 'close' never comes while the socket is half-open.
    {
      code: `
import net from 'node:net';
net.createServer({ allowHalfOpen: true }, (socket) => {
  socket.on('data', onData);
  socket.on('close', () => registry.remove(socket.remoteAddress));
});
`,
      errors: [{ messageId: 'missingEndHandling', line: 3, column: 44 }],
    },
    // TypeScript parameters, a lone `else return;`.
    {
      code: `
import http from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
const server = http.createServer();
server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
  if (isWebSocket(req)) wss.handleUpgrade(req, socket, head, onConnection);
  else return;
});
`,
      errors: [
        {
          messageId: 'unhandledExit',
          line: 8,
          column: 8,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
import http from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
const server = http.createServer();
server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
  if (isWebSocket(req)) wss.handleUpgrade(req, socket, head, onConnection);
  else { socket.destroy(); return; }
});
`,
            },
          ],
        },
      ],
    },
    // An expression-bodied listener that only logs.
    {
      code: `
const http = require('http');
http.createServer(app).on('upgrade', (req, socket) => console.log('upgrade', req.url, socket.remoteAddress));
`,
      errors: [{ messageId: 'unhandledExit', line: 3 }],
    },
    // import { createServer as … } from 'http', prependListener('connect'), a bookkeeping once('end').
    {
      code: `
import { createServer as createHttpServer } from 'http';
const server = createHttpServer(app);
server.prependListener('connect', (req, socket) => {
  socket.on('data', (d) => tunnelIn(d));
  socket.once('end', () => {
    tunnels.delete(req.url);
  });
});
`,
      errors: [
        {
          messageId: 'endWithoutClose',
          line: 6,
          column: 15,
          suggestions: [
            {
              messageId: 'suggestEnd',
              output: `
import { createServer as createHttpServer } from 'http';
const server = createHttpServer(app);
server.prependListener('connect', (req, socket) => {
  socket.on('data', (d) => tunnelIn(d));
  socket.once('end', () => {
    socket.end();
    tunnels.delete(req.url);
  });
});
`,
            },
          ],
        },
      ],
    },
    // const makeServer = http.createServer; the listener answers and falls off the end.
    {
      code: `
const http = require('http');
const makeServer = http.createServer;
makeServer().on('upgrade', (req, socket) => {
  socket.write(acceptHeaders(req));
});
`,
      errors: [
        {
          messageId: 'unhandledExit',
          line: 6,
          column: 1,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
const http = require('http');
const makeServer = http.createServer;
makeServer().on('upgrade', (req, socket) => {
  socket.write(acceptHeaders(req));
  socket.destroy();
});
`,
            },
          ],
        },
      ],
    },
    // end() on a reject path that runs before anything reads the socket: reading on another path does not help.
    {
      code: String.raw`
const http = require('http');
const server = http.createServer();
server.on('upgrade', (req, socket) => {
  if (!isValidHandshake(req)) {
    socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    return;
  }
  socket.write(acceptHeaders(req));
  socket.on('data', onFrame);
  socket.on('end', () => socket.end());
});
`,
      errors: [
        {
          messageId: 'unhandledExit',
          line: 7,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: String.raw`
const http = require('http');
const server = http.createServer();
server.on('upgrade', (req, socket) => {
  if (!isValidHandshake(req)) {
    socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    socket.destroy();
    return;
  }
  socket.write(acceptHeaders(req));
  socket.on('data', onFrame);
  socket.on('end', () => socket.end());
});
`,
            },
          ],
        },
      ],
    },
    // A client socket used without a name.
    {
      code: `
const net = require('net');
net.connect({ port: 9000, allowHalfOpen: true }).on('data', (d) => sink.write(d));
`,
      errors: [{ messageId: 'missingEndHandling', line: 3, column: 1 }],
    },
    // allowHalfOpen spread from http settings and then forced on; session.close() is not the socket.
    {
      code: `
import net from 'node:net';
import { httpServerOptions } from './config.js';
net.createServer({ ...httpServerOptions, allowHalfOpen: true }, (socket) => {
  socket.on('data', (chunk) => session.feed(chunk));
  socket.on('end', () => {
    session.close();
  });
});
`,
      errors: [
        {
          messageId: 'endWithoutClose',
          line: 6,
          column: 13,
          suggestions: [
            {
              messageId: 'suggestEnd',
              output: `
import net from 'node:net';
import { httpServerOptions } from './config.js';
net.createServer({ ...httpServerOptions, allowHalfOpen: true }, (socket) => {
  socket.on('data', (chunk) => session.feed(chunk));
  socket.on('end', () => {
    socket.end();
    session.close();
  });
});
`,
            },
          ],
        },
      ],
    },
    // A same-file helper that only forgets the socket.
    {
      code: `
const net = require('net');
const registry = new Set();
function forget(s) {
  registry.delete(s);
}
net.createServer({ allowHalfOpen: true }, (socket) => {
  registry.add(socket);
  socket.on('data', onData);
  socket.on('end', () => {
    forget(socket);
  });
});
`,
      errors: [
        {
          messageId: 'endWithoutClose',
          line: 10,
          column: 13,
          suggestions: [
            {
              messageId: 'suggestEnd',
              output: `
const net = require('net');
const registry = new Set();
function forget(s) {
  registry.delete(s);
}
net.createServer({ allowHalfOpen: true }, (socket) => {
  registry.add(socket);
  socket.on('data', onData);
  socket.on('end', () => {
    socket.end();
    forget(socket);
  });
});
`,
            },
          ],
        },
      ],
    },
    // A chained registration: the suggestion ends the socket, it does not repeat the chain.
    {
      code: `
const net = require('net');
net.createServer({ allowHalfOpen: true }, (socket) => {
  socket.setKeepAlive(true).on('data', onData).on('end', () => {
    stats.ended++;
  });
});
`,
      errors: [
        {
          messageId: 'endWithoutClose',
          line: 4,
          column: 51,
          suggestions: [
            {
              messageId: 'suggestEnd',
              output: `
const net = require('net');
net.createServer({ allowHalfOpen: true }, (socket) => {
  socket.setKeepAlive(true).on('data', onData).on('end', () => {
    socket.end();
    stats.ended++;
  });
});
`,
            },
          ],
        },
      ],
    },
    // allowHalfOpen from a const, in shorthand.
    {
      code: `
const net = require('net');
const allowHalfOpen = true;
net.createServer({ allowHalfOpen }, (socket) => {
  socket.on('data', onData);
});
`,
      errors: [{ messageId: 'missingEndHandling', line: 4, column: 38 }],
    },
    // A session object the file sees every use of: the 'end' listener only forgets it.
    {
      code: `
import net from 'node:net';
export class RelayServer {
  private readonly sessions = new Map();
  private readonly server = net.createServer({ allowHalfOpen: true }, (socket) => this.accept(socket));
  private accept(socket) {
    const session = { id: randomUUID(), socket, state: 'open' };
    this.sessions.set(session.id, session);
    socket.on('data', (chunk) => this.onMessage(session.id, chunk));
    socket.on('end', () => {
      session.state = 'closed';
      this.sessions.delete(session.id);
    });
  }
  send(id, payload) {
    const s = this.sessions.get(id);
    if (!s || s.state !== 'open') return false;
    return s.socket.write(payload);
  }
}
`,
      errors: [
        {
          messageId: 'endWithoutClose',
          line: 10,
          column: 15,
          suggestions: [
            {
              messageId: 'suggestEnd',
              output: `
import net from 'node:net';
export class RelayServer {
  private readonly sessions = new Map();
  private readonly server = net.createServer({ allowHalfOpen: true }, (socket) => this.accept(socket));
  private accept(socket) {
    const session = { id: randomUUID(), socket, state: 'open' };
    this.sessions.set(session.id, session);
    socket.on('data', (chunk) => this.onMessage(session.id, chunk));
    socket.on('end', () => {
      socket.end();
      session.state = 'closed';
      this.sessions.delete(session.id);
    });
  }
  send(id, payload) {
    const s = this.sessions.get(id);
    if (!s || s.state !== 'open') return false;
    return s.socket.write(payload);
  }
}
`,
            },
          ],
        },
      ],
    },
    // A local holder and a module-level map, under another key; no 'end' listener at all.
    {
      code: `
const net = require('net');
const conns = new Map();
net.createServer({ allowHalfOpen: true }, (socket) => {
  const entry = { conn: socket, since: Date.now() };
  conns.set(socket.remotePort, entry);
  socket.on('data', (d) => entry.conn.write(d));
});
`,
      errors: [{ messageId: 'missingEndHandling', line: 4, column: 44 }],
    },
    // A holder that is only read.
    {
      code: `
const net = require('net');
net.createServer({ allowHalfOpen: true }, (socket) => {
  const ctx = { socket, id: nextId() };
  socket.on('data', (d) => handle(ctx.id, d));
});
`,
      errors: [{ messageId: 'missingEndHandling', line: 3, column: 44 }],
    },
  ],
});

// One case for each false positive found by `npm run corpus` on published packages, and the true
// positive it keeps (tunnel-agent#46), reported once although two listeners share the handler.
syntaxTester().run('no-ignored-half-close (corpus regressions)', rule, {
  valid: [
    {
      name: "ws: a return guarded by the owning connection's readyState (ws/lib/websocket.js)",
      code: `
function initAsClient(websocket, req) {
  req.on('upgrade', (res, socket, head) => {
    websocket.emit('upgrade', res);
    if (websocket.readyState !== WebSocket.CONNECTING) return;
    websocket.setSocket(socket, head);
  });
}`,
    },
    {
      name: 'http-proxy-middleware: a helper that only guards errors while the caller goes on with the socket',
      code: `
const http = require('http');
const server = http.createServer();
function guardUpgradeSocket(socket) {
  const onError = (err) => console.error(err);
  socket.on('error', onError);
  return () => socket.off('error', onError);
}
server.on('upgrade', async (req, socket, head) => {
  const release = guardUpgradeSocket(socket);
  await prepare(req);
  release();
  proxy.ws(req, socket, head);
});`,
    },
    {
      name: 'httpxy: a setup helper that returns the socket',
      code: `
import http from 'node:http';
function setupSocket(socket) {
  socket.setTimeout(0);
  socket.setNoDelay(true);
  return socket;
}
http.createServer().on('upgrade', (req, socket, head) => {
  setupSocket(socket);
  proxySocket.pipe(socket).pipe(proxySocket);
});`,
    },
    {
      name: "proxy-chain: the catch path closes the socket through request.socket in a class method",
      code: `
class Server {
  async onConnect(request, socket, head) {
    try {
      const opts = await this.prepare(request);
      direct({ request, sourceSocket: socket, head, opts });
    } catch (error) {
      this.failRequest(request, error);
    }
  }
  failRequest(request, error) {
    this.sendSocketResponse(request.socket, 500, error.message);
  }
  sendSocketResponse(socket, status, message) {
    socket.end(\`HTTP/1.1 \${status} Error\\r\\n\\r\\n\${message}\`);
    socket.destroy();
  }
  listen(server) {
    server.on('connect', this.onConnect.bind(this));
  }
}`,
    },
  ],
  invalid: [
    {
      name: 'tunnel-agent#46: the non-200 CONNECT branch reports and forgets the socket',
      code: `
var http = require('http');
function createSocket(options, cb) {
  var connectReq = http.request({ method: 'CONNECT', path: options.host + ':' + options.port });
  connectReq.once('upgrade', onUpgrade);
  connectReq.once('connect', onConnect);
  connectReq.end();
  function onUpgrade(res, socket, head) {
    process.nextTick(function () {
      onConnect(res, socket, head);
    });
  }
  function onConnect(res, socket, head) {
    socket.removeAllListeners();
    if (res.statusCode === 200) {
      cb(socket);
    } else {
      options.request.emit('error', new Error('tunneling socket could not be established'));
    }
  }
}`,
      errors: [{ messageId: 'unhandledExit', line: 20, column: 3, suggestions: [] }],
    },
  ],
});

// Misses and a false flag from a blind evaluation set written from the shapes, each confirmed with `ss`.
syntaxTester().run('no-ignored-half-close (blind evaluation regressions)', rule, {
  valid: [
    {
      name: 'a half-open client that ends its own side after the query, then reads to the FIN (whois)',
      code: `
import net from 'node:net';
export function query(host, port, command) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    const socket = net.connect({ host, port, allowHalfOpen: true }, () => {
      socket.end(command + '\\r\\n');
    });
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}`,
    },
    {
      name: "a client upgrade that emits the socket to the library's own listeners on success",
      code: `
const https = require('node:https');
const req = https.request({ host, headers: { Connection: 'Upgrade', Upgrade: 'websocket' } });
req.on('upgrade', (res, socket, head) => {
  if (res.headers['sec-websocket-accept'] !== expected) {
    socket.destroy();
    return;
  }
  emitter.emit('open', socket, head);
});`,
    },
    {
      name: "a CONNECT proxy whose upstream 'error' listener destroys the client socket",
      code: `
const http = require('http');
const net = require('net');
http.createServer().on('connect', (req, clientSocket, head) => {
  const upstream = net.connect(443, req.url.split(':')[0]);
  upstream.on('connect', () => {
    clientSocket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
    upstream.pipe(clientSocket);
    clientSocket.pipe(upstream);
  });
  upstream.on('error', () => {
    clientSocket.end('HTTP/1.1 502 Bad Gateway\\r\\n\\r\\n');
  });
});`,
    },
  ],
  invalid: [
    {
      name: "P1: an upgrade socket announced to the app, read, and its 'end' only bookkept",
      code: `
const http = require('http');
const server = http.createServer();
server.on('upgrade', (req, socket) => {
  socket.write('HTTP/1.1 101 Switching Protocols\\r\\n\\r\\n');
  app.emit('joined', socket);
  socket.on('data', onFrame);
  socket.on('end', () => app.emit('gone', socket));
});`,
      errors: [{ messageId: 'endWithoutClose', line: 8, column: 13, suggestions: [] }],
    },
    {
      name: "an allowHalfOpen server in a class field; the socket kept in a Map; 'end' only deletes the entry",
      code: `
import * as net from 'node:net';
export class RelayServer {
  private peers = new Map<string, { id: string; socket: net.Socket }>();
  private server = net.createServer({ allowHalfOpen: true });
  constructor() {
    this.server.on('connection', (socket) => this.accept(socket));
  }
  private accept(socket: net.Socket): void {
    const id = String(socket.remotePort);
    this.peers.set(id, { id, socket });
    socket.on('data', (buf) => this.broadcast(id, buf));
    socket.on('end', () => this.onPeerEnd(id));
  }
  private onPeerEnd(id: string): void {
    this.peers.delete(id);
  }
  private broadcast(from: string, buf: Buffer): void {
    for (const p of this.peers.values()) if (p.id !== from) p.socket.write(buf);
  }
}`,
      errors: [{ messageId: 'endWithoutClose', line: 13, column: 15, suggestions: [] }],
    },
    {
      name: 'an upgrade handed off inside .then() with no rejection handler',
      code: `
import http from 'node:http';
const server = http.createServer(app.callback());
server.on('upgrade', (req, socket, head) => {
  verifyJwt(req.headers['sec-websocket-protocol']).then((claims) => {
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, claims));
  });
});`,
      errors: [
        {
          messageId: 'unhandledRejection',
          line: 5,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestCatch',
              output: `
import http from 'node:http';
const server = http.createServer(app.callback());
server.on('upgrade', (req, socket, head) => {
  verifyJwt(req.headers['sec-websocket-protocol']).then((claims) => {
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, claims));
  }).catch(() => socket.destroy());
});`,
            },
          ],
        },
      ],
    },
    {
      name: "a CONNECT proxy whose upstream 'error' listener writes 502 and leaves the client socket open",
      code: `
const http = require('http');
const net = require('net');
http.createServer().on('connect', (req, clientSocket, head) => {
  const upstream = net.connect(443, req.url.split(':')[0]);
  upstream.on('connect', () => {
    clientSocket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
    upstream.pipe(clientSocket);
    clientSocket.pipe(upstream);
  });
  upstream.on('error', (err) => {
    clientSocket.write('HTTP/1.1 502 Bad Gateway\\r\\n\\r\\n');
  });
});`,
      errors: [
        {
          messageId: 'errorPathLeaks',
          line: 11,
          column: 15,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
const http = require('http');
const net = require('net');
http.createServer().on('connect', (req, clientSocket, head) => {
  const upstream = net.connect(443, req.url.split(':')[0]);
  upstream.on('connect', () => {
    clientSocket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
    upstream.pipe(clientSocket);
    clientSocket.pipe(upstream);
  });
  upstream.on('error', (err) => {
    clientSocket.write('HTTP/1.1 502 Bad Gateway\\r\\n\\r\\n');
    clientSocket.destroy();
  });
});`,
            },
          ],
        },
      ],
    },
  ],
});

// Misses and false flags from a second blind evaluation set and a corpus re-run, each checked on loopback.
syntaxTester().run('no-ignored-half-close (second blind evaluation regressions)', rule, {
  valid: [
    {
      name: "a CONNECT listener bound with extra arguments: bind(this, host, cb) shifts the parameters",
      code: `
import * as http from 'node:http';
import * as tls from 'node:tls';
export class TunnelingAgent {
  createConnection(host: string, cb: (err: Error | null, s?: tls.TLSSocket) => void): void {
    const req = http.request({ method: 'CONNECT', path: \`\${host}:443\` });
    req.once('connect', this.onConnect.bind(this, host, cb));
    req.end();
  }
  private onConnect(host: string, cb: (err: Error | null, s?: tls.TLSSocket) => void, res: http.IncomingMessage, socket: any): void {
    if (res.statusCode !== 200) {
      this.discard(socket);
      cb(new Error(\`proxy refused CONNECT: \${res.statusCode}\`));
      return;
    }
    cb(null, tls.connect({ socket, servername: host }));
  }
  private discard(socket: any): void {
    socket.destroy();
  }
}
`,
    },
    {
      name: "several 'upgrade' listeners on one server: falling through means \"not mine\"",
      code: `
import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  if (req.url === '/chat') chat.handleUpgrade(req, socket, head, (ws) => chat.emit('connection', ws, req));
});
server.on('upgrade', (req, socket, head) => {
  if (req.url === '/feed') feed.handleUpgrade(req, socket, head, (ws) => feed.emit('connection', ws, req));
});
server.on('upgrade', (req, socket) => {
  if (!ROUTES.has(req.url)) socket.destroy();
});
`,
    },
    {
      name: "a class field socket whose 'end' listener destroys it through a method",
      code: `
import { Socket } from 'node:net';
export class TelemetryLink {
  private readonly sock = new Socket({ allowHalfOpen: true });
  constructor() {
    this.sock.on('data', (chunk) => this.onMessage(chunk));
    this.sock.on('end', () => this.teardown());
  }
  private teardown(): void {
    this.sock.destroy();
  }
}
`,
    },
    {
      name: "the socket handed to the first call of a chain whose .catch only silences",
      code: `
import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  proxy.ws(req, socket, options, head).catch(() => {});
});
`,
    },
  ],
  invalid: [
    {
      name: "a half-open client kept in a class field, read, never ended after the peer's FIN (stop() is on demand)",
      code: `
const { Socket } = require('node:net');
class FeedClient {
  constructor(host, port) {
    this.sock = new Socket({ allowHalfOpen: true });
    this.sock.on('data', (chunk) => this.onData(chunk));
    this.sock.on('error', (err) => this.onError(err));
  }
  start() {
    this.sock.connect(this.port, this.host, () => this.sock.write('SUBSCRIBE quotes\\n'));
  }
  stop() {
    this.sock.destroy();
  }
}
`,
      errors: [{ messageId: 'missingEndHandling', line: 5, column: 17, suggestions: [] }],
    },
    {
      name: "a half-open tls server that pipes the socket into a sink: pipe() reads, it ends nothing",
      code: `
const tls = require('tls');
tls.createServer({ key, cert, allowHalfOpen: true }, (socket) => {
  socket.on('error', (err) => console.error(err.code));
  socket.pipe(createSink());
});
`,
      errors: [{ messageId: 'missingEndHandling', line: 3, column: 55, suggestions: [] }],
    },
    {
      name: "readline reads a half-open socket to the FIN and ends nothing",
      code: `
const tls = require('tls');
const readline = require('readline');
tls.createServer({ key, cert, allowHalfOpen: true }, (socket) => {
  const rl = readline.createInterface({ input: socket, crlfDelay: Infinity });
  rl.on('line', (line) => socket.write(answer(line) + '\\r\\n'));
});
`,
      errors: [{ messageId: 'missingEndHandling', line: 4, column: 55, suggestions: [] }],
    },
    {
      name: "an upgrade socket read after a 101, with no 'end' handling (a destroy on the reject branch does not count)",
      code: `
const { createServer } = require('http');
const server = createServer();
server.on('upgrade', (req, socket) => {
  if (req.headers.upgrade !== 'x-raw-upload') {
    socket.destroy();
    return;
  }
  socket.write('HTTP/1.1 101 Switching Protocols\\r\\n\\r\\n');
  socket.on('data', (chunk) => out.write(chunk));
  socket.on('close', () => out.end());
});
`,
      errors: [{ messageId: 'missingEndHandling', line: 4, column: 28, suggestions: [] }],
    },
    {
      name: "a .catch() after the .then() that took the socket only logs",
      code: `
import https from 'node:https';
const server = https.createServer(tlsOptions);
server.on('upgrade', (req, socket, head) => {
  lookupApiKey(req.headers['x-api-key'])
    .then(() => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)))
    .catch((err) => {
      console.error('lookup failed', err.message);
    });
});
`,
      errors: [{ messageId: 'unhandledExit', line: 9, column: 5, suggestions: [{ messageId: 'suggestDestroy', output: `
import https from 'node:https';
const server = https.createServer(tlsOptions);
server.on('upgrade', (req, socket, head) => {
  lookupApiKey(req.headers['x-api-key'])
    .then(() => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)))
    .catch((err) => {
      console.error('lookup failed', err.message);
      socket.destroy();
    });
});
` }] }],
    },
  ],
});

// From a third blind evaluation set (80 files), each leak confirmed with ss.
syntaxTester().run('no-ignored-half-close (third blind evaluation regressions)', rule, {
  valid: [
    {
      name: "a throw inside .then() lands in a .catch() that destroys the socket",
      code: `
const http = require('node:http');
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  lookupApiKey(req.headers['x-api-key'])
    .then((account) => {
      if (!account) throw new Error('unknown key');
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    })
    .catch((err) => {
      console.error('upgrade rejected:', err.message);
      socket.destroy();
    });
});
`,
    },
    {
      name: "a flag guard whose flag is set where a timer destroyed the socket",
      code: `
const http = require('http');
function refuse(socket, status) {
  socket.write(\`HTTP/1.1 \${status} \${http.STATUS_CODES[status]}\\r\\n\\r\\n\`);
  socket.destroy();
}
http.createServer().on('upgrade', (req, socket, head) => {
  let late = false;
  const timer = setTimeout(() => {
    late = true;
    refuse(socket, 408);
  }, 5000);
  authorize(req, (err, allowed) => {
    clearTimeout(timer);
    if (late) return;
    if (err || !allowed) return refuse(socket, 403);
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
});
`,
    },
  ],
  invalid: [
    {
      name: 'an arrow-field handler of a same-file class instance (hub.handleUpgrade); the 429 path returns',
      code: `
import * as https from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
class StreamHub {
  private perIp = new Map<string, number>();
  handleUpgrade = (req: IncomingMessage, socket: Socket, head: Buffer): void => {
    if ((this.perIp.get(socket.remoteAddress ?? '') ?? 0) >= 5) {
      socket.write('HTTP/1.1 429 Too Many Requests\\r\\n\\r\\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, () => {});
  };
}
const hub = new StreamHub();
const server = https.createServer(tlsOptions);
server.on('upgrade', hub.handleUpgrade);
`,
      errors: [
        {
          messageId: 'unhandledExit',
          line: 10,
          column: 7,
          suggestions: [{ messageId: 'suggestDestroy', output: `
import * as https from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
class StreamHub {
  private perIp = new Map<string, number>();
  handleUpgrade = (req: IncomingMessage, socket: Socket, head: Buffer): void => {
    if ((this.perIp.get(socket.remoteAddress ?? '') ?? 0) >= 5) {
      socket.write('HTTP/1.1 429 Too Many Requests\\r\\n\\r\\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, () => {});
  };
}
const hub = new StreamHub();
const server = https.createServer(tlsOptions);
server.on('upgrade', hub.handleUpgrade);
` }],
        },
      ],
    },
    {
      name: "an 'end' listener that ends only when no job is in flight, and nothing ends it when they finish",
      code: `
import { createServer, TLSSocket } from 'node:tls';
const server = createServer({ allowHalfOpen: true, cert, key });
server.on('secureConnection', (socket: TLSSocket) => {
  let inflight = 0;
  socket.on('data', (job: Buffer) => {
    inflight++;
    runJob(job).then((out: string) => {
      inflight--;
      socket.write(out + '\\n');
    });
  });
  socket.on('end', () => {
    if (inflight === 0) socket.end();
  });
});
`,
      errors: [{ messageId: 'endSometimesWithoutClose', line: 13, column: 13 }],
    },
    {
      name: "a handshake timer that answers 408 and leaves the socket open; the late callback's guard then returns",
      code: `
const http = require('http');
http.createServer().on('upgrade', (req, socket, head) => {
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    socket.write('HTTP/1.1 408 Request Timeout\\r\\n\\r\\n');
  }, 5000);
  authorize(req, (err, ok) => {
    clearTimeout(timer);
    if (timedOut) return;
    if (err || !ok) return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
});
`,
      errors: [
        {
          messageId: 'errorPathLeaks',
          line: 5,
          column: 17,
          suggestions: [{ messageId: 'suggestDestroy', output: `
const http = require('http');
http.createServer().on('upgrade', (req, socket, head) => {
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    socket.write('HTTP/1.1 408 Request Timeout\\r\\n\\r\\n');
    socket.destroy();
  }, 5000);
  authorize(req, (err, ok) => {
    clearTimeout(timer);
    if (timedOut) return;
    if (err || !ok) return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
});
` }],
        },
        {
          messageId: 'unhandledExit',
          line: 11,
          column: 19,
          suggestions: [{ messageId: 'suggestDestroy', output: `
const http = require('http');
http.createServer().on('upgrade', (req, socket, head) => {
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    socket.write('HTTP/1.1 408 Request Timeout\\r\\n\\r\\n');
  }, 5000);
  authorize(req, (err, ok) => {
    clearTimeout(timer);
    if (timedOut) { socket.destroy(); return; }
    if (err || !ok) return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
});
` }],
        },
      ],
    },
  ],
});

// From a fourth blind evaluation set: the client socket is taken only inside the upstream's 'connect'
// callback, so the upstream's failure handlers must close it.
syntaxTester().run('no-ignored-half-close (fourth blind evaluation regressions)', rule, {
  valid: [
    {
      name: "an upstream 'close' listener that destroys the client covers every failure path",
      code: `
const http = require('http');
const net = require('net');
http.createServer().on('connect', (req, clientSocket, head) => {
  const upstream = net.connect(443, req.url.split(':')[0]);
  upstream.setTimeout(5000, () => upstream.destroy());
  upstream.once('connect', () => {
    clientSocket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
    upstream.pipe(clientSocket);
    clientSocket.pipe(upstream);
  });
  upstream.on('error', (err) => console.warn(err.message));
  upstream.on('close', () => clientSocket.destroy());
});
`,
    },
  ],
  invalid: [
    {
      name: 'a dial timeout that destroys the upstream without an error: its error listener never runs',
      code: `
import * as http from 'http';
import * as net from 'net';

const proxy = http.createServer();

proxy.on('connect', (req, clientSocket: net.Socket, head: Buffer) => {
  const { port, hostname } = new URL(\`http://\${req.url}\`);
  const upstream = net.connect(Number(port) || 443, hostname);

  upstream.setTimeout(5000, () => {
    console.warn('dial timeout', req.url);
    upstream.destroy();
  });
  upstream.once('connect', () => {
    upstream.setTimeout(0);
    clientSocket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
    upstream.write(head);
    upstream.pipe(clientSocket).on('error', () => upstream.destroy());
    clientSocket.pipe(upstream);
  });
  upstream.on('error', () => clientSocket.destroy());
});

proxy.listen(8118);
`,
      errors: [
        {
          messageId: 'errorPathLeaks',
          line: 11,
          column: 12,
          suggestions: [{ messageId: 'suggestDestroy', output: `
import * as http from 'http';
import * as net from 'net';

const proxy = http.createServer();

proxy.on('connect', (req, clientSocket: net.Socket, head: Buffer) => {
  const { port, hostname } = new URL(\`http://\${req.url}\`);
  const upstream = net.connect(Number(port) || 443, hostname);

  upstream.setTimeout(5000, () => {
    console.warn('dial timeout', req.url);
    upstream.destroy();
    clientSocket.destroy();
  });
  upstream.once('connect', () => {
    upstream.setTimeout(0);
    clientSocket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
    upstream.write(head);
    upstream.pipe(clientSocket).on('error', () => upstream.destroy());
    clientSocket.pipe(upstream);
  });
  upstream.on('error', () => clientSocket.destroy());
});

proxy.listen(8118);
` }],
        },
      ],
    },
    {
      name: "a CONNECT proxy whose upstream 'error' listener only logs",
      code: `
var http = require('http');
var net = require('net');
var server = http.createServer();
server.on('connect', function (req, clientSocket, head) {
  var parts = req.url.split(':');
  var upstream = net.connect(parts[1] || 443, parts[0]);
  upstream.on('connect', function () {
    clientSocket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
    upstream.pipe(clientSocket);
    clientSocket.pipe(upstream);
  });
  upstream.on('error', function (err) {
    console.error('upstream failed for %s: %s', req.url, err.message);
  });
});
`,
      errors: [
        {
          messageId: 'errorPathLeaks',
          line: 13,
          column: 15,
          suggestions: [{ messageId: 'suggestDestroy', output: `
var http = require('http');
var net = require('net');
var server = http.createServer();
server.on('connect', function (req, clientSocket, head) {
  var parts = req.url.split(':');
  var upstream = net.connect(parts[1] || 443, parts[0]);
  upstream.on('connect', function () {
    clientSocket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
    upstream.pipe(clientSocket);
    clientSocket.pipe(upstream);
  });
  upstream.on('error', function (err) {
    console.error('upstream failed for %s: %s', req.url, err.message);
    clientSocket.destroy();
  });
});
` }],
        },
      ],
    },
    {
      name: 'a same-file helper that answers 401 and returns: the later destroy() is on another branch',
      code: `
const http = require('http');
const server = http.createServer();
function reject(socket, code) {
  socket.write(\`HTTP/1.1 \${code} No\\r\\n\\r\\n\`);
}
server.on('upgrade', (req, socket) => {
  if (!req.headers.authorization) {
    reject(socket, 401);
    return;
  }
  socket.destroy();
});
`,
      errors: [
        {
          messageId: 'unhandledExit',
          line: 6,
          column: 1,
          suggestions: [{ messageId: 'suggestDestroy', output: `
const http = require('http');
const server = http.createServer();
function reject(socket, code) {
  socket.write(\`HTTP/1.1 \${code} No\\r\\n\\r\\n\`);
  socket.destroy();
}
server.on('upgrade', (req, socket) => {
  if (!req.headers.authorization) {
    reject(socket, 401);
    return;
  }
  socket.destroy();
});
` }],
        },
      ],
    },
    {
      name: 'the listener calls a method of an instance made in this file',
      code: `
import http from 'node:http';
class Gateway {
  handle(req, socket, head) {
    if (!req.headers.authorization) {
      socket.write('HTTP/1.1 401 Unauthorized\\r\\n\\r\\n');
      return;
    }
    socket.destroy();
  }
}
const gateway = new Gateway();
http.createServer().on('upgrade', (req, socket, head) => gateway.handle(req, socket, head));
`,
      errors: [
        {
          messageId: 'unhandledExit',
          line: 7,
          column: 7,
          suggestions: [{ messageId: 'suggestDestroy', output: `
import http from 'node:http';
class Gateway {
  handle(req, socket, head) {
    if (!req.headers.authorization) {
      socket.write('HTTP/1.1 401 Unauthorized\\r\\n\\r\\n');
      socket.destroy();
      return;
    }
    socket.destroy();
  }
}
const gateway = new Gateway();
http.createServer().on('upgrade', (req, socket, head) => gateway.handle(req, socket, head));
` }],
        },
      ],
    },
    {
      name: 'ES5-style relay with allowHalfOpen: the \'end\' listener only emits an event, the socket is never ended.',
      code: `
var net = require('net');
var util = require('util');
var EventEmitter = require('events').EventEmitter;

function Relay(opts) {
  EventEmitter.call(this);
  this.port = opts.port;
  this.peers = [];
  this.server = net.createServer({ allowHalfOpen: true }, this._onConnection.bind(this));
}
util.inherits(Relay, EventEmitter);

Relay.prototype.listen = function (cb) {
  this.server.listen(this.port, cb);
};

Relay.prototype._onConnection = function (sock) {
  var self = this;
  self.peers.push(sock);
  sock.setEncoding('utf8');
  sock.on('data', function (line) {
    self.emit('line', sock.remoteAddress, line);
  });
  sock.on('end', function () {
    self.emit('peer-done', sock.remoteAddress);
  });
  sock.on('close', function () {
    self.peers.splice(self.peers.indexOf(sock), 1);
  });
};

module.exports = Relay;
`,
      errors: [
        { messageId: 'endWithoutClose', line: 25, column: 11, suggestions: [{ messageId: 'suggestEnd', output: `
var net = require('net');
var util = require('util');
var EventEmitter = require('events').EventEmitter;

function Relay(opts) {
  EventEmitter.call(this);
  this.port = opts.port;
  this.peers = [];
  this.server = net.createServer({ allowHalfOpen: true }, this._onConnection.bind(this));
}
util.inherits(Relay, EventEmitter);

Relay.prototype.listen = function (cb) {
  this.server.listen(this.port, cb);
};

Relay.prototype._onConnection = function (sock) {
  var self = this;
  self.peers.push(sock);
  sock.setEncoding('utf8');
  sock.on('data', function (line) {
    self.emit('line', sock.remoteAddress, line);
  });
  sock.on('end', function () {
    sock.end();
    self.emit('peer-done', sock.remoteAddress);
  });
  sock.on('close', function () {
    self.peers.splice(self.peers.indexOf(sock), 1);
  });
};

module.exports = Relay;
` }] },
      ],
    },
    {
      name: 'an injected half-open net.Socket is read but nobody handles its \'end\'; after the peer\'s FIN it stays in CLOSE_WAIT.',
      code: `
import * as net from 'node:net';

export class ReplicaStream {
  #sock;
  #offset = 0;
  #onRecord;

  constructor(sock, onRecord) {
    this.#sock = sock;
    this.#onRecord = onRecord;
    this.#sock.on('data', (buf) => this.#consume(buf));
    this.#sock.on('error', (err) => console.error('replica stream error', err));
  }

  #consume(buf) {
    let at = 0;
    while (at + 4 <= buf.length) {
      const len = buf.readUInt32BE(at);
      this.#onRecord(buf.subarray(at + 4, at + 4 + len), this.#offset++);
      at += 4 + len;
    }
  }

  ack(offset) {
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(BigInt(offset));
    this.#sock.write(b);
  }
}

export function followPrimary(host, port, onRecord) {
  const sock = new net.Socket({ allowHalfOpen: true });
  sock.connect(port, host);
  return new ReplicaStream(sock, onRecord);
}
`,
      errors: [
        { messageId: 'missingEndHandling', line: 33, column: 16 },
      ],
    },
  ],
});
