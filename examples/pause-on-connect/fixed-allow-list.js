// A line-based echo service that checks each client against an allow-list before reading from it.
//
// Shape from nodejs/node#31106: a socket created by a pauseOnConnect server stays paused until
// resume() is called, on every path that keeps it; destroying the refused ones does not start the
// accepted ones.
//
// What changed from leak-allow-list.js: socket.resume() on the accepting path.
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
  socket.resume();
});

async function isAllowed(address) {
  await sleep(10); // stands in for a lookup in a shared deny-list
  return ALLOWED.has(address);
}

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`pause-on-connect (fixed, allow-list) listening on 127.0.0.1:${server.address().port}`);
});
