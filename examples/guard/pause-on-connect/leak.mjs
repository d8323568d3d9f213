// A TCP gateway that asks a deny-list service about each client before reading a byte from it: the
// documented use of pauseOnConnect. Allowed clients get the line service, denied ones are refused.
//
// Shape from nodejs/node#31106: a socket paused on connect stays paused until resume() is called, so
// every path must resume, hand off or destroy it. Here the lookup's failure path only logs. While the
// deny-list service is down, every client's request and FIN stay in the kernel: nothing ever reads the
// socket, JavaScript never sees the client leave, and each connection sits in CLOSE_WAIT.
//
// Expected guard finding: close-wait (the kernel's view; the socket accepted by server.listen() below).
// The linter flags this one too (no-unread-socket, on the .catch() path); the guard shows it happen.
//
// The fix (fixed.mjs): the failure path destroys the socket (fail closed).
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const server = net.createServer({ pauseOnConnect: true }, (socket) => {
  checkDenyList(socket.remoteAddress)
    .then((denied) => (denied ? refuse(socket) : serve(socket)))
    .catch((err) => console.error(`deny-list lookup failed for ${socket.remoteAddress}: ${err.message}`));
});

function serve(socket) {
  socket.setEncoding('utf8');
  socket.on('data', (text) => socket.write(text.toUpperCase()));
  socket.on('error', (err) => console.error(`client: ${err.message}`));
  socket.resume();
}

function refuse(socket) {
  socket.destroy();
}

async function checkDenyList(address) {
  await sleep(20); // stands in for the call to the deny-list service, which is down right now
  throw new Error(`deny-list service unavailable (asked about ${address})`);
}

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  console.log(`pause-on-connect (leak) listening on 127.0.0.1:${port}`);
  // A client that sends one command and, getting no answer, gives up after 100 ms.
  const client = net.connect(port, '127.0.0.1', () => client.write('PING\n'));
  client.setEncoding('utf8').on('data', (text) => console.log(`client got: ${text.trim()}`));
  client.on('error', (err) => console.error(`client: ${err.message}`));
  setTimeout(() => client.end(), 100);
});

// Hold the situation for a while, then exit the way a script or a test run ends.
setTimeout(() => process.exit(0), 2500);
