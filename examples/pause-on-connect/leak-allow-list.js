// A line-based echo service that checks each client against an allow-list before reading from it.
//
// Shape from nodejs/node#31106: pauseOnConnect: true is the documented way to decide about a
// connection before any of its input is consumed, here an (async) allow-list lookup. Refused clients
// are destroyed; accepted ones get a 'data' listener, which does not start a socket paused on connect.
// Nothing is ever read from them, their input and FIN stay in the kernel, and every accepted client
// that hangs up leaves a socket in CLOSE_WAIT.
//
// The fix (fixed-allow-list.js): call socket.resume() on the accepting path.
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const ALLOWED = new Set((process.env.ALLOWED ?? '127.0.0.1,::1,::ffff:127.0.0.1').split(','));

const server = net.createServer({ pauseOnConnect: true }, async (socket) => {
  if (!(await isAllowed(socket.remoteAddress))) {
    socket.destroy();
    return;
  }
  socket.setEncoding('utf8');
  socket.on('data', (text) => socket.write(text.toUpperCase()));
  socket.on('end', () => console.log(`${socket.remoteAddress} done`));
  socket.on('error', (err) => console.error(`${socket.remoteAddress}: ${err.message}`));
});

async function isAllowed(address) {
  await sleep(10); // stands in for a lookup in a shared deny-list
  return ALLOWED.has(address);
}

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`pause-on-connect (leak, allow-list) listening on 127.0.0.1:${server.address().port}`);
});
