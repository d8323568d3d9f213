// An announcement feed: greets each subscriber with a banner, then relays every line typed on stdin.
//
// Shape from nodejs/node#35825, #46015 and #32575: a socket nobody reads never emits 'end' once the
// peer has sent data, so a write-only handler must still consume (or discard) the input.
//
// What changed from leak.js: socket.resume() reads and discards whatever the subscriber sends, so its
// FIN is seen, 'end' fires, the subscription is dropped, and Node ends our side (allowHalfOpen is
// false).
import { EventEmitter } from 'node:events';
import { createServer } from 'node:net';

const announcements = new EventEmitter().setMaxListeners(0);

const server = createServer((socket) => {
  socket.write(`220 announcements ready, ${announcements.listenerCount('line') + 1} subscriber(s)\r\n`);
  const send = (text) => socket.write(text);
  announcements.on('line', send);
  socket.resume(); // input is not part of this protocol: read and discard it

  socket.on('end', () => {
    announcements.off('line', send);
    console.log(`subscriber left, ${announcements.listenerCount('line')} remain`);
  });
  socket.on('error', () => announcements.off('line', send));
});

process.stdin.setEncoding('utf8').on('data', (text) => {
  announcements.emit('line', text.replace(/\r?\n/g, '\r\n'));
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`banner-server (fixed) listening on 127.0.0.1:${server.address().port}; type a line to announce it`);
});
