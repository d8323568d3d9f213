// A line-based echo service that opens a per-client session before it reads a single byte.
//
// Shape from nodejs/node#31106 ("explicitly paused socket does not emit `end` or `close`"): the server
// is created with pauseOnConnect: true so no input is consumed until the session is ready, and then
// adds a 'data' listener, expecting it to start the flow as it does on an ordinary socket. On a socket
// paused on connect it does not: the handle never reads, the client's input and its FIN stay in the
// kernel, 'end' never fires, and the socket sits in CLOSE_WAIT.
//
// The fix (fixed.js): call socket.resume() once the session is ready.
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
});

let sessions = 0;
async function openSession(address) {
  await sleep(10); // stands in for loading the client's settings
  return { id: `${address}#${++sessions}`, lines: 0 };
}

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`pause-on-connect (leak) listening on 127.0.0.1:${server.address().port}`);
});
