// A line-based echo service that opens a per-client session before it reads a single byte.
//
// Shape from nodejs/node#31106: a socket created by a pauseOnConnect server stays paused until
// resume() is called; adding a 'data' listener does not start it.
//
// What changed from leak.js: socket.resume() once the session is ready and the listeners are in place.
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const server = net.createServer({ pauseOnConnect: true }, async (socket) => {
  const session = await openSession(socket.remoteAddress);
  socket.setEncoding('utf8');
  socket.on('data', (text) => {
    session.lines += text.split('\n').length - 1;
    socket.write(text.toUpperCase());
  });
  socket.on('end', () => console.log(`session ${session.id}: ${session.lines} lines`));
  socket.on('error', (err) => console.error(`session ${session.id}: ${err.message}`));
  socket.resume();
});

let sessions = 0;
async function openSession(address) {
  await sleep(10); // stands in for loading the client's settings
  return { id: `${address}#${++sessions}`, lines: 0 };
}

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`pause-on-connect (fixed) listening on 127.0.0.1:${server.address().port}`);
});
