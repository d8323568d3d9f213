// One port, two protocols: HTTP for the API and a one-line STATS command for the monitoring agent,
// told apart by the first bytes each client sends.
//
// Shape from mscdex/httpolyglot#10 ("By default allowHalfOpen should be false": a client that only
// connects and calls end() left the server's socket in CLOSE_WAIT) and websockets/ws#540: the sniffing
// server is created with allowHalfOpen: true, copied from http.Server's own settings, so that an HTTP
// client may half-close after its request and still get the answer. A client that connects and hangs
// up without sending a byte (a load balancer's TCP health check, a port scan) never reaches either
// protocol: its FIN is read, 'end' fires with nobody listening, and with allowHalfOpen Node never ends
// our side. Every health check leaves one socket in CLOSE_WAIT, forever.
//
// Expected guard finding: half-closed (the socket accepted by the server.listen() call below).
// The linter sees no 'end' listener to judge here: the leak is the listener that is missing.
//
// The fix (fixed.mjs): until a protocol owns the socket, the client's FIN ends our side too.
import http from 'node:http';
import net from 'node:net';

const api = http.createServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ ok: true, path: req.url }));
});

let connections = 0;

const server = net.createServer({ allowHalfOpen: true }, (socket) => {
  connections++;
  socket.on('error', (err) => console.error(`client: ${err.message}`));
  socket.once('data', (first) => {
    socket.pause();
    socket.unshift(first);
    if (first.toString('latin1', 0, 5) === 'STATS') answerStats(socket);
    else api.emit('connection', socket);
    socket.resume();
  });
});

function answerStats(socket) {
  socket.end(`connections ${connections}\n`);
}

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  console.log(`half-closed-tcp (leak) listening on 127.0.0.1:${port}`);
  // The three kinds of client this port sees: the API, the monitoring agent, the load balancer.
  http.get({ host: '127.0.0.1', port, path: '/health', agent: false }, (res) => {
    res.setEncoding('utf8').on('data', (text) => console.log(`api: ${res.statusCode} ${text}`));
  });
  const agent = net.connect(port, '127.0.0.1', () => agent.end('STATS\n'));
  agent.setEncoding('utf8').on('data', (text) => console.log(`agent: ${text.trim()}`));
  const probe = net.connect(port, '127.0.0.1', () => probe.end()); // the TCP health check
  probe.resume();
});

// Hold the situation for a while, then exit the way a script or a test run ends.
setTimeout(() => process.exit(0), 2500);
