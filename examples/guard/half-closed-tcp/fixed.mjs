// One port, two protocols: HTTP for the API and a one-line STATS command for the monitoring agent,
// told apart by the first bytes each client sends.
//
// Shape from mscdex/httpolyglot#10 and websockets/ws#540: the allowHalfOpen sniffing server left a
// socket in CLOSE_WAIT for every client that hung up before sending a byte.
//
// What changed from leak.mjs: an 'end' listener, in place until a protocol takes the socket, ends our
// side when the client hangs up first. HTTP and STATS then close their sockets themselves.
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
  const hangUp = () => socket.end(); // the client left before choosing a protocol: close ours too
  socket.once('end', hangUp);
  socket.once('data', (first) => {
    socket.off('end', hangUp);
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
  console.log(`half-closed-tcp (fixed) listening on 127.0.0.1:${port}`);
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
