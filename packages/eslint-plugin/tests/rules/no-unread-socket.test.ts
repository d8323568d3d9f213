import rule from '../../src/rules/no-unread-socket.js';
import { syntaxTester } from '../rule-tester.js';

// Since Node 10 'end' is emitted only once every buffered byte has been read (nodejs/node#19241): a
// socket nobody reads never sees the peer's FIN and sits in CLOSE_WAIT (LEAK-PATTERNS shape P2).
// Code is kept flush left so that `line`/`column` can be read straight off the template literal.

syntaxTester().run('no-unread-socket', rule, {
  valid: [
    // --- Echo servers and other readers -------------------------------------------------------
    {
      name: 'echo server: socket.pipe(socket) (require)',
      code: `
const net = require('net');
net.createServer((socket) => {
  socket.pipe(socket);
}).listen(7);
`,
    },
    {
      name: 'stream.pipeline from node:stream with a callback (namespace import)',
      code: `
import * as net from 'node:net';
import { pipeline } from 'node:stream';
import { createGzip } from 'node:zlib';
net.createServer((conn) => {
  pipeline(conn, createGzip(), conn, (err) => {
    if (err) console.error(err);
  });
});
`,
    },
    {
      name: 'pipeline from stream/promises in an async handler with try/catch',
      code: `
import net from 'net';
import { pipeline } from 'stream/promises';
net.createServer(async (socket) => {
  try {
    await pipeline(socket, new LineSplitter(), socket);
  } catch (err) {
    log.warn(err);
  }
});
`,
    },
    {
      name: 'stream.pipeline through the required namespace: an upload receiver',
      code: `
const stream = require('stream');
const net = require('net');
const fs = require('fs');
net.createServer((socket) => {
  stream.pipeline(socket, fs.createWriteStream('upload-' + Date.now()), (err) => {
    if (err) console.error('upload failed', err);
  });
});
`,
    },
    {
      name: 'for await over the socket, destroyed in finally',
      code: `
const net = require('node:net');
net.createServer(async (socket) => {
  try {
    for await (const chunk of socket) {
      await handleCommand(chunk.toString());
    }
  } finally {
    socket.destroy();
  }
});
`,
    },
    {
      name: "'data' listener through a setEncoding() chain, next to an 'end' listener",
      code: `
import { createServer } from 'node:net';
createServer((socket) => {
  socket.setEncoding('utf8').on('data', (line) => broadcast(line));
  socket.on('end', () => console.log('bye'));
}).listen(4000);
`,
    },
    {
      name: "once('data') handshake: the stream keeps flowing after the listener is gone",
      code: `
const net = require('net');
net.createServer((socket) => {
  socket.once('data', (hello) => {
    socket.write(hello.toString() === 'HELLO' ? 'OK' : 'ERR');
  });
});
`,
    },
    {
      name: "'readable' listener with a read() loop",
      code: `
const net = require('node:net');
net.createServer((socket) => {
  socket.on('readable', () => {
    let chunk;
    while ((chunk = socket.read()) !== null) parser.push(chunk);
  });
});
`,
    },
    {
      name: "events.on(socket, 'data') in for await (named import)",
      code: `
import net from 'net';
import { on } from 'node:events';
net.createServer(async (socket) => {
  for await (const [chunk] of on(socket, 'data')) {
    socket.write(transform(chunk));
  }
});
`,
    },
    {
      name: "events.on(socket, 'data') through the required namespace",
      code: `
const events = require('events');
const net = require('net');
net.createServer(async (socket) => {
  for await (const [line] of events.on(socket, 'data')) console.log(String(line));
});
`,
    },
    {
      name: 'banner server that resume()s to discard input',
      code: `
const net = require('net');
net.createServer((socket) => {
  socket.resume();
  socket.end('SSH-2.0-honeypot\\r\\n');
});
`,
    },

    // --- Hand-offs --------------------------------------------------------------------------------
    {
      name: 'readline.createInterface({ input: socket }) takes the socket over',
      code: `
import net from 'node:net';
import readline from 'node:readline';
net.createServer((socket) => {
  const rl = readline.createInterface({ input: socket, crlfDelay: Infinity });
  rl.on('line', (line) => socket.write('echo: ' + line + '\\n'));
});
`,
    },
    {
      name: "pauseOnConnect server handing the socket to a worker with child.send('socket', socket)",
      code: `
const { fork } = require('child_process');
const net = require('net');
const workers = [fork('worker.js'), fork('worker.js')];
let next = 0;
net.createServer({ pauseOnConnect: true }, (socket) => {
  const child = workers[next++ % workers.length];
  child.send('socket', socket);
}).listen(1337);
`,
    },
    {
      name: 'socket passed to a constructor',
      code: `
import net from 'net';
net.createServer((socket) => {
  const conn = new Connection(socket, { timeout: 30_000 });
  conn.start();
});
`,
    },
    {
      name: 'socket handed to a same-file helper that reads it',
      code: `
const net = require('net');
net.createServer((socket) => serve(socket));
function serve(conn) {
  conn.pipe(conn);
}
`,
    },

    // --- pause() / pauseOnConnect done right --------------------------------------------------------
    {
      name: 'pauseOnConnect + resume() after an async admission check',
      code: `
import net from 'net';
net.createServer({ pauseOnConnect: true }, async (socket) => {
  await rateLimiter.take();
  socket.on('data', onData);
  socket.resume();
});
`,
    },
    {
      name: 'pauseOnConnect server on the connection event, resumed by pipeline',
      code: `
import { createServer } from 'node:net';
import { pipeline } from 'node:stream/promises';
const server = createServer({ pauseOnConnect: true });
server.on('connection', async (socket) => {
  await pipeline(socket, new Decoder(), socket);
});
`,
    },
    {
      name: "pause() as back-pressure, resumed on the destination's 'drain'",
      code: `
const net = require('net');
const fs = require('fs');
net.createServer((socket) => {
  const file = fs.createWriteStream('upload.bin');
  socket.on('data', (chunk) => {
    if (!file.write(chunk)) {
      socket.pause();
      file.once('drain', () => socket.resume());
    }
  });
  socket.on('end', () => file.end());
});
`,
    },
    {
      name: 'pause() while a backend is acquired, then piped',
      code: `
const net = require('net');
net.createServer(async (socket) => {
  socket.pause();
  const backend = await pool.acquire();
  socket.pipe(backend).pipe(socket);
});
`,
    },
    {
      name: 'TLS terminator: pipe() returns the backend, so the chain reads it',
      code: `
const tls = require('tls');
const net = require('net');
tls.createServer({ key, cert }, (cleartext) => {
  const backend = net.connect(8080, '127.0.0.1');
  backend.on('error', () => cleartext.destroy());
  cleartext.on('error', () => backend.destroy());
  cleartext.pipe(backend).pipe(cleartext);
});
`,
    },
    {
      name: 'proxy client read through the chain: client.pipe(upstream).pipe(client)',
      code: `
const net = require('net');
net.createServer((client) => {
  const upstream = net.connect(9000, 'backend');
  client.pipe(upstream).pipe(client);
});
`,
    },
    {
      name: "pipe() result given a 'data' listener reads the destination",
      code: `
const net = require('net');
const upstream = net.connect(9000);
source.pipe(upstream).on('data', (chunk) => sink.write(chunk));
`,
    },
    {
      name: 'pipe() result resumed, through a wrapper',
      code: `
const net = require('net');
const upstream = net.connect(9000);
(source.pipe(upstream) as net.Socket).resume();
`,
    },
    {
      name: 'pipe() result kept in a variable that is then piped',
      code: `
const net = require('net');
const upstream = net.connect(9000);
const piped = source.pipe(upstream);
piped.pipe(sink);
`,
    },

    // --- Destroy -------------------------------------------------------------------------------
    {
      name: 'reject-all server: end() then destroy()',
      code: `
const net = require('net');
net.createServer((socket) => {
  socket.end('503 maintenance\\r\\n', () => socket.destroy());
}).listen(9999);
`,
    },
    {
      name: 'early return with destroy() on the reject path, pipe on the happy path',
      code: `
const net = require('net');
const blocked = new Set(['10.0.0.66']);
net.createServer((socket) => {
  if (blocked.has(socket.remoteAddress)) {
    socket.destroy();
    return;
  }
  socket.pipe(upstreamFor(socket.remoteAddress)).pipe(socket);
});
`,
    },
    {
      name: 'banner server whose idle timeout destroys the socket',
      code: `
import net from 'node:net';
net.createServer((socket) => {
  socket.setTimeout(5000, () => socket.destroy());
  socket.write(banner);
});
`,
    },

    // --- Sockets that are not ours to read -----------------------------------------------------------
    {
      name: "http server 'connection' listener that only counts sockets (http owns them)",
      code: `
const http = require('http');
const server = http.createServer(app);
let open = 0;
server.on('connection', (socket) => {
  open++;
  socket.on('close', () => open--);
});
`,
    },
    {
      name: "https server 'connection' listener on a listen() chain",
      code: `
import https from 'node:https';
https.createServer(options, app).listen(443).on('connection', (socket) => {
  socket.setKeepAlive(true);
});
`,
    },
    {
      name: "tls server 'connection' listener: the raw TCP socket belongs to the TLS layer",
      code: `
import tls from 'node:tls';
const server = tls.createServer({ key, cert }, (socket) => socket.pipe(socket));
server.on('connection', (raw) => {
  raw.setNoDelay(true);
});
`,
    },
    {
      name: "'connection' listener on a server we cannot trace (app.listen())",
      code: `
const app = express();
app.listen(3000).on('connection', (socket) => {
  socket.setTimeout(5000);
});
`,
    },

    // --- Client sockets ------------------------------------------------------------------------
    {
      name: 'metrics client that writes and end()s',
      code: `
const net = require('net');
function sendMetric(line) {
  const client = net.createConnection(2003, 'graphite.local', () => {
    client.end(line + '\\n');
  });
  client.on('error', () => {});
}
`,
    },
    {
      name: 'destructured connect with a chained end() (write-only log shipper)',
      code: `
const { connect } = require('node:net');
connect(514, 'syslog.internal').end('<14>app: started\\n');
`,
    },
    {
      name: 'tls client that writes and end()s',
      code: `
import tls from 'node:tls';
export function ship(host, line) {
  const tlsSock = tls.connect(6514, host, () => {
    tlsSock.end(line);
  });
}
`,
    },
    {
      name: "client reading replies with a 'data' listener",
      code: `
import { createConnection } from 'net';
const client = createConnection({ port: 6379 }, () => client.write('PING\\r\\n'));
client.on('data', (reply) => console.log(reply.toString()));
`,
    },
    {
      name: 'client reading a banner with for await in an async function',
      code: `
import * as net from 'net';
import { once } from 'events';
async function fetchBanner(host) {
  const socket = net.connect(22, host);
  await once(socket, 'connect');
  let banner = '';
  for await (const chunk of socket) {
    banner += chunk;
    if (banner.includes('\\n')) break;
  }
  socket.destroy();
  return banner;
}
`,
    },
    {
      name: 'new net.Socket() + connect(), piped to stdout',
      code: `
const net = require('net');
const sock = new net.Socket();
sock.connect(23, 'towel.blinkenlights.nl', () => {
  sock.pipe(process.stdout);
});
`,
    },
    {
      name: "new net.Socket() with a connect().setEncoding().on('data') chain",
      code: `
const net = require('node:net');
const s = new net.Socket();
s.connect({ port: 7000, host: 'feed' }).setEncoding('utf8').on('data', onLine);
`,
    },
    {
      name: 'client socket returned to the caller',
      code: `
const tls = require('tls');
function openSecure(host) {
  return tls.connect({ host, port: 443, servername: host });
}
`,
    },
    {
      name: 'client socket only kept in a field: the class holds it for code elsewhere',
      code: `
import net from 'node:net';
export class Link {
  open(port) {
    this.socket = net.connect(port);
    return this;
  }
}
`,
    },
    {
      name: 'checkClientSockets: false ignores a write-only client',
      code: `
const net = require('net');
const c = net.connect(9000);
c.write('hello');
`,
      options: [{ checkClientSockets: false }],
    },

    // --- Every import form and handler style, reading ------------------------------------------------
    {
      name: 'named import alias: createServer as cs',
      code: `
import { createServer as cs } from 'net';
cs((socket) => socket.pipe(socket));
`,
    },
    {
      name: 'alias of net.createServer',
      code: `
const net = require('net');
const make = net.createServer;
make((socket) => {
  socket.on('data', (chunk) => socket.write(chunk));
});
`,
    },
    {
      name: 'process.getBuiltinModule',
      code: `
const net = process.getBuiltinModule('node:net');
net.createServer((socket) => {
  socket.resume();
  socket.write('ok');
});
`,
    },
    {
      name: 'named handler function declared after use',
      code: `
const net = require('net');
const server = net.createServer(handleClient);
server.listen(8080);
function handleClient(socket) {
  socket.on('data', (buf) => socket.write(buf));
}
`,
    },
    {
      name: 'const arrow handler',
      code: `
import { createServer } from 'node:net';
const onConnection = (socket) => {
  socket.pipe(socket);
};
createServer(onConnection);
`,
    },
    {
      name: 'class method passed as this.onConnection.bind(this)',
      code: `
import net from 'node:net';
class EchoServer {
  constructor() {
    this.server = net.createServer(this.onConnection.bind(this));
  }
  onConnection(socket) {
    socket.pipe(socket);
  }
}
`,
    },
    {
      name: "arrow-function class field registered on the server's 'connection' event",
      code: `
import * as net from 'net';
class Hub {
  server = net.createServer();
  start() {
    this.server.on('connection', this.onConnection);
  }
  onConnection = (socket) => {
    socket.on('data', (chunk) => this.route(chunk));
  };
}
`,
    },
    {
      name: "new tls.Server + 'secureConnection' listener that pipes",
      code: `
const tls = require('node:tls');
const server = new tls.Server({ key, cert });
server.on('secureConnection', (tlsSocket) => {
  tlsSocket.pipe(tlsSocket);
});
`,
    },

    // --- Shadowed names: not Node's net --------------------------------------------------------------
    {
      name: 'shadowed: net is a parameter',
      code: `
function start(net) {
  net.createServer((socket) => {
    socket.write('hello\\n');
  });
}
`,
    },
    {
      name: 'shadowed: a local object named net inside a function, Node net imported outside',
      code: `
import net from 'node:net';
function fakeServer() {
  const net = { createServer: (fn) => fn };
  return net.createServer((socket) => socket.write('x'));
}
`,
    },
    {
      name: 'shadowed: net required from a local module',
      code: `
const net = require('./fake-net');
net.createServer((socket) => socket.write('hi'));
`,
    },

    // --- More look-alikes ------------------------------------------------------------------------
    {
      name: "protocol sniffer: pause(), unshift() and hand to an http server via emit('connection')",
      code: `
const net = require('net');
const http = require('http');
const httpServer = http.createServer(app);
net.createServer((socket) => {
  socket.once('data', (first) => {
    socket.pause();
    socket.unshift(first);
    httpServer.emit('connection', socket);
  });
}).listen(8000);
`,
    },
    {
      name: 'expression-bodied handler handing the socket to a session object',
      code: `
import net from 'node:net';
net.createServer((socket) => sessions.open(socket));
`,
    },
    {
      name: "end() and destroy() on 'finish' (the reject path NODE-SEMANTICS recommends)",
      code: `
const net = require('net');
net.createServer((socket) => {
  socket.end('421 too many connections\\r\\n');
  socket.on('finish', () => socket.destroy());
});
`,
    },
    {
      name: 'pause() then for await restarts the flow',
      code: `
import net from 'net';
net.createServer(async (socket) => {
  socket.pause();
  const codec = await loadCodec();
  for await (const frame of socket) codec.decode(frame);
});
`,
    },
    {
      name: 'resume() through an alias',
      code: `
const net = require('net');
net.createServer((socket) => {
  const conn = socket;
  conn.write('hi');
  conn.resume();
});
`,
    },
    {
      name: 'pauseOnConnect + for await',
      code: `
const net = require('node:net');
net.createServer({ pauseOnConnect: true }, async (socket) => {
  for await (const chunk of socket) socket.write(chunk);
});
`,
    },
    {
      name: 'TypeScript-annotated handler that pipes',
      code: `
import net, { type Socket } from 'node:net';
net.createServer((socket: Socket): void => {
  socket.pipe(socket);
});
`,
    },
    {
      name: 'client with an idle timeout that destroys it',
      code: `
const net = require('net');
const c = net.connect(9100, 'printer');
c.setTimeout(10_000, () => c.destroy());
c.write(job);
`,
    },
    {
      name: 'checkClientSockets: false also skips pause() on clients',
      code: `
const net = require('net');
const up = net.connect(9000);
up.on('data', (chunk) => {
  if (!queue.push(chunk)) up.pause();
});
`,
      options: [{ checkClientSockets: false }],
    },
    {
      name: 'shadowed: require is a parameter',
      code: `
function boot(require) {
  const net = require('net');
  net.createServer((socket) => socket.write('x'));
}
`,
    },
    {
      name: 'shadowed: process is a parameter',
      code: `
function boot(process) {
  const net = process.getBuiltinModule('net');
  net.connect(80).write('x');
}
`,
    },
    {
      name: 'shadowed: net imported from a userland package',
      code: `
import net from 'net-mock';
net.createServer((socket) => {
  socket.write('mock');
});
`,
    },
  ],

  invalid: [
    {
      name: 'a client in a field of the class that writes to it and never reads the replies',
      code: `
import net from 'node:net';
class RedisLite {
  connect() {
    this.socket = net.connect(6379);
    this.socket.write('PING\\r\\n');
  }
}
`,
      errors: [{ messageId: 'neverRead', line: 5, column: 19 }],
    },
    {
      name: 'a client paused in a class and never resumed, its data listener notwithstanding',
      code: `
import * as net from 'node:net';
export class ControlChannel {
  connect(host, port, token) {
    const sock = net.connect(port, host);
    this.sock = sock;
    sock.pause();
    sock.on('data', (b) => this.onReply(b));
    sock.once('connect', () => sock.write(\`AUTH \${token}\\n\`));
  }
  onReply(b) {
    console.log(b.toString());
  }
}
`,
      errors: [{ messageId: 'pausedNeverResumed', line: 7, column: 5 }],
    },
    {
      name: 'socket kept in a Map, written to, never read (a Map holds it, reads nothing)',
      code: `
const net = require('net');
const clients = new Map();
let id = 0;
net.createServer((socket) => {
  clients.set(++id, socket);
  socket.write('welcome\\n');
});
`,
      errors: [
        {
          messageId: 'neverRead',
          line: 5,
          column: 19,
          suggestions: [
            {
              messageId: 'suggestResume',
              output: `
const net = require('net');
const clients = new Map();
let id = 0;
net.createServer((socket) => {
  socket.resume();
  clients.set(++id, socket);
  socket.write('welcome\\n');
});
`,
            },
          ],
        },
      ],
    },
    {
      name: 'socket pushed to an array, written to, never read',
      code: `
const net = require('net');
const sockets = [];
net.createServer((s) => {
  sockets.push(s);
  s.write('queued\\n');
});
`,
      errors: [
        {
          messageId: 'neverRead',
          line: 4,
          column: 19,
          suggestions: [
            {
              messageId: 'suggestResume',
              output: `
const net = require('net');
const sockets = [];
net.createServer((s) => {
  s.resume();
  sockets.push(s);
  s.write('queued\\n');
});
`,
            },
          ],
        },
      ],
    },
    // --- Banner / greeting servers that only write ----------------------------------------------
    {
      name: 'SMTP-style banner server that only writes (require)',
      code: `
const net = require('net');
net.createServer((socket) => {
  socket.write('220 mail.example.com ESMTP\\r\\n');
}).listen(25);
`,
      errors: [
        {
          messageId: 'neverRead',
          line: 3,
          column: 19,
          suggestions: [
            {
              messageId: 'suggestResume',
              output: `
const net = require('net');
net.createServer((socket) => {
  socket.resume();
  socket.write('220 mail.example.com ESMTP\\r\\n');
}).listen(25);
`,
            },
          ],
        },
      ],
    },
    {
      name: 'daytime server with an expression-bodied handler that only end()s (default import of node:net)',
      code: `
import net from 'node:net';
const server = net.createServer((socket) => socket.end(new Date().toISOString() + '\\n'));
`,
      errors: [{ messageId: 'neverRead', line: 3, column: 34 }],
    },
    {
      name: 'empty handler body',
      code: `
const net = require('net');
net.createServer((socket) => {});
`,
      errors: [
        {
          messageId: 'neverRead',
          line: 3,
          column: 19,
          suggestions: [
            {
              messageId: 'suggestResume',
              output: `
const net = require('net');
net.createServer((socket) => { socket.resume(); });
`,
            },
          ],
        },
      ],
    },
    {
      name: "a 'close' listener is not a read either",
      code: `
import * as net from 'node:net';
let active = 0;
net.createServer((socket) => {
  active++;
  socket.write(banner);
  socket.on('close', () => active--);
});
`,
      errors: [
        {
          messageId: 'neverRead',
          line: 4,
          column: 19,
          suggestions: [
            {
              messageId: 'suggestResume',
              output: `
import * as net from 'node:net';
let active = 0;
net.createServer((socket) => {
  socket.resume();
  active++;
  socket.write(banner);
  socket.on('close', () => active--);
});
`,
            },
          ],
        },
      ],
    },
    {
      name: "pipe() result that only gets an 'error' listener: the destination is still never read",
      code: `
const net = require('net');
const upstream = net.connect(9000);
source.pipe(upstream).on('error', () => upstream.destroy());
`,
      errors: [{ messageId: 'neverRead', line: 3, column: 18 }],
    },
    {
      name: 'pipe chain that writes to the socket twice reads it nowhere',
      code: `
const net = require('net');
const upstream = net.connect(9000);
source.pipe(transform).pipe(upstream);
`,
      errors: [{ messageId: 'neverRead', line: 3, column: 18 }],
    },
    {
      name: 'file server that only pipes a file into the socket: the socket is the destination, never read',
      code: `
const net = require('net');
const fs = require('fs');
net.createServer((socket) => {
  fs.createReadStream('/srv/motd.txt').pipe(socket);
});
`,
      errors: [
        {
          messageId: 'neverRead',
          line: 4,
          column: 19,
          suggestions: [
            {
              messageId: 'suggestResume',
              output: `
const net = require('net');
const fs = require('fs');
net.createServer((socket) => {
  socket.resume();
  fs.createReadStream('/srv/motd.txt').pipe(socket);
});
`,
            },
          ],
        },
      ],
    },
    {
      name: 'early return: end() on the busy path does not rescue an unread socket',
      code: `
const net = require('node:net');
let load = 0;
net.createServer((socket) => {
  if (load > 100) {
    socket.end('busy\\n');
    return;
  }
  load++;
  socket.write('welcome\\n');
});
`,
      errors: [
        {
          messageId: 'neverRead',
          line: 4,
          column: 19,
          suggestions: [
            {
              messageId: 'suggestResume',
              output: `
const net = require('node:net');
let load = 0;
net.createServer((socket) => {
  socket.resume();
  if (load > 100) {
    socket.end('busy\\n');
    return;
  }
  load++;
  socket.write('welcome\\n');
});
`,
            },
          ],
        },
      ],
    },
    {
      name: 'tls banner server with options first (destructured require of tls)',
      code: `
const { createServer } = require('tls');
createServer({ key, cert }, (tlsSocket) => {
  tlsSocket.write('* OK IMAP4rev1 ready\\r\\n');
});
`,
      errors: [
        {
          messageId: 'neverRead',
          line: 3,
          column: 30,
          suggestions: [
            {
              messageId: 'suggestResume',
              output: `
const { createServer } = require('tls');
createServer({ key, cert }, (tlsSocket) => {
  tlsSocket.resume();
  tlsSocket.write('* OK IMAP4rev1 ready\\r\\n');
});
`,
            },
          ],
        },
      ],
    },
    {
      name: "net server 'connection' listener that answers and end()s",
      code: `
const net = require('node:net');
const server = net.createServer();
server.on('connection', (socket) => {
  socket.end('HTTP/1.1 503 Service Unavailable\\r\\n\\r\\n');
});
server.listen(8080);
`,
      errors: [
        {
          messageId: 'neverRead',
          line: 4,
          column: 26,
          suggestions: [
            {
              messageId: 'suggestResume',
              output: `
const net = require('node:net');
const server = net.createServer();
server.on('connection', (socket) => {
  socket.resume();
  socket.end('HTTP/1.1 503 Service Unavailable\\r\\n\\r\\n');
});
server.listen(8080);
`,
            },
          ],
        },
      ],
    },
    {
      name: "'connection' listener chained on net.createServer()",
      code: `
const net = require('node:net');
net.createServer().on('connection', (socket) => {
  socket.write('hello');
}).listen(0);
`,
      errors: [
        {
          messageId: 'neverRead',
          line: 3,
          column: 38,
          suggestions: [
            {
              messageId: 'suggestResume',
              output: `
const net = require('node:net');
net.createServer().on('connection', (socket) => {
  socket.resume();
  socket.write('hello');
}).listen(0);
`,
            },
          ],
        },
      ],
    },
    {
      name: 'named import alias: createServer as cs',
      code: `
import { createServer as cs } from 'net';
cs((socket) => {
  socket.write(motd);
});
`,
      errors: [
        {
          messageId: 'neverRead',
          line: 3,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestResume',
              output: `
import { createServer as cs } from 'net';
cs((socket) => {
  socket.resume();
  socket.write(motd);
});
`,
            },
          ],
        },
      ],
    },
    {
      name: 'alias const make = net.createServer with a function expression',
      code: `
const net = require('net');
const make = net.createServer;
make(function (socket) {
  socket.write('ready\\n');
});
`,
      errors: [
        {
          messageId: 'neverRead',
          line: 4,
          column: 16,
          suggestions: [
            {
              messageId: 'suggestResume',
              output: `
const net = require('net');
const make = net.createServer;
make(function (socket) {
  socket.resume();
  socket.write('ready\\n');
});
`,
            },
          ],
        },
      ],
    },
    {
      name: 'process.getBuiltinModule',
      code: `
const net = process.getBuiltinModule('node:net');
net.createServer((socket) => {
  socket.write(String(process.pid));
});
`,
      errors: [
        {
          messageId: 'neverRead',
          line: 3,
          column: 19,
          suggestions: [
            {
              messageId: 'suggestResume',
              output: `
const net = process.getBuiltinModule('node:net');
net.createServer((socket) => {
  socket.resume();
  socket.write(String(process.pid));
});
`,
            },
          ],
        },
      ],
    },
    {
      name: 'new net.Server(handler)',
      code: `
import net from 'net';
const server = new net.Server((socket) => {
  socket.write('ok\\n');
});
`,
      errors: [
        {
          messageId: 'neverRead',
          line: 3,
          column: 32,
          suggestions: [
            {
              messageId: 'suggestResume',
              output: `
import net from 'net';
const server = new net.Server((socket) => {
  socket.resume();
  socket.write('ok\\n');
});
`,
            },
          ],
        },
      ],
    },

    // --- Handler styles ----------------------------------------------------------------------------
    {
      name: 'named function declared after use',
      code: `
import * as net from 'node:net';
net.createServer(greet).listen(3000);
function greet(socket) {
  socket.write('Welcome to the quote server\\n');
  socket.write(randomQuote() + '\\n');
}
`,
      errors: [
        {
          messageId: 'neverRead',
          line: 4,
          column: 16,
          suggestions: [
            {
              messageId: 'suggestResume',
              output: `
import * as net from 'node:net';
net.createServer(greet).listen(3000);
function greet(socket) {
  socket.resume();
  socket.write('Welcome to the quote server\\n');
  socket.write(randomQuote() + '\\n');
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'const async handler with try/finally that only writes',
      code: `
const net = require('net');
const handler = async (client) => {
  try {
    const report = await buildReport();
    client.write(report);
  } finally {
    metrics.increment('reports');
  }
};
net.createServer(handler);
`,
      errors: [
        {
          messageId: 'neverRead',
          line: 3,
          column: 24,
          suggestions: [
            {
              messageId: 'suggestResume',
              output: `
const net = require('net');
const handler = async (client) => {
  client.resume();
  try {
    const report = await buildReport();
    client.write(report);
  } finally {
    metrics.increment('reports');
  }
};
net.createServer(handler);
`,
            },
          ],
        },
      ],
    },
    {
      name: 'class method passed as this.onConnection',
      code: `
import net from 'node:net';
export class StatusServer {
  constructor(port) {
    this.server = net.createServer(this.onConnection);
    this.server.listen(port);
  }
  onConnection(socket) {
    socket.write(JSON.stringify(status()));
  }
}
`,
      errors: [
        {
          messageId: 'neverRead',
          line: 8,
          column: 16,
          suggestions: [
            {
              messageId: 'suggestResume',
              output: `
import net from 'node:net';
export class StatusServer {
  constructor(port) {
    this.server = net.createServer(this.onConnection);
    this.server.listen(port);
  }
  onConnection(socket) {
    socket.resume();
    socket.write(JSON.stringify(status()));
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'class method passed as this.handle.bind(this), with an early return',
      code: `
import * as net from 'net';
class Gatekeeper {
  constructor() {
    this.server = net.createServer(this.handle.bind(this));
  }
  handle(socket) {
    if (this.full) {
      socket.end('busy\\n');
      return;
    }
    socket.write(this.banner);
  }
}
`,
      errors: [
        {
          messageId: 'neverRead',
          line: 7,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestResume',
              output: `
import * as net from 'net';
class Gatekeeper {
  constructor() {
    this.server = net.createServer(this.handle.bind(this));
  }
  handle(socket) {
    socket.resume();
    if (this.full) {
      socket.end('busy\\n');
      return;
    }
    socket.write(this.banner);
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      name: "arrow-function class field on the server's 'connection' event",
      code: `
const net = require('net');
class Announcer {
  server = net.createServer();
  listen() {
    this.server.on('connection', this.onSocket);
  }
  onSocket = (socket) => {
    socket.write(this.announcement);
  };
}
`,
      errors: [
        {
          messageId: 'neverRead',
          line: 8,
          column: 15,
          suggestions: [
            {
              messageId: 'suggestResume',
              output: `
const net = require('net');
class Announcer {
  server = net.createServer();
  listen() {
    this.server.on('connection', this.onSocket);
  }
  onSocket = (socket) => {
    socket.resume();
    socket.write(this.announcement);
  };
}
`,
            },
          ],
        },
      ],
    },

    // --- An 'end' listener as the only listener --------------------------------------------------
    {
      name: "greeting server whose only listener is 'end'",
      code: `
import * as net from 'net';
const server = net.createServer((socket) => {
  socket.write('hello\\n');
  socket.on('end', () => {
    console.log('client disconnected');
  });
});
server.listen(8124);
`,
      errors: [
        {
          messageId: 'endWithoutRead',
          line: 5,
          column: 13,
          suggestions: [
            {
              messageId: 'suggestResume',
              output: `
import * as net from 'net';
const server = net.createServer((socket) => {
  socket.write('hello\\n');
  socket.resume();
  socket.on('end', () => {
    console.log('client disconnected');
  });
});
server.listen(8124);
`,
            },
          ],
        },
      ],
    },
    {
      name: "tls 'secureConnection' listener that only counts sessions on 'end'",
      code: `
import tls from 'node:tls';
let sessions = 0;
const server = tls.createServer({ key, cert });
server.on('secureConnection', (socket) => {
  sessions++;
  socket.once('end', () => sessions--);
});
`,
      errors: [
        {
          messageId: 'endWithoutRead',
          line: 7,
          column: 15,
          suggestions: [
            {
              messageId: 'suggestResume',
              output: `
import tls from 'node:tls';
let sessions = 0;
const server = tls.createServer({ key, cert });
server.on('secureConnection', (socket) => {
  sessions++;
  socket.resume();
  socket.once('end', () => sessions--);
});
`,
            },
          ],
        },
      ],
    },
    {
      name: "await once(socket, 'end') is an 'end' listener too",
      code: `
import net from 'node:net';
import { once } from 'node:events';
net.createServer(async (socket) => {
  socket.write('220 ready\\r\\n');
  await once(socket, 'end');
  console.log('peer closed');
});
`,
      errors: [
        {
          messageId: 'endWithoutRead',
          line: 6,
          column: 22,
          suggestions: [
            {
              messageId: 'suggestResume',
              output: `
import net from 'node:net';
import { once } from 'node:events';
net.createServer(async (socket) => {
  socket.write('220 ready\\r\\n');
  socket.resume();
  await once(socket, 'end');
  console.log('peer closed');
});
`,
            },
          ],
        },
      ],
    },
    {
      name: "client whose only listener is 'end'",
      code: `
import { createConnection } from 'node:net';
const conn = createConnection({ host: 'db', port: 5432 });
conn.write(startupPacket);
conn.on('end', () => reconnect());
`,
      errors: [
        {
          messageId: 'endWithoutRead',
          line: 5,
          column: 9,
          suggestions: [
            {
              messageId: 'suggestResume',
              output: `
import { createConnection } from 'node:net';
const conn = createConnection({ host: 'db', port: 5432 });
conn.write(startupPacket);
conn.resume();
conn.on('end', () => reconnect());
`,
            },
          ],
        },
      ],
    },

    // --- pause() with no path back to resume() ------------------------------------------------------
    {
      name: 'pause() as back-pressure with no resume (nodejs/node#35825)',
      code: `
const net = require('node:net');
const fs = require('node:fs');
net.createServer((socket) => {
  const out = fs.createWriteStream('/var/log/ingest.log', { flags: 'a' });
  socket.on('data', (chunk) => {
    if (!out.write(chunk)) socket.pause();
  });
  socket.on('end', () => out.end());
});
`,
      errors: [{ messageId: 'pausedNeverResumed', line: 7, column: 28 }],
    },
    {
      name: "pause() then a 'data' listener added later: flowing stays false",
      code: `
import net from 'net';
net.createServer((socket) => {
  socket.pause();
  loadSession(socket.remoteAddress).then((session) => {
    socket.on('data', (chunk) => session.handle(chunk));
  });
});
`,
      errors: [{ messageId: 'pausedNeverResumed', line: 4, column: 3 }],
    },
    {
      name: 'pause() in an async handler with an early return, never resumed',
      code: `
import { createServer } from 'net';
createServer(async (socket) => {
  socket.pause();
  const user = await authenticate(socket.remoteAddress);
  if (!user) {
    socket.end('denied\\n');
    return;
  }
  socket.on('data', (chunk) => user.handle(chunk));
});
`,
      errors: [{ messageId: 'pausedNeverResumed', line: 4, column: 3 }],
    },
    {
      name: 'client paused under back-pressure, never resumed',
      code: `
const net = require('net');
const upstream = net.connect(9000, 'backend');
upstream.on('data', (chunk) => {
  if (!queue.push(chunk)) upstream.pause();
});
`,
      errors: [{ messageId: 'pausedNeverResumed', line: 5, column: 27 }],
    },

    // --- pauseOnConnect servers that forget resume() ------------------------------------------------
    {
      name: "pauseOnConnect: a 'data' listener alone does not start the socket",
      code: `
const net = require('net');
net.createServer({ pauseOnConnect: true }, (socket) => {
  socket.on('data', (chunk) => socket.write(chunk));
});
`,
      errors: [
        {
          messageId: 'pauseOnConnectNeverResumed',
          line: 3,
          column: 45,
          suggestions: [
            {
              messageId: 'suggestResume',
              output: `
const net = require('net');
net.createServer({ pauseOnConnect: true }, (socket) => {
  socket.resume();
  socket.on('data', (chunk) => socket.write(chunk));
});
`,
            },
          ],
        },
      ],
    },
    {
      name: "pauseOnConnect server with a named 'connection' listener",
      code: `
import { createServer } from 'node:net';
const server = createServer({ pauseOnConnect: true });
server.on('connection', onConnection);
function onConnection(conn) {
  conn.setEncoding('utf8');
  conn.on('data', (text) => process.stdout.write(text));
  conn.on('end', () => console.log('done'));
}
`,
      errors: [
        {
          messageId: 'pauseOnConnectNeverResumed',
          line: 5,
          column: 23,
          suggestions: [
            {
              messageId: 'suggestResume',
              output: `
import { createServer } from 'node:net';
const server = createServer({ pauseOnConnect: true });
server.on('connection', onConnection);
function onConnection(conn) {
  conn.resume();
  conn.setEncoding('utf8');
  conn.on('data', (text) => process.stdout.write(text));
  conn.on('end', () => console.log('done'));
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'pauseOnConnect from a const options object, async admission check, never resumed',
      code: `
const net = require('net');
const serverOptions = { pauseOnConnect: true, noDelay: true };
net.createServer(serverOptions, async (socket) => {
  if (!(await quota.admit(socket.remoteAddress))) return;
  socket.write('admitted\\n');
});
`,
      errors: [
        {
          messageId: 'pauseOnConnectNeverResumed',
          line: 4,
          column: 40,
          suggestions: [
            {
              messageId: 'suggestResume',
              output: `
const net = require('net');
const serverOptions = { pauseOnConnect: true, noDelay: true };
net.createServer(serverOptions, async (socket) => {
  socket.resume();
  if (!(await quota.admit(socket.remoteAddress))) return;
  socket.write('admitted\\n');
});
`,
            },
          ],
        },
      ],
    },

    // --- Clients that connect, write and wait for nothing ----------------------------------------------
    {
      name: 'net.connect client that writes and waits for nothing',
      code: `
const net = require('net');
const client = net.connect(6379, '127.0.0.1', () => {
  client.write('SET key value\\r\\n');
});
`,
      errors: [{ messageId: 'neverRead', line: 3, column: 16 }],
    },
    {
      name: 'tls.connect client that only writes',
      code: `
const tls = require('node:tls');
const socket = tls.connect({ host: 'api.example.com', port: 443 }, () => {
  socket.write(payload);
});
socket.on('error', (err) => console.error(err));
`,
      errors: [{ messageId: 'neverRead', line: 3, column: 16 }],
    },
    {
      name: 'new net.Socket() + connect() that only writes',
      code: `
const net = require('net');
const sock = new net.Socket();
sock.connect(4000, 'localhost', () => sock.write('hello'));
`,
      errors: [{ messageId: 'neverRead', line: 3, column: 14 }],
    },
    {
      name: "async client: await once(socket, 'connect'), write, return",
      code: `
import net from 'net';
import { once } from 'events';
export async function notify(host, message) {
  const socket = net.createConnection(7000, host);
  await once(socket, 'connect');
  socket.write(message);
}
`,
      errors: [{ messageId: 'neverRead', line: 5, column: 18 }],
    },
    {
      name: 'destructured connect from node:net',
      code: `
const { connect } = require('node:net');
const s = connect({ port: 2003 });
s.write('cpu.load 0.5 1700000000\\n');
`,
      errors: [{ messageId: 'neverRead', line: 3, column: 11 }],
    },
    {
      name: 'destructured createConnection from process.getBuiltinModule',
      code: `
const { createConnection } = process.getBuiltinModule('net');
const probe = createConnection({ host: 'localhost', port: 5672 });
probe.on('connect', () => probe.write(handshake));
`,
      errors: [{ messageId: 'neverRead', line: 3, column: 15 }],
    },
    {
      name: 'tls.connect through a namespace import inside try/finally',
      code: `
import * as tls from 'node:tls';
export async function push(host, body) {
  const conn = tls.connect({ host, port: 8443 });
  try {
    conn.write(body);
  } finally {
    audit.log('pushed');
  }
}
`,
      errors: [{ messageId: 'neverRead', line: 4, column: 16 }],
    },

    // --- Options ---------------------------------------------------------------------------------
    {
      name: 'checkClientSockets: false still checks server sockets',
      code: `
const net = require('net');
net.createServer((socket) => {
  socket.write('hi');
});
const c = net.connect(80);
c.write('x');
`,
      options: [{ checkClientSockets: false }],
      errors: [
        {
          messageId: 'neverRead',
          line: 3,
          column: 19,
          suggestions: [
            {
              messageId: 'suggestResume',
              output: `
const net = require('net');
net.createServer((socket) => {
  socket.resume();
  socket.write('hi');
});
const c = net.connect(80);
c.write('x');
`,
            },
          ],
        },
      ],
    },
    {
      name: 'server and client in one file are both reported',
      code: `
import net from 'node:net';
net.createServer((socket) => socket.write('hi'));
const c = net.connect(80);
c.write('x');
`,
      errors: [
        { messageId: 'neverRead', line: 3, column: 19 },
        { messageId: 'neverRead', line: 4, column: 11 },
      ],
    },

    // --- More shapes ------------------------------------------------------------------------------
    {
      name: "end() inside the 'end' listener is still an 'end'-only socket",
      code: `
const net = require('net');
net.createServer((socket) => {
  socket.write(banner);
  socket.on('end', () => socket.end());
});
`,
      errors: [
        {
          messageId: 'endWithoutRead',
          line: 5,
          column: 13,
          suggestions: [
            {
              messageId: 'suggestResume',
              output: `
const net = require('net');
net.createServer((socket) => {
  socket.write(banner);
  socket.resume();
  socket.on('end', () => socket.end());
});
`,
            },
          ],
        },
      ],
    },
    {
      name: "destroy() that only the 'end' listener reaches cannot run: 'end' never fires on an unread socket",
      code: `
const net = require('net');
net.createServer((socket) => {
  socket.write(banner);
  socket.on('end', () => socket.destroy());
});
`,
      errors: [
        {
          messageId: 'endWithoutRead',
          line: 5,
          column: 13,
          suggestions: [
            {
              messageId: 'suggestResume',
              output: `
const net = require('net');
net.createServer((socket) => {
  socket.write(banner);
  socket.resume();
  socket.on('end', () => socket.destroy());
});
`,
            },
          ],
        },
      ],
    },
    {
      name: 'TypeScript-annotated handler that only writes',
      code: `
import net, { type Socket } from 'node:net';
net.createServer((socket: Socket): void => {
  socket.write('hello');
});
`,
      errors: [
        {
          messageId: 'neverRead',
          line: 3,
          column: 19,
          suggestions: [
            {
              messageId: 'suggestResume',
              output: `
import net, { type Socket } from 'node:net';
net.createServer((socket: Socket): void => {
  socket.resume();
  socket.write('hello');
});
`,
            },
          ],
        },
      ],
    },
    {
      name: 'import { Socket } from node:net: new Socket() + connect() that only writes',
      code: `
import { Socket } from 'node:net';
const s = new Socket();
s.connect({ port: 515, host: 'lp' });
s.write(job);
`,
      errors: [{ messageId: 'neverRead', line: 3, column: 11 }],
    },
    {
      name: 'unnamed client: a chained write() with no end()',
      code: `
const net = require('net');
net.createConnection(2003, 'graphite').write('up 1 1700000000\\n');
`,
      errors: [{ messageId: 'neverRead', line: 3, column: 1 }],
    },
    {
      name: "async client waiting for the server to close: 'end' listener in an expression-bodied Promise executor",
      code: `
import net from 'node:net';
export async function sendAndWait(port, body) {
  const socket = net.connect(port);
  socket.write(body);
  await new Promise((resolve) => socket.once('end', resolve));
}
`,
      errors: [
        {
          messageId: 'endWithoutRead',
          line: 6,
          column: 46,
          suggestions: [
            {
              messageId: 'suggestResume',
              output: `
import net from 'node:net';
export async function sendAndWait(port, body) {
  const socket = net.connect(port);
  socket.write(body);
  socket.resume();
  await new Promise((resolve) => socket.once('end', resolve));
}
`,
            },
          ],
        },
      ],
    },
    {
      name: "async client waiting for the server to close: 'end' listener in a block-bodied Promise executor",
      code: `
import net from 'node:net';
export async function sendAndWait(port, body) {
  const socket = net.connect(port);
  socket.write(body);
  await new Promise((resolve) => {
    socket.once('end', resolve);
  });
}
`,
      errors: [
        {
          messageId: 'endWithoutRead',
          line: 7,
          column: 17,
          suggestions: [
            {
              messageId: 'suggestResume',
              output: `
import net from 'node:net';
export async function sendAndWait(port, body) {
  const socket = net.connect(port);
  socket.write(body);
  await new Promise((resolve) => {
    socket.resume();
    socket.once('end', resolve);
  });
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'expression-bodied handler returning a setKeepAlive() chain: createServer ignores the return value',
      code: `
const net = require('net');
net.createServer((socket) => socket.setKeepAlive(true));
`,
      errors: [{ messageId: 'neverRead', line: 3, column: 19 }],
    },
    {
      name: "expression-bodied handler whose only call is an 'end' listener (no statement inside to insert before)",
      code: `
const net = require('net');
net.createServer((socket) => socket.on('end', () => console.log('bye')));
`,
      errors: [{ messageId: 'endWithoutRead', line: 3, column: 40, suggestions: [] }],
    },
  ],
});

// From a second blind evaluation set and a corpus re-run.
syntaxTester().run('no-unread-socket (second blind evaluation regressions)', rule, {
  valid: [
    {
      name: "smtp-server's PROXY header: the helper reads the socket and destroys it before calling back with an error",
      code: `
const net = require('net');

function readProxyHeader(socket, callback) {
  const onReadable = () => {
    const chunk = socket.read();
    if (chunk === null) return;
    socket.removeListener('readable', onReadable);
    if (!chunk.toString().startsWith('PROXY ')) {
      socket.destroy();
      return callback(new Error('Invalid PROXY header'));
    }
    callback(null, { header: chunk.toString() });
  };
  socket.on('readable', onReadable);
}

net.createServer((socket) => {
  readProxyHeader(socket, (err, info) => {
    if (err) {
      return;
    }
    startSession(socket, info);
  });
}).listen(25);
`,
    },
    {
      name: "smtp-server's implicit TLS: a helper wraps the socket in a TLSSocket and calls back with the wrapper",
      code: `
const net = require('net');
const tls = require('tls');

function upgrade(socket, callback) {
  const secureSocket = new tls.TLSSocket(socket, { isServer: true });
  secureSocket.once('secure', () => callback(null, secureSocket));
  secureSocket.once('error', (err) => callback(err));
}

net.createServer((socket) => {
  upgrade(socket, (err, tlsSocket) => {
    if (err) {
      socket.destroy();
      return;
    }
    startSession(tlsSocket);
  });
}).listen(465);
`,
    },
    {
      name: "tedious: a TLS socket kept in an object literal assigned to a field, read through that object",
      code: `
const tls = require('tls');
const DuplexPair = require('native-duplexpair');

class MessageIO {
  startTls(host, incoming) {
    return new Promise((resolve) => {
      const duplexpair = new DuplexPair();
      const securePair = this.securePair = {
        cleartext: tls.connect({ socket: duplexpair.socket1, host }),
        encrypted: duplexpair.socket2,
      };
      securePair.cleartext.once('secureConnect', () => {
        securePair.cleartext.pipe(incoming);
        resolve();
      });
    });
  }
}
module.exports = MessageIO;
`,
    },
    {
      name: 'a write-only client that ends conditionally once everything is written (mqtt-packet benchmark)',
      code: `
const net = require('net');
const dest = net.connect(port);
dest.on('connect', send);
dest.on('drain', send);
function send() {
  while (i < max) if (!dest.write(packet(i++))) return;
  dest.end();
}
`,
    },
    {
      name: "a class field socket read through this.sock.on('data')",
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
  ],
  invalid: [
    {
      name: 'a same-file helper that only looks at the address does not own the socket its callback leaves',
      code: `
const net = require('net');
function allowed(socket, cb) {
  cb(null, socket.remoteAddress !== '10.0.0.1');
}
net.createServer((socket) => {
  allowed(socket, (err, ok) => {
    if (!ok) return;
    socket.pipe(process.stdout);
  });
}).listen(0);
`,
      errors: [
        {
          messageId: 'unreadPath',
          line: 8,
          column: 14,
          suggestions: [
            {
              messageId: 'suggestDestroy',
              output: `
const net = require('net');
function allowed(socket, cb) {
  cb(null, socket.remoteAddress !== '10.0.0.1');
}
net.createServer((socket) => {
  allowed(socket, (err, ok) => {
    if (!ok) { socket.destroy(); return; }
    socket.pipe(process.stdout);
  });
}).listen(0);
`,
            },
          ],
        },
      ],
    },
    {
      name: 'a destroy() in a timer that is cleared on connect does not rescue the unread socket',
      code: `
const { createConnection: dial } = require('node:net');
function ping(host, port) {
  const conn = dial({ host, port });
  const timer = setTimeout(() => conn.destroy(), 1500);
  conn.once('connect', () => {
    clearTimeout(timer);
    conn.write('PING\\r\\n');
  });
  conn.on('end', () => console.debug('closed'));
}
`,
      errors: [
        {
          messageId: 'endWithoutRead',
          line: 10,
          column: 11,
          suggestions: [{ messageId: 'suggestResume', output: `
const { createConnection: dial } = require('node:net');
function ping(host, port) {
  const conn = dial({ host, port });
  const timer = setTimeout(() => conn.destroy(), 1500);
  conn.once('connect', () => {
    clearTimeout(timer);
    conn.write('PING\\r\\n');
  });
  conn.resume();
  conn.on('end', () => console.debug('closed'));
}
` }],
        },
      ],
    },
  ],
});

// From a third blind evaluation set (80 files), each leak confirmed with ss.
syntaxTester().run('no-unread-socket (third blind evaluation regressions)', rule, {
  valid: [
    {
      name: 'a paused socket kept in a Set and resumed by iterating the Set',
      code: `
const net = require('net');
const paused = new Set();
worker.on('message', () => {
  for (const s of paused) s.resume();
  paused.clear();
});
net.createServer((sock) => {
  sock.on('data', (chunk) => {
    worker.postMessage(chunk);
    if (++inflight >= HIGH) {
      sock.pause();
      paused.add(sock);
    }
  });
});
`,
    },
  ],
  invalid: [
    {
      name: 'a pauseOnConnect sticky balancer whose no-workers branch returns without destroying',
      code: `
const net = require('node:net');
net
  .createServer({ pauseOnConnect: true }, (conn) => {
    if (workers.length === 0) {
      console.error('no live workers, dropping', conn.remoteAddress);
      return;
    }
    workers[hash(conn.remoteAddress) % workers.length].send('sticky-session', conn);
  })
  .listen(3000);
`,
      errors: [
        {
          messageId: 'unreadPath',
          line: 7,
          column: 7,
          suggestions: [{ messageId: 'suggestDestroy', output: `
const net = require('node:net');
net
  .createServer({ pauseOnConnect: true }, (conn) => {
    if (workers.length === 0) {
      console.error('no live workers, dropping', conn.remoteAddress);
      conn.destroy();
      return;
    }
    workers[hash(conn.remoteAddress) % workers.length].send('sticky-session', conn);
  })
  .listen(3000);
` }],
        },
      ],
    },
    {
      name: 'ES5 notification hub; subscribers\' sockets are written to but never read, so clients\' heartbeats pile up and their FIN is never seen.',
      code: `
var net = require('net');

function Hub(port) {
  this.port = port;
  this.subscribers = [];
  this.server = net.createServer(this._onConn.bind(this));
}

Hub.prototype.start = function () {
  this.server.listen(this.port);
  return this;
};

Hub.prototype._onConn = function (conn) {
  var self = this;
  conn.setNoDelay(true);
  conn.write('HELLO ' + Date.now() + '\\n');
  self.subscribers.push(conn);
  conn.on('error', function () { conn.destroy(); });
  conn.on('close', function () {
    var i = self.subscribers.indexOf(conn);
    if (i !== -1) self.subscribers.splice(i, 1);
  });
};

Hub.prototype.publish = function (topic, payload) {
  var line = topic + ' ' + JSON.stringify(payload) + '\\n';
  this.subscribers.forEach(function (c) { c.write(line); });
};

module.exports = Hub;
`,
      errors: [
        { messageId: 'neverRead', line: 15, column: 35, suggestions: [{ messageId: 'suggestResume', output: `
var net = require('net');

function Hub(port) {
  this.port = port;
  this.subscribers = [];
  this.server = net.createServer(this._onConn.bind(this));
}

Hub.prototype.start = function () {
  this.server.listen(this.port);
  return this;
};

Hub.prototype._onConn = function (conn) {
  conn.resume();
  var self = this;
  conn.setNoDelay(true);
  conn.write('HELLO ' + Date.now() + '\\n');
  self.subscribers.push(conn);
  conn.on('error', function () { conn.destroy(); });
  conn.on('close', function () {
    var i = self.subscribers.indexOf(conn);
    if (i !== -1) self.subscribers.splice(i, 1);
  });
};

Hub.prototype.publish = function (topic, payload) {
  var line = topic + ' ' + JSON.stringify(payload) + '\\n';
  this.subscribers.forEach(function (c) { c.write(line); });
};

module.exports = Hub;
` }] },
      ],
    },
    {
      name: 'DI\'d client socket is only written to (fire-and-forget commands); the server\'s replies are never read, so its FIN never surfaces -> CLOSE_WAIT.',
      code: `
import * as net from 'node:net';

export class StatsCommandChannel {
  private queued = 0;

  constructor(private readonly sock: net.Socket, private readonly prefix: string) {
    this.sock.on('error', (err) => {
      console.error('stats channel error', err.message);
      this.sock.destroy();
    });
  }

  incr(name: string, by = 1): void {
    this.send(\`INCR \${this.prefix}.\${name} \${by}\`);
  }

  gauge(name: string, value: number): void {
    this.send(\`GAUGE \${this.prefix}.\${name} \${value}\`);
  }

  private send(line: string): void {
    this.queued++;
    this.sock.write(line + '\\n', () => this.queued--);
  }
}

export function connectStats(host: string, port: number): StatsCommandChannel {
  const sock = net.connect({ host, port });
  sock.setKeepAlive(true, 30_000);
  return new StatsCommandChannel(sock, process.env.SERVICE ?? 'app');
}
`,
      errors: [
        { messageId: 'neverRead', line: 29, column: 16 },
      ],
    },
  ],
});
