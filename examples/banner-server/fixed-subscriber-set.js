// The announcement feed of fixed.js, keeping its subscribers in a Set instead of an EventEmitter.
//
// Shape from nodejs/node#35825, #46015 and #32575: a socket nobody reads never emits 'end' once the
// peer has sent data; being kept in a Set does not read it.
//
// What changed from leak-subscriber-set.js: socket.resume() reads and discards whatever the subscriber
// sends, so its FIN is seen, 'end' fires, the subscriber is removed, and Node ends our side.
import { createServer } from 'node:net';

const subscribers = new Set();

const server = createServer((socket) => {
  socket.write(`220 announcements ready, ${subscribers.size + 1} subscriber(s)\r\n`);
  subscribers.add(socket);
  socket.resume(); // input is not part of this protocol: read and discard it

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
  console.log(`banner-server (fixed) listening on 127.0.0.1:${server.address().port}; type a line to announce it`);
});
