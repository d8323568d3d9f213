import rule from '../../src/rules/require-timeout-destroy.js';
import { syntaxTester } from '../rule-tester.js';

// Cases follow shape P3 of LEAK-PATTERNS.md (mongodb-core#114, proxy-chain#362, got#394, node-influx#494,
// follow-redirects#107): a 'timeout' only notifies, so a handler that logs, rejects or calls back leaves
// the connection open. Node facts behind the server cases: lib/_http_server.js socketOnTimeout (a
// listener on the server, request or response replaces core's destroy; keep-alive is a socket timeout too).

syntaxTester().run('require-timeout-destroy', rule, {
  valid: [
    {
      name: "'timeout' re-emitted by a client class whose close() destroys the socket",
      code: `
import tls from 'node:tls';
import { EventEmitter } from 'node:events';
export class GatewayClient extends EventEmitter {
  constructor(host, port) {
    super();
    this.socket = tls.connect({ host, port, servername: host });
    this.socket.on('data', (d) => this.emit('message', d));
    this.socket.setTimeout(15_000, () => this.emit('timeout'));
  }
  close() {
    this.socket.destroy();
  }
}
`,
    },
    {
      name: "'timeout' re-emitted by a class with a base class that may close it",
      code: `
import tls from 'node:tls';
import { BaseClient } from './base.js';
export class GatewayClient extends BaseClient {
  constructor(host, port) {
    super();
    this.socket = tls.connect({ host, port, servername: host });
    this.socket.setTimeout(15_000, () => this.emit('timeout'));
  }
}
`,
    },
    // The Node docs' own example: log, then end().
    `
const net = require('net');
const socket = net.connect(6379, 'cache.internal');
socket.setTimeout(3000);
socket.on('timeout', () => {
  console.log('socket timeout');
  socket.end();
});
`,
    `
import net from 'node:net';
const conn = net.createConnection({ port: 5432, host: 'db' });
conn.setTimeout(30_000, () => conn.destroy(new Error('idle for 30 s')));
`,
    // A handler declared further down, as a named function.
    `
import { connect } from 'node:net';
const client = connect(25, 'mx.example.com');
client.setTimeout(10000);
client.on('timeout', onTimeout);
function onTimeout() {
  client.write('QUIT\\r\\n');
  client.end();
}
`,
    // `this` in a `function` handler is the object that timed out.
    `
const https = require('https');
const req = https.get('https://api.example.com/health', (res) => res.resume());
req.setTimeout(5000, function () {
  this.destroy(new Error('health check timed out'));
});
`,
    `
const net = require('node:net');
const sock = net.connect({ port: 9000 });
sock.setTimeout(1000);
sock.once('timeout', sock.destroy);
`,
    `
const net = require('net');
const sock = new net.Socket();
sock.connect(9000, 'localhost');
sock.setTimeout(1000, sock.end.bind(sock));
`,
    // ClientRequest#abort() is deprecated, but it still destroys the request's socket.
    `
var http = require('http');
var req = http.request({ host: 'legacy.internal', path: '/soap', method: 'POST' });
req.on('timeout', function () {
  req.abort();
});
req.setTimeout(15000);
req.end(body);
`,
    `
import net from 'node:net';
const s = net.connect(80, 'example.com');
s.setTimeout(2000, () => s.resetAndDestroy());
`,
    // Destroyed through a same-file helper that takes the socket.
    `
const net = require('net');
function closeQuietly(s, reason) {
  log.debug('closing', reason);
  s.destroy();
}
const upstream = net.connect(6379);
upstream.setTimeout(60000, () => closeQuietly(upstream, 'idle'));
`,
    // Destroyed through a closure of the same file.
    `
import net from 'node:net';
export function probe(port, host) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, host);
    const fail = (err) => {
      socket.destroy();
      reject(err);
    };
    socket.setTimeout(2000, () => fail(new Error('probe timed out')));
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', fail);
  });
}
`,
    // Passed to code the file cannot see: that code owns the teardown.
    `
import net from 'node:net';
import { evict } from './pool.js';
const conn = net.connect(11211);
conn.setTimeout(30000, () => evict(conn));
`,
    `
import net from 'node:net';
import { onIdle } from './idle.js';
const conn = net.connect(11211);
conn.setTimeout(30000);
conn.on('timeout', onIdle);
`,
    // A class that keeps the socket in a field and destroys it in a method.
    `
const net = require('net');
class RedisClient {
  connect() {
    this.socket = net.connect(6379);
    this.socket.setTimeout(10000);
    this.socket.on('timeout', this.onTimeout.bind(this));
  }
  onTimeout() {
    this.emit('warning', 'idle');
    this.socket.destroy();
  }
}
`,
    `
import net from 'node:net';
import { EventEmitter } from 'node:events';
export class Connection extends EventEmitter {
  open() {
    this.socket = net.connect(this.port, this.host);
    this.socket.setTimeout(this.idleMs, () => this.close());
  }
  close() {
    this.socket.end();
    this.emit('close');
  }
}
`,
    // A socket subclass that destroys itself, through an override calling super.destroy().
    `
import { Socket } from 'node:net';
export class IdleSocket extends Socket {
  constructor(ms) {
    super();
    this.setTimeout(ms);
    this.on('timeout', () => this.destroy(new Error('idle')));
  }
  destroy(err) {
    this.cleanup();
    return super.destroy(err);
  }
}
`,
    // Re-emitted to the wrapper's own listeners, as ClientRequest does with its socket's timeout; they
    // close it with the wrapper's destroy().
    `
const net = require('net');
const { EventEmitter } = require('events');
class Client extends EventEmitter {
  connect(cfg) {
    const sock = net.connect(cfg.port, cfg.host);
    this.sock = sock;
    sock.setTimeout(cfg.timeout);
    sock.on('timeout', () => {
      this.emit('timeout');
    });
  }
  destroy() {
    this.sock?.destroy();
  }
}
`,
    // The wrapper the socket was given to closes it.
    `
import net from 'node:net';
import { Connection } from './connection.js';
const socket = net.connect(5672);
const conn = new Connection(socket);
socket.setTimeout(60_000, () => conn.close());
`,
    // The request wrapper of the request library: `self.abort()` aborts `self.req`.
    `
var http = require('http');
function Request(options) {
  var self = this;
  self.req = http.request(options);
  self.req.setTimeout(options.timeout, function () {
    if (self.req) {
      self.abort();
      self.emit('error', new Error('ETIMEDOUT'));
    }
  });
}
`,
    // Destroyed on some paths: the rule asks for a destroy, not one on every path.
    `
const net = require('net');
const s = net.connect(7000);
s.setTimeout(5000);
s.on('timeout', () => {
  if (s.pending) return;
  s.destroy();
});
`,
    // One listener logs, another destroys: the socket is destroyed.
    `
import net from 'node:net';
const s = net.connect(7000);
s.setTimeout(5000);
s.on('timeout', () => metrics.increment('socket.timeout'));
s.on('timeout', () => s.destroy());
`,
    // A timeout that emits 'error' on the socket, whose 'error' listener destroys it.
    `
const net = require('net');
function dial(port, cb) {
  const socket = net.connect(port);
  socket.setTimeout(3000, () => socket.emit('error', new Error('ETIMEDOUT')));
  socket.on('error', (err) => {
    socket.destroy();
    cb(err);
  });
}
`,
    `
import net from 'node:net';
const s = net.connect(7000);
s.setTimeout(0);
`,
    // A connect timeout whose 'timeout' listener destroys; disabled once connected.
    `
const { createConnection } = require('node:net');
const conn = createConnection({ port: 5432, host: 'db', timeout: 3000 });
conn.on('timeout', () => conn.destroy(new Error('connect timeout')));
conn.on('connect', () => conn.setTimeout(0));
`,
    `
const tls = require('tls');
const socket = tls.connect({ host: 'smtp.example.com', port: 465, timeout: 10000 }, () => {
  socket.write('EHLO me\\r\\n');
});
socket.on('data', onReply);
socket.on('timeout', () => socket.end());
`,
    `
const { connect: dial } = require('node:tls');
const s = dial(443, 'example.com');
s.setTimeout(20000, () => s.end());
`,
    `
const net = process.getBuiltinModule('node:net');
const s = net.connect(6379);
s.setTimeout(15000, () => s.destroy());
`,
    // Handed to code the file cannot see, which may listen for the timeout.
    `
import net from 'node:net';
import { attach } from './protocol.js';
net.createServer((socket) => {
  socket.setTimeout(120000);
  attach(socket);
}).listen(7000);
`,
    `
const net = require('net');
const server = net.createServer((socket) => {
  socket.setTimeout(60000);
  socket.on('timeout', () => socket.end('bye\\n'));
  socket.pipe(socket);
});
server.listen(7000);
`,
    // The socket's 'timeout' listener is installed by a same-file helper.
    `
const net = require('net');
function armIdleTimeout(sock, ms) {
  sock.setTimeout(ms);
  sock.on('timeout', () => sock.destroy());
}
net.createServer((sock) => {
  armIdleTimeout(sock, 30000);
  sock.on('data', (d) => sock.write(d));
}).listen(7001);
`,
    `
import http from 'node:http';
export function ping(url, timeoutMs) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy(new Error(\`no answer within \${timeoutMs} ms\`)));
    req.on('error', reject);
  });
}
`,
    `
const https = require('https');
function post(options, body) {
  return new Promise((resolve, reject) => {
    const req = https.request({ ...options, method: 'POST', timeout: 10000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks)));
    });
    req.on('timeout', () => {
      req.destroy();
      reject(new Error('Request timed out'));
    });
    req.on('error', reject);
    req.end(body);
  });
}
`,
    `
import { request } from 'node:https';
const req = request('https://example.com', { timeout: 2500 }).on('timeout', function () {
  this.destroy();
});
req.end();
`,
    // The request's own timeout listener is chained onto the call that made it.
    `
const http = require('http');
const req = http.get({ host: 'example.com', timeout: 1000 }).on('timeout', () => req.destroy());
`,
    `
import http from 'node:http';
const req = http.request('http://backend/jobs', { method: 'PUT' });
req.setTimeout(20000);
req.on('timeout', () => req.destroy());
req.end();
`,
    // The AbortController whose signal the request carries aborts it.
    `
import http from 'node:http';
const controller = new AbortController();
const req = http.get('http://backend/stream', { signal: controller.signal, timeout: 5000 });
req.on('timeout', () => controller.abort());
req.on('error', () => {});
`,
    // Its socket's timeout, handled on the request that owns it.
    `
const http = require('http');
const req = http.request({ host: 'example.com' });
req.on('socket', (socket) => {
  socket.setTimeout(2000);
  socket.on('timeout', () => req.destroy());
});
req.end();
`,
    `
const http = require('http');
const req = http.get('http://example.com/');
req.socket?.setTimeout(2000, () => req.socket.destroy());
`,
    `
import http from 'node:http';
http.get({ host: 'example.com', timeout: 0 }, (res) => res.resume());
`,
    // The request is returned: the caller adds its listeners.
    `
import https from 'node:https';
export function open(url) {
  return https.request(url, { timeout: 30000 });
}
`,
    `
const https = require('node:https');
const get = https.get;
const req = get('https://example.com', { timeout: 4000 });
req.once('timeout', () => req.destroy());
`,
    // No callback: core still destroys timed-out sockets.
    `
import http from 'node:http';
const server = http.createServer(app);
server.setTimeout(120000);
server.keepAliveTimeout = 65000;
server.timeout = 30000;
server.listen(3000);
`,
    `
import http from 'node:http';
const server = http.createServer(handler);
server.on('timeout', (socket) => {
  log.warn('idle connection from %s', socket.remoteAddress);
  socket.destroy();
});
`,
    `
const http = require('http');
const server = http.createServer(handler);
server.setTimeout(5000, (socket) => {
  socket.end('HTTP/1.1 408 Request Timeout\\r\\nConnection: close\\r\\n\\r\\n');
});
`,
    `
import { createServer } from 'node:https';
const server = createServer({ key, cert }, handler).listen(443);
server.setTimeout(30000, onTimeout);
function onTimeout(socket) {
  socket.destroy();
}
`,
    `
import http2 from 'node:http2';
const server = http2.createSecureServer({ key, cert });
server.setTimeout(10000, (session) => session.close());
`,
    // Server-side req/res timeouts without a callback: core still destroys.
    `
const http = require('http');
http.createServer((req, res) => {
  req.setTimeout(10000);
  res.setTimeout(10000);
  handle(req, res);
}).listen(8080);
`,
    `
import http from 'node:http';
http.createServer((req, res) => {
  res.setTimeout(5000, () => {
    res.statusCode = 503;
    res.end('timed out');
  });
  work(req).then((body) => res.end(body));
});
`,
    `
const http = require('http');
const server = http.createServer();
server.on('request', (request, response) => {
  request.setTimeout(30000, (socket) => socket.destroy());
});
`,
    // Express: the response is sent on timeout, or the error goes to the error handler.
    `
app.use((req, res, next) => {
  req.setTimeout(5000, () => {
    res.status(503).json({ error: 'timeout' });
  });
  next();
});
app.get('/report', (req, res, next) => {
  res.setTimeout(60000, () => next(new Error('report timed out')));
  buildReport(req.query).then((r) => res.json(r), next);
});
`,
    // An http server's own socket: core's listener destroys it, whatever else listens.
    `
import http from 'node:http';
const server = http.createServer((req, res) => {
  req.socket.setTimeout(30000, () => log('idle socket'));
  res.end('ok');
});
server.on('connection', (socket) => {
  socket.setTimeout(60000);
  socket.on('timeout', () => metrics.increment('idle'));
});
`,
    // Timeouts Node enforces itself, and options of other clients.
    `
import http from 'node:http';
import axios from 'axios';
const server = http.createServer({ requestTimeout: 30000, headersTimeout: 10000 }, handler);
server.headersTimeout = 5000;
const agent = new http.Agent({ keepAlive: true, timeout: 60000 });
http.get('http://example.com', { agent, signal: AbortSignal.timeout(5000) }, (res) => res.resume());
axios.get('http://example.com', { timeout: 5000 });
`,
    // A handler passed in by the caller: that code may well destroy the socket.
    `
export function arm(socket, ms, onIdle) {
  socket.setTimeout(ms, onIdle);
}
`,
    `
const net = require('net');
const make = net.createConnection;
const c = make({ port: 11211, timeout: 500 });
c.on('timeout', () => c.destroy());
`,
    // A private teardown the file cannot see, named like one after its underscore.
    `
const net = require('net');
class Conn extends Base {
  open() {
    this.socket = net.connect(this.port);
    this.socket.setTimeout(1000, () => this._teardown());
  }
}
`,
    // ws's shape: a same-file helper aborts the handshake request.
    `
import http from 'node:http';
function abortHandshake(ws, req, message) {
  ws.readyState = 'CLOSING';
  req.destroy();
  ws.emit('error', new Error(message));
}
export function open(ws, url, opts) {
  const req = http.get(url, { timeout: opts.handshakeTimeout });
  req.on('timeout', () => {
    abortHandshake(ws, req, 'Opening handshake has timed out');
  });
}
`,
    // Named like sockets, made by code that is not Node's: an app's own class, an npm client.
    `
import { EventEmitter } from 'node:events';
import mysql from 'mysql2';
class GameSocket extends EventEmitter {}
const socket = new GameSocket();
socket.on('timeout', () => console.log('player idle'));
const connection = mysql.createConnection({ host: 'db' });
connection.on('timeout', () => console.log('query timed out'));
`,
    `
setTimeout(() => socket.destroy(), 5000);
const timer = setTimeout(function () { console.log('tick'); }, 1000);
globalThis.setTimeout(() => {}, 10);
window.setTimeout(render, 16);
`,
    `
const timers = require('timers');
timers.setTimeout(flush, 100);
scheduler.setTimeout(() => poll(), 250);
`,
    // 'timeout' events of emitters that are no sockets.
    `
queue.on('timeout', (job) => console.log('job %s timed out', job.id));
watchdog.once('timeout', () => restart());
worker.on('timeout', onWorkerTimeout);
`,
    // Shadowed names: none of these is Node's net or http.
    `
export function start(net) {
  const s = net.connect({ port: 1, timeout: 1000 });
  s.write('x');
}
`,
    `
import http from './http-client.js';
http.get({ url: '/x', timeout: 1000 }, () => {});
`,
    `
jest.setTimeout(30000);
mocha.setTimeout(5000);
`,
    // The socket of a pool's entry, closed in the handler: itself, through its owner, or handed off.
    `
class Pool {
  release(conn) {
    conn.socket.setTimeout(this.idleMs, () => {
      this.idle = this.idle.filter((c) => c !== conn);
      conn.socket.destroy();
    });
    client.socket.setTimeout(5000, () => client.destroy());
    this.conn.socket.on('timeout', () => this.conn.close());
  }
}
`,
    `
import { evict } from './pool.js';
export function arm(entry) {
  entry.socket.setTimeout(5000, () => evict(entry));
}
`,
    // The socket of what may be an http server's request or response: core's listener destroys it.
    `
app.use((ctx, next) => {
  ctx.req.socket.setTimeout(30000, () => log('idle'));
  incomingReq.socket.on('timeout', () => log('idle'));
  return next();
});
`,
    // A `connection` nothing times: another library's emitter (mongoose's), not a socket.
    `
db.connection.on('timeout', () => log('database idle'));
`,
  ],
  invalid: [
    {
      name: "'timeout' re-emitted by a client class that offers no way to close the socket",
      code: `
import tls from 'node:tls';
import { EventEmitter } from 'node:events';
export class GatewayClient extends EventEmitter {
  constructor(host, port) {
    super();
    this.socket = tls.connect({ host, port, servername: host });
    this.socket.on('data', (d) => this.emit('message', d));
    this.socket.setTimeout(15_000, () => {
      this.emit('timeout');
    });
  }
  send(msg) {
    this.socket.write(JSON.stringify(msg));
  }
}
`,
      errors: [
        {
          messageId: 'noDestroy',
          line: 9,
          column: 17,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
import tls from 'node:tls';
import { EventEmitter } from 'node:events';
export class GatewayClient extends EventEmitter {
  constructor(host, port) {
    super();
    this.socket = tls.connect({ host, port, servername: host });
    this.socket.on('data', (d) => this.emit('message', d));
    this.socket.setTimeout(15_000, () => {
      this.emit('timeout');
      this.socket.destroy();
    });
  }
  send(msg) {
    this.socket.write(JSON.stringify(msg));
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      name: "P3: the idle timeout is logged, and the socket stays open.",
      code: `
const net = require('net');
const socket = net.connect(6379, 'cache.internal');
socket.setTimeout(30000);
socket.on('timeout', () => console.log('idle'));
`,
      errors: [
        {
          messageId: 'noDestroy',
          line: 5,
          column: 11,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
const net = require('net');
const socket = net.connect(6379, 'cache.internal');
socket.setTimeout(30000);
socket.on('timeout', () => { console.log('idle'); socket.destroy(); });
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import net from 'node:net';
const socket = net.connect(6379, 'cache.internal');
socket.setTimeout(30000);
socket.on('timeout', () => {
  logger.warn('socket idle, reconnecting');
  reconnect();
});
`,
      errors: [
        {
          messageId: 'noDestroy',
          line: 5,
          column: 11,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
import net from 'node:net';
const socket = net.connect(6379, 'cache.internal');
socket.setTimeout(30000);
socket.on('timeout', () => {
  logger.warn('socket idle, reconnecting');
  reconnect();
  socket.destroy();
});
`,
            },
          ],
        },
      ],
    },
    {
      name: "node-influx#494: the 'timeout' listener rejects; the request keeps its socket.",
      code: `
import http from 'node:http';
export function ping(url, timeoutMs) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => reject(new Error(\`no answer within \${timeoutMs} ms\`)));
    req.on('error', reject);
  });
}
`,
      errors: [
        {
          messageId: 'noDestroy',
          line: 9,
          column: 12,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
import http from 'node:http';
export function ping(url, timeoutMs) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => { reject(new Error(\`no answer within \${timeoutMs} ms\`)); req.destroy(); });
    req.on('error', reject);
  });
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
const https = require('https');
function fetchJson(url) {
  return new Promise((resolve, reject) => {
    const req = https.get(url, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve(JSON.parse(body)));
    });
    req.setTimeout(5000, () => {
      reject(new Error('timeout'));
    });
    req.on('error', reject);
  });
}
`,
      errors: [
        {
          messageId: 'noDestroy',
          line: 10,
          column: 9,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
const https = require('https');
function fetchJson(url) {
  return new Promise((resolve, reject) => {
    const req = https.get(url, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve(JSON.parse(body)));
    });
    req.setTimeout(5000, () => {
      reject(new Error('timeout'));
      req.destroy();
    });
    req.on('error', reject);
  });
}
`,
            },
          ],
        },
      ],
    },
    {
      name: "`reject` itself as the handler.",
      code: `
const http = require('http');
const status = (host) =>
  new Promise((resolve, reject) => {
    const req = http.get({ host, path: '/status' }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.setTimeout(2000, reject);
  });
`,
      errors: [
        {
          messageId: 'noDestroy',
          line: 9,
          column: 9,
        },
      ],
    },
    {
      name: "A callback with an error is not a destroy (got#394, follow-redirects#107).",
      code: `
import https from 'node:https';
export function download(url, callback) {
  const req = https.get(url, (res) => callback(null, res));
  req.on('timeout', () => callback(new Error('ETIMEDOUT')));
  req.setTimeout(30000);
  req.on('error', callback);
}
`,
      errors: [
        {
          messageId: 'noDestroy',
          line: 5,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
import https from 'node:https';
export function download(url, callback) {
  const req = https.get(url, (res) => callback(null, res));
  req.on('timeout', () => { callback(new Error('ETIMEDOUT')); req.destroy(); });
  req.setTimeout(30000);
  req.on('error', callback);
}
`,
            },
          ],
        },
      ],
    },
    {
      name: "Emitting 'error' on the request destroys nothing when its 'error' listener only reports.",
      code: `
const http = require('http');
function call(options, done) {
  const req = http.request(options);
  req.setTimeout(options.timeout, () => req.emit('error', new Error('timeout')));
  req.on('error', (err) => done(err));
  req.end();
}
`,
      errors: [
        {
          messageId: 'noDestroy',
          line: 5,
          column: 7,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
const http = require('http');
function call(options, done) {
  const req = http.request(options);
  req.setTimeout(options.timeout, () => { req.emit('error', new Error('timeout')); req.destroy(); });
  req.on('error', (err) => done(err));
  req.end();
}
`,
            },
          ],
        },
      ],
    },
    {
      name: "`http.request({ timeout })` with no 'timeout' listener at all: the timeout fires into the void.",
      code: `
const http = require('http');
const req = http.request({ host: 'backend', path: '/jobs', method: 'POST', timeout: 5000 }, onResponse);
req.on('error', onError);
req.end(payload);
`,
      errors: [
        {
          messageId: 'noListener',
          line: 3,
          column: 76,
          suggestions: [
            {
              messageId: 'suggestListener',
              output: `
const http = require('http');
const req = http.request({ host: 'backend', path: '/jobs', method: 'POST', timeout: 5000 }, onResponse);
req.on('timeout', () => req.destroy());
req.on('error', onError);
req.end(payload);
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import http from 'node:http';
http.get({ host: 'example.com', timeout: 1000 }, (res) => res.resume()).on('error', () => {});
`,
      errors: [
        {
          messageId: 'noListener',
          line: 3,
          column: 33,
        },
      ],
    },
    {
      code: `
import * as https from 'node:https';
const options = { hostname: 'api.example.com', path: '/v1/items', timeout: 8000 };
export const listItems = (cb) => {
  const req = https.request(options, cb);
  req.end();
};
`,
      errors: [
        {
          messageId: 'noListener',
          line: 3,
          column: 67,
          suggestions: [
            {
              messageId: 'suggestListener',
              output: `
import * as https from 'node:https';
const options = { hostname: 'api.example.com', path: '/v1/items', timeout: 8000 };
export const listItems = (cb) => {
  const req = https.request(options, cb);
  req.on('timeout', () => req.destroy());
  req.end();
};
`,
            },
          ],
        },
      ],
    },
    {
      code: `
const http = require('node:http');
const req = http.request('http://backend/upload', { method: 'PUT' });
req.setTimeout(60000);
req.on('error', console.error);
req.end(data);
`,
      errors: [
        {
          messageId: 'noListener',
          line: 4,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestListener',
              output: `
const http = require('node:http');
const req = http.request('http://backend/upload', { method: 'PUT' });
req.setTimeout(60000, () => req.destroy());
req.on('error', console.error);
req.end(data);
`,
            },
          ],
        },
      ],
    },
    {
      code: `
const http = process.getBuiltinModule('http');
let req;
req = http.get('http://example.com');
req.setTimeout(1000);
`,
      errors: [
        {
          messageId: 'noListener',
          line: 5,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestListener',
              output: `
const http = process.getBuiltinModule('http');
let req;
req = http.get('http://example.com');
req.setTimeout(1000, () => req.destroy());
`,
            },
          ],
        },
      ],
    },
    {
      name: "A net server that arms an idle timeout and never handles it.",
      code: `
const net = require('net');
net.createServer((socket) => {
  socket.setTimeout(60000);
  socket.on('data', (d) => socket.write(d));
}).listen(7000);
`,
      errors: [
        {
          messageId: 'noListener',
          line: 4,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestListener',
              output: `
const net = require('net');
net.createServer((socket) => {
  socket.setTimeout(60000, () => socket.destroy());
  socket.on('data', (d) => socket.write(d));
}).listen(7000);
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { createServer } from 'node:net';
const server = createServer();
server.on('connection', (conn) => {
  conn.setEncoding('utf8');
  conn.setTimeout(120_000);
  conn.on('data', onLine);
});
`,
      errors: [
        {
          messageId: 'noListener',
          line: 6,
          column: 8,
          suggestions: [
            {
              messageId: 'suggestListener',
              output: `
import { createServer } from 'node:net';
const server = createServer();
server.on('connection', (conn) => {
  conn.setEncoding('utf8');
  conn.setTimeout(120_000, () => conn.destroy());
  conn.on('data', onLine);
});
`,
            },
          ],
        },
      ],
    },
    {
      code: `
const net = require('net');
const socket = net.connect({ port: 2049, host: 'nfs', timeout: 3000 });
socket.on('connect', () => socket.write(hello));
`,
      errors: [
        {
          messageId: 'noListener',
          line: 3,
          column: 55,
          suggestions: [
            {
              messageId: 'suggestListener',
              output: `
const net = require('net');
const socket = net.connect({ port: 2049, host: 'nfs', timeout: 3000 });
socket.on('timeout', () => socket.destroy());
socket.on('connect', () => socket.write(hello));
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { connect } from 'node:tls';
const socket = connect({ host: 'smtp.example.com', port: 465, timeout: 10000 });
socket.on('timeout', () => {
  console.error('smtp timeout');
});
`,
      errors: [
        {
          messageId: 'noDestroy',
          line: 4,
          column: 11,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
import { connect } from 'node:tls';
const socket = connect({ host: 'smtp.example.com', port: 465, timeout: 10000 });
socket.on('timeout', () => {
  console.error('smtp timeout');
  socket.destroy();
});
`,
            },
          ],
        },
      ],
    },
    {
      name: "A pool that \"discards\" a timed-out connection without destroying it.",
      code: `
const idle = new Set();
function release(sock) {
  idle.add(sock);
  sock.setTimeout(30000, () => {
    idle.delete(sock);
  });
}
`,
      errors: [
        {
          messageId: 'noDestroy',
          line: 5,
          column: 8,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
const idle = new Set();
function release(sock) {
  idle.add(sock);
  sock.setTimeout(30000, () => {
    idle.delete(sock);
    sock.destroy();
  });
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import net from 'node:net';
let timedOut = false;
const s = net.connect(8125, 'statsd');
s.setTimeout(1000);
s.on('timeout', () => {
  timedOut = true;
});
`,
      errors: [
        {
          messageId: 'noDestroy',
          line: 6,
          column: 6,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
import net from 'node:net';
let timedOut = false;
const s = net.connect(8125, 'statsd');
s.setTimeout(1000);
s.on('timeout', () => {
  timedOut = true;
  s.destroy();
});
`,
            },
          ],
        },
      ],
    },
    {
      name: "Forgotten by a registry of live sockets, and left open.",
      code: `
import net from 'node:net';
const sockets = new Map();
net.createServer((socket) => {
  const id = crypto.randomUUID();
  sockets.set(id, socket);
  socket.setTimeout(60000, () => sockets.delete(id));
  socket.on('data', (d) => socket.write(d));
}).listen(7000);
`,
      errors: [
        {
          messageId: 'noDestroy',
          line: 7,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
import net from 'node:net';
const sockets = new Map();
net.createServer((socket) => {
  const id = crypto.randomUUID();
  sockets.set(id, socket);
  socket.setTimeout(60000, () => { sockets.delete(id); socket.destroy(); });
  socket.on('data', (d) => socket.write(d));
}).listen(7000);
`,
            },
          ],
        },
      ],
    },
    {
      name: "A named handler elsewhere in the file that only logs: no suggestion (its scope may not see the socket).",
      code: `
const net = require('net');
const conn = net.connect(6379);
conn.setTimeout(10000);
conn.on('timeout', onTimeout);
function onTimeout() {
  logger.warn('redis idle');
}
`,
      errors: [
        {
          messageId: 'noDestroy',
          line: 5,
          column: 9,
        },
      ],
    },
    {
      name: "'timeout' re-emitted by a wrapper whose listeners cannot reach the socket it keeps to itself",
      code: `
const net = require('net');
const { EventEmitter } = require('events');
class Client extends EventEmitter {
  connect(cfg) {
    const sock = net.connect(cfg.port, cfg.host);
    sock.setTimeout(cfg.timeout);
    sock.on('timeout', () => {
      this.emit('timeout');
    });
  }
}
`,
      errors: [
        {
          messageId: 'noDestroy',
          line: 8,
          column: 13,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
const net = require('net');
const { EventEmitter } = require('events');
class Client extends EventEmitter {
  connect(cfg) {
    const sock = net.connect(cfg.port, cfg.host);
    sock.setTimeout(cfg.timeout);
    sock.on('timeout', () => {
      this.emit('timeout');
      sock.destroy();
    });
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      name: "A wrapper that turns the timeout into an 'error' event of its own and keeps the socket.",
      code: `
const net = require('net');
const EventEmitter = require('events');
class Client extends EventEmitter {
  connect() {
    this.socket = net.connect(6379);
    this.socket.setTimeout(10000);
    this.socket.on('timeout', () => this.emit('error', new Error('timeout')));
  }
}
`,
      errors: [
        {
          messageId: 'noDestroy',
          line: 8,
          column: 20,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
const net = require('net');
const EventEmitter = require('events');
class Client extends EventEmitter {
  connect() {
    this.socket = net.connect(6379);
    this.socket.setTimeout(10000);
    this.socket.on('timeout', () => { this.emit('error', new Error('timeout')); this.socket.destroy(); });
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import net from 'node:net';
export class Tunnel {
  constructor(host, port) {
    this.upstream = net.connect(port, host);
    this.upstream.setTimeout(30000, this.onIdle.bind(this));
  }
  onIdle() {
    this.idle = true;
    this.emit('idle');
  }
}
`,
      errors: [
        {
          messageId: 'noDestroy',
          line: 6,
          column: 19,
        },
      ],
    },
    {
      name: "A CONNECT tunnel whose upstream idles forever.",
      code: `
import http from 'node:http';
import net from 'node:net';
const proxy = http.createServer();
proxy.on('connect', (req, client, head) => {
  const [host, port] = req.url.split(':');
  const upstream = net.connect(Number(port), host, () => {
    client.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
    upstream.write(head);
    upstream.pipe(client).pipe(upstream);
  });
  upstream.setTimeout(60000, () => console.warn('tunnel to %s idle', req.url));
  upstream.on('error', () => client.destroy());
  client.on('error', () => upstream.destroy());
});
`,
      errors: [
        {
          messageId: 'noDestroy',
          line: 12,
          column: 12,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
import http from 'node:http';
import net from 'node:net';
const proxy = http.createServer();
proxy.on('connect', (req, client, head) => {
  const [host, port] = req.url.split(':');
  const upstream = net.connect(Number(port), host, () => {
    client.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
    upstream.write(head);
    upstream.pipe(client).pipe(upstream);
  });
  upstream.setTimeout(60000, () => { console.warn('tunnel to %s idle', req.url); upstream.destroy(); });
  upstream.on('error', () => client.destroy());
  client.on('error', () => upstream.destroy());
});
`,
            },
          ],
        },
      ],
    },
    {
      name: "An upgrade socket: the http server removed its own 'timeout' listener when it handed it over.",
      code: `
const http = require('http');
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  socket.setTimeout(30000);
  socket.on('timeout', () => console.log('ws idle'));
  socket.on('data', onFrame);
  socket.on('end', () => socket.end());
});
`,
      errors: [
        {
          messageId: 'noDestroy',
          line: 6,
          column: 13,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
const http = require('http');
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  socket.setTimeout(30000);
  socket.on('timeout', () => { console.log('ws idle'); socket.destroy(); });
  socket.on('data', onFrame);
  socket.on('end', () => socket.end());
});
`,
            },
          ],
        },
      ],
    },
    {
      name: "An http server's 'timeout' listener replaces core's destroy, also for keep-alive sockets.",
      code: `
import http from 'node:http';
const server = http.createServer(app);
server.setTimeout(30000, (socket) => {
  console.warn('request timed out from %s', socket.remoteAddress);
});
server.listen(8080);
`,
      errors: [
        {
          messageId: 'replacesDefault',
          line: 4,
          column: 8,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
import http from 'node:http';
const server = http.createServer(app);
server.setTimeout(30000, (socket) => {
  console.warn('request timed out from %s', socket.remoteAddress);
  socket.destroy();
});
server.listen(8080);
`,
            },
          ],
        },
      ],
    },
    {
      code: `
const http = require('http');
const server = http.createServer(handler);
server.on('timeout', () => metrics.increment('http.timeout'));
`,
      errors: [
        {
          messageId: 'socketNotTaken',
          line: 4,
          column: 11,
        },
      ],
    },
    {
      code: `
const express = require('express');
const app = express();
const server = app.listen(3000);
server.on('timeout', (socket) => logger.info({ remote: socket.remoteAddress }, 'timeout'));
`,
      errors: [
        {
          messageId: 'replacesDefault',
          line: 5,
          column: 11,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
const express = require('express');
const app = express();
const server = app.listen(3000);
server.on('timeout', (socket) => { logger.info({ remote: socket.remoteAddress }, 'timeout'); socket.destroy(); });
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import http2 from 'node:http2';
const server = http2.createServer();
server.on('timeout', (session) => {
  log('session idle', session.originSet);
});
`,
      errors: [
        {
          messageId: 'replacesDefault',
          line: 4,
          column: 11,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
import http2 from 'node:http2';
const server = http2.createServer();
server.on('timeout', (session) => {
  log('session idle', session.originSet);
  session.destroy();
});
`,
            },
          ],
        },
      ],
    },
    {
      name: "A server-side request timeout with a callback also replaces core’s destroy.",
      code: `
const http = require('http');
http.createServer((req, res) => {
  req.setTimeout(10000, () => {
    console.warn('slow client', req.url);
  });
  handle(req, res);
}).listen(8080);
`,
      errors: [
        {
          messageId: 'replacesDefault',
          line: 4,
          column: 7,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
const http = require('http');
http.createServer((req, res) => {
  req.setTimeout(10000, () => {
    console.warn('slow client', req.url);
    req.destroy();
  });
  handle(req, res);
}).listen(8080);
`,
            },
          ],
        },
      ],
    },
    {
      code: `
app.use((req, res, next) => {
  res.setTimeout(10000, () => {
    logger.warn({ url: req.originalUrl }, 'request is slow');
  });
  next();
});
`,
      errors: [
        {
          messageId: 'replacesDefault',
          line: 3,
          column: 7,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
app.use((req, res, next) => {
  res.setTimeout(10000, () => {
    logger.warn({ url: req.originalUrl }, 'request is slow');
    res.destroy();
  });
  next();
});
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import http2 from 'node:http2';
const session = http2.connect('https://api.example.com');
session.setTimeout(60000, () => {
  console.log('session idle');
});
`,
      errors: [
        {
          messageId: 'noDestroy',
          line: 4,
          column: 9,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
import http2 from 'node:http2';
const session = http2.connect('https://api.example.com');
session.setTimeout(60000, () => {
  console.log('session idle');
  session.destroy();
});
`,
            },
          ],
        },
      ],
    },
    {
      name: "A class extending Socket that only marks itself idle.",
      code: `
import { Socket } from 'node:net';
export class Conn extends Socket {
  constructor() {
    super();
    this.setTimeout(5000);
    this.on('timeout', () => {
      this.idle = true;
    });
  }
}
`,
      errors: [
        {
          messageId: 'noDestroy',
          line: 7,
          column: 13,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
import { Socket } from 'node:net';
export class Conn extends Socket {
  constructor() {
    super();
    this.setTimeout(5000);
    this.on('timeout', () => {
      this.idle = true;
      this.destroy();
    });
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      name: "A class of the file that extends net.Socket makes sockets.",
      code: `
import net from 'node:net';
class RawSocket extends net.Socket {}
const raw = new RawSocket();
raw.setTimeout(5000);
raw.on('timeout', () => console.log('raw idle'));
`,
      errors: [
        {
          messageId: 'noDestroy',
          line: 6,
          column: 8,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
import net from 'node:net';
class RawSocket extends net.Socket {}
const raw = new RawSocket();
raw.setTimeout(5000);
raw.on('timeout', () => { console.log('raw idle'); raw.destroy(); });
`,
            },
          ],
        },
      ],
    },
    {
      name: "TypeScript: the socket behind a non-null assertion and a type assertion.",
      code: `
import net from 'node:net';
class Pinger {
  private sock?: net.Socket;
  start(): void {
    this.sock = net.connect(7);
    this.sock!.setTimeout(1000);
    (this.sock as net.Socket).on('timeout', () => {
      this.missed++;
    });
  }
}
`,
      errors: [
        {
          messageId: 'noDestroy',
          line: 8,
          column: 34,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
import net from 'node:net';
class Pinger {
  private sock?: net.Socket;
  start(): void {
    this.sock = net.connect(7);
    this.sock!.setTimeout(1000);
    (this.sock as net.Socket).on('timeout', () => {
      this.missed++;
      this.sock.destroy();
    });
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
const { request: send } = require('node:http');
const req = send({ host: 'backend', timeout: 5000 });
req.end();
`,
      errors: [
        {
          messageId: 'noListener',
          line: 3,
          column: 37,
          suggestions: [
            {
              messageId: 'suggestListener',
              output: `
const { request: send } = require('node:http');
const req = send({ host: 'backend', timeout: 5000 });
req.on('timeout', () => req.destroy());
req.end();
`,
            },
          ],
        },
      ],
    },
    {
      code: `
const net = require('net');
const dial = net.connect;
const s = dial({ port: 6379, timeout: 2000 });
s.on('data', onReply);
`,
      errors: [
        {
          messageId: 'noListener',
          line: 4,
          column: 30,
          suggestions: [
            {
              messageId: 'suggestListener',
              output: `
const net = require('net');
const dial = net.connect;
const s = dial({ port: 6379, timeout: 2000 });
s.on('timeout', () => s.destroy());
s.on('data', onReply);
`,
            },
          ],
        },
      ],
    },
    {
      code: `
export async function head(url) {
  const https = await import('node:https');
  const req = https.request(url, { method: 'HEAD', timeout: 3000 });
  req.end();
}
`,
      errors: [
        {
          messageId: 'noListener',
          line: 4,
          column: 52,
          suggestions: [
            {
              messageId: 'suggestListener',
              output: `
export async function head(url) {
  const https = await import('node:https');
  const req = https.request(url, { method: 'HEAD', timeout: 3000 });
  req.on('timeout', () => req.destroy());
  req.end();
}
`,
            },
          ],
        },
      ],
    },
    {
      name: "P3: a pool drops its entry when the entry's socket idles out, and the socket stays open.",
      code: `
class ConnectionPool {
  release(conn) {
    conn.socket.setTimeout(this.idleTimeoutMs, () => {
      this.idle = this.idle.filter((c) => c !== conn);
    });
    this.idle.push(conn);
  }
}
`,
      errors: [
        {
          messageId: 'noDestroy',
          line: 4,
          column: 17,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
class ConnectionPool {
  release(conn) {
    conn.socket.setTimeout(this.idleTimeoutMs, () => {
      this.idle = this.idle.filter((c) => c !== conn);
      conn.socket.destroy();
    });
    this.idle.push(conn);
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
function watch(client) {
  client.socket.on('timeout', () => client.emit('idle'));
}
class Session {
  start() {
    this.conn.socket.setTimeout(5000, () => log('idle'));
    entry.connection.setTimeout(5000, () => log('idle'));
  }
}
`,
      errors: [
        {
          messageId: 'noDestroy',
          line: 3,
          column: 20,
          suggestions: [{ messageId: 'suggestDestroy', output: `
function watch(client) {
  client.socket.on('timeout', () => { client.emit('idle'); client.socket.destroy(); });
}
class Session {
  start() {
    this.conn.socket.setTimeout(5000, () => log('idle'));
    entry.connection.setTimeout(5000, () => log('idle'));
  }
}
` }],
        },
        {
          messageId: 'noDestroy',
          line: 7,
          column: 22,
          suggestions: [{ messageId: 'suggestDestroy', output: `
function watch(client) {
  client.socket.on('timeout', () => client.emit('idle'));
}
class Session {
  start() {
    this.conn.socket.setTimeout(5000, () => { log('idle'); this.conn.socket.destroy(); });
    entry.connection.setTimeout(5000, () => log('idle'));
  }
}
` }],
        },
        {
          messageId: 'noDestroy',
          line: 8,
          column: 22,
          suggestions: [{ messageId: 'suggestDestroy', output: `
function watch(client) {
  client.socket.on('timeout', () => client.emit('idle'));
}
class Session {
  start() {
    this.conn.socket.setTimeout(5000, () => log('idle'));
    entry.connection.setTimeout(5000, () => { log('idle'); entry.connection.destroy(); });
  }
}
` }],
        },
      ],
    },
  ],
});

// Shapes from the npm corpus (`npm run corpus`) that were once reported: each a regression case.
syntaxTester().run('require-timeout-destroy (corpus regressions)', rule, {
  valid: [
    // node-zookeeper-client: the handler queues a PING through a method and arms the timeout again with itself.
    `
var net = require('net');
function ConnectionManager(port) {
  var self = this;
  this.socket = net.connect(port);
  this.socket.on('data', function (b) { self.onData(b); });
  this.socket.on('connect', function () {
    self.socket.setTimeout(self.pingTimeout, self.onSocketTimeout.bind(self));
  });
}
ConnectionManager.prototype.onSocketTimeout = function () {
  if (this.socket && this.connected) {
    this.queue({ type: 'ping' });
    this.socket.setTimeout(this.pingTimeout, this.onSocketTimeout.bind(this));
  }
};
module.exports = ConnectionManager;
`,
    // papi (a dependency of consul): its own deadline timer emits 'timeout' and aborts the request.
    `
const http = require('http');

module.exports = function request(opts, timeout, next) {
  let done = false;
  let timeoutId;
  const req = http.request(opts);
  req.on('error', (err) => {
    if (done) return;
    done = true;
    if (timeoutId) clearTimeout(timeoutId);
    next(err);
  });
  timeoutId = setTimeout(() => {
    req.emit('timeout');
    req.abort();
  }, timeout);
  req.setTimeout(timeout);
  req.on('timeout', () => req.emit('error', new Error('request timed out')));
  req.on('response', (res) => { res.resume(); res.on('end', () => { done = true; clearTimeout(timeoutId); next(null, res); }); });
  req.end();
};
`,
    // node-zookeeper-client: the idle timeout is the heartbeat; the handler writes a PING and re-arms.
    `
const net = require('net');

function ConnectionManager(host, port, sessionTimeout) {
  this.pingTimeout = Math.floor(sessionTimeout / 3);
  this.socket = net.connect(port, host);
  this.socket.on('data', (b) => this.onData(b));
  this.socket.on('error', () => this.socket.destroy());
  this.socket.on('close', () => this.reconnect());
}

ConnectionManager.prototype.onSocketTimeout = function () {
  if (this.socket) {
    this.socket.write(Buffer.from([0, 0, 0, 8, 0xff, 0xff, 0xff, 0xfe]));
    this.socket.setTimeout(this.pingTimeout, this.onSocketTimeout.bind(this));
  }
};

ConnectionManager.prototype.close = function () { this.socket.destroy(); };

module.exports = ConnectionManager;
`,
    // A private field: the handler destroys this.#sock, the socket that timed out.
    `
import net from 'node:net';
import { EventEmitter } from 'node:events';
export class Device extends EventEmitter {
  #sock;
  constructor(host, port, idleMs) {
    super();
    this.#sock = net.connect(port, host);
    this.#sock.on('data', (d) => this.emit('frame', d));
    this.#sock.setTimeout(idleMs, () => {
      this.emit('idle');
      this.#sock.destroy(new Error('device idle'));
    });
  }
}
`,
    // primus: tick-tock's named timer, setTimeout(name, fn, ms), is not an idle timeout.
    `
function Client() { this.timers = new TickTock(this); }
Client.prototype.heartbeat = function () {
  this.timers.setTimeout('heartbeat', function expired() { this.emit('offline'); }, 30000);
};
`,
    // jackpot: a sibling 'timeout' listener added by a prototype method (this.listen(conn)) destroys the socket
    `
const net = require('net');

function Pool() { this.pool = []; }
Pool.prototype.listen = function listen(conn) {
  function regenerate() {
    conn.destroySoon();
    conn.removeListener('timeout', regenerate);
  }
  conn.once('timeout', regenerate);
};

Pool.prototype.allocate = function allocate(fn) {
  function timeout() {
    this.removeListener('timeout', timeout);
    fn(new Error('Timed out while trying to establish connection'));
  }
  const connection = net.connect(11211, '127.0.0.1');
  connection.setTimeout(1000);
  this.listen(connection);
  connection.on('timeout', timeout);
};
`,
    // memcached: a function handler hands its `this`, the timed-out socket, to a pool's remove()
    `
const net = require('net');
const Jackpot = require('jackpot');

const manager = new Jackpot(10);
manager.factory(function factory() {
  const Manager = this;
  const idleTimeout = function () {
    Manager.remove(this);
  };
  const S = new net.Socket();
  S.on('data', (chunk) => S.emit('reply', chunk));
  S.on('connect', function streamConnect() {
    this.setTimeout(5000, idleTimeout);
  });
  S.connect(11211, '127.0.0.1');
  return S;
});
module.exports = manager;
`,
    // memjs: a function handler passes `this` to a same-file function that ends it when a request is overdue
    `
const timeoutHandler = function (server, sock) {
  if (server.requestTimeouts.length === 0) return void (server.timeoutSet = false);
  if (server.requestTimeouts[0] <= Date.now()) {
    sock.end();
    server._socket = undefined;
  } else {
    sock.setTimeout(server.requestTimeouts[0] - Date.now(), function () { timeoutHandler(server, sock); });
  }
};

function Server(socket) { this.socket = socket; this.requestTimeouts = []; this.timeoutSet = false; }
Server.prototype.write = function (blob) {
  const self = this;
  const s = this.socket;
  s.write(blob);
  self.requestTimeouts.push(Date.now() + 500);
  if (!self.timeoutSet) {
    self.timeoutSet = true;
    s.setTimeout(500, function () { timeoutHandler(self, this); });
  }
};
`,
    // twitter-api-v2: a debug hook hands `{ socket }` to the user's callback
    `
const https = require('https');

class RequestHandler {
  constructor(requestData) { this.requestData = requestData; }

  registerRequestEventDebugHandlers(req) {
    req.on('close', () => this.requestData.requestEventDebugHandler('close'));
    req.on('socket', (socket) => {
      this.requestData.requestEventDebugHandler('socket', { socket });
      socket.on('end', () => this.requestData.requestEventDebugHandler('socket-end', { socket }));
      socket.on('timeout', () => this.requestData.requestEventDebugHandler('socket-timeout', { socket }));
    });
  }

  makeRequest() {
    const req = https.request(this.requestData.options);
    if (this.requestData.requestEventDebugHandler) this.registerRequestEventDebugHandlers(req);
    req.end();
    return req;
  }
}
module.exports = RequestHandler;
`,
    // twitter-api-v2: `const req = this.req`, and the bound handler destroys this.req
    `
const https = require('https');

class RequestHandler {
  constructor(options) { this.options = options; }

  timeoutErrorHandler() {
    this.requestErrorHandled = true;
    this.req.destroy(new Error('Request timeout.'));
  }

  makeRequest() {
    this.req = https.request({ ...this.options, timeout: 5000 });
    return new Promise((resolve, reject) => {
      const req = this.req;
      req.on('error', reject);
      req.on('response', resolve);
      req.on('timeout', this.timeoutErrorHandler.bind(this));
      req.end();
    });
  }
}
module.exports = RequestHandler;
`,
    // ssh2's Client: 'timeout' re-emitted; the socket is also this._sock, which the class's destroy() closes.
    `
const { Socket } = require('net');
const { EventEmitter } = require('events');
class Client extends EventEmitter {
  connect(cfg) {
    const sock = this._sock = (cfg.sock || new Socket());
    sock.on('timeout', () => {
      this.emit('timeout');
    });
    sock.connect(cfg.port, cfg.host);
  }
  destroy() {
    this._sock && this._sock.destroy();
    return this;
  }
}
module.exports = Client;
`,
    // cassandra-driver: the handler calls a method through `self` that destroys the socket when told to
    `
const net = require('net');

class Connection {
  open(callback) {
    const self = this;
    this.netClient = new net.Socket();
    this.netClient.connect(9042, 'db.local', () => self.startup(callback));
    this.netClient.once('timeout', function connectTimedOut() {
      self.errorConnecting(new Error('Connection timeout'), true, callback);
    });
    this.netClient.setTimeout(5000);
  }

  errorConnecting(err, destroy, callback) {
    if (destroy) {
      this.netClient.destroy();
    }
    callback(err);
  }
}
module.exports = Connection;
`,
    // smtp-server: the timed-out socket is a parameter defaulting to this._socket, closed by a chain of methods
    `
class SMTPConnection {
  constructor(socket) {
    this._socket = socket;
    this._armTimeout();
  }
  _armTimeout(socket = this._socket) {
    socket.setTimeout(60000, () => this._onTimeout());
  }
  _onTimeout() {
    if (this._closing) {
      this._socket.destroy();
      return;
    }
    if (this._handlerPending) {
      this._armTimeout();
      return;
    }
    this.send(421, 'Timeout - closing connection');
  }
  send(code, text) {
    this._socket.write(\`\${code} \${text}\\r\\n\`);
    if (code === 421) this.close();
  }
  close() {
    this._closing = true;
    this._socket.end();
  }
}
module.exports = SMTPConnection;
`,
    // @smithy/node-http-handler's shape: an http2 session kept behind a reference object, destroyed through it.
    `
import http2 from 'node:http2';
class SessionRef {
  constructor(session) { this.session = session; }
  deref() { return this.session; }
  destroy() { this.session.destroy(); }
}
const ref = new SessionRef(http2.connect('https://api.example.com'));
const session = ref.deref();
session.setTimeout(300000, () => ref.destroy());
`,
    // undici's shape: a `function` handler that names `this` and aborts the state kept on it.
    `
const kState = Symbol('state');
function onStreamTimeout() {
  const stream = this;
  const state = stream[kState];
  if (state == null) return;
  state.abort(new Error('stream timeout'));
}
export function watch(stream, ms) {
  stream.setTimeout(ms, onStreamTimeout);
}
`,
    // mongodb's shape: the timeout rejects, and the catch where the promise is awaited destroys the socket.
    `
import net from 'node:net';
export async function makeSocket(options) {
  const socket = net.createConnection(options);
  socket.setTimeout(options.connectTimeoutMS);
  const connected = new Promise((resolve, reject) => {
    socket
      .once('connect', () => resolve(socket))
      .once('error', reject)
      .once('timeout', () => reject(new Error('connect timed out')));
  });
  try {
    await connected;
    socket.setTimeout(0);
    return socket;
  } catch (error) {
    socket.destroy();
    throw error;
  }
}
`,
    // fastify's shape: the socket of a request object the file cannot place may be an http server's own.
    `
function handleTimeout() {
  const { context, request, reply } = this._meta;
  runOnTimeoutHooks(context.onTimeout, request, reply);
}
export function armRouteTimeout(request, reply, context) {
  if (!request.raw.socket._meta) {
    request.raw.socket.on('timeout', handleTimeout);
  }
  request.raw.socket._meta = { context, request, reply };
}
`,
  ],
  invalid: [
    {
      name: "a function handler that only logs its `this`",
      code: `
const net = require('net');
const s = net.connect(80, 'example.com');
s.on('data', () => {});
s.setTimeout(1000, function () {
  console.log('idle', this);
});
`,
      errors: [
        {
          messageId: 'noDestroy',
          line: 5,
          column: 3,
          suggestions: [{ messageId: 'suggestDestroy', output: `
const net = require('net');
const s = net.connect(80, 'example.com');
s.on('data', () => {});
s.setTimeout(1000, function () {
  console.log('idle', this);
  this.destroy();
});
` }],
        },
      ],
    },
    {
      name: "a function handler that passes its `this` to a same-file function that closes nothing",
      code: `
const net = require('net');
function note(stats, sock) {
  stats.idle.push(sock.remoteAddress);
}
const s = net.connect(80, 'example.com');
s.on('data', () => {});
s.setTimeout(1000, function () {
  note(stats, this);
});
`,
      errors: [
        {
          messageId: 'noDestroy',
          line: 8,
          column: 3,
          suggestions: [{ messageId: 'suggestDestroy', output: `
const net = require('net');
function note(stats, sock) {
  stats.idle.push(sock.remoteAddress);
}
const s = net.connect(80, 'example.com');
s.on('data', () => {});
s.setTimeout(1000, function () {
  note(stats, this);
  this.destroy();
});
` }],
        },
      ],
    },
    {
      name: 'ES5 client; the \'timeout\' listener is a prototype method that only flags and re-emits, never destroying the socket.',
      code: `
var net = require('net');
var inherits = require('util').inherits;
var EventEmitter = require('events');

function QueueClient(opts) {
  EventEmitter.call(this);
  this._timedOut = false;
  this._socket = net.connect(opts.port, opts.host);
  this._socket.setTimeout(opts.timeout || 20000);
  this._socket.on('timeout', this._onTimeout.bind(this));
  this._socket.on('data', this._onData.bind(this));
  this._socket.on('error', this.emit.bind(this, 'error'));
}
inherits(QueueClient, EventEmitter);

QueueClient.prototype._onTimeout = function () {
  this._timedOut = true;
  this.emit('timeout');
};

QueueClient.prototype._onData = function (buf) {
  this._timedOut = false;
  this.emit('job', JSON.parse(buf.toString()));
};

QueueClient.prototype.ack = function (id) {
  this._socket.write('ACK ' + id + '\\n');
};

module.exports = QueueClient;
`,
      errors: [
        { messageId: 'noDestroy', line: 11, column: 19 },
      ],
    },
  ],
});
