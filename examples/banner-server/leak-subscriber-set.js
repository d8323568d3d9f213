// The announcement feed of leak.js, keeping its subscribers in a Set instead of an EventEmitter.
//
// Same shape and the same leak (nodejs/node#35825, #46015, #32575): the handler only writes, nothing
// reads the socket, so a subscriber that sent anything before closing leaves its FIN behind unread
// bytes: 'end' never fires, the socket stays in the Set and in CLOSE_WAIT. Broadcasters that keep
// their clients in a Set or an array are the common way to write this.
//
// The fix (fixed-subscriber-set.js): socket.resume() reads and discards the input.
import { createServer } from 'node:net';

const subscribers = new Set();

const server = createServer((socket) => {
  socket.write(`220 announcements ready, ${subscribers.size + 1} subscriber(s)\r\n`);
  subscribers.add(socket);

  socket.on('end', () => {
    subscribers.delete(socket);
    console.log(`subscriber left, ${subscribers.size} remain`);
  });
  socket.on('error', () => subscribers.delete(socket));
});

process.stdin.setEncoding('utf8').on('data', (text) => {
  for (const socket of subscribers) socket.write(text.replace(/\r?\n/g, '\r\n'));
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`banner-server (leak) listening on 127.0.0.1:${server.address().port}; type a line to announce it`);
});
