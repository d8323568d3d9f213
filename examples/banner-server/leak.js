// An announcement feed: greets each subscriber with a banner, then relays every line typed on stdin.
//
// Shape from nodejs/node#35825 ("Tcp server cannot emit 'end' or 'close' event when 'data' event isn't
// listened"), #46015 and #32575: a connection handler that only writes. Nothing reads the socket, so
// once a subscriber has sent anything (a "hello", a stray newline from telnet) and closed, its FIN
// waits behind those unread bytes: 'end' never fires, the subscription is never dropped, and the
// socket sits in CLOSE_WAIT. The 'end' listener does not help: 'end' is emitted only after all data
// has been read.
//
// The fix (fixed.js): socket.resume() reads and discards the input, as suggested in nodejs/node#35825.
import { EventEmitter } from 'node:events';
import { createServer } from 'node:net';

const announcements = new EventEmitter().setMaxListeners(0);

const server = createServer((socket) => {
  socket.write(`220 announcements ready, ${announcements.listenerCount('line') + 1} subscriber(s)\r\n`);
  const send = (text) => socket.write(text);
  announcements.on('line', send);

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
  console.log(`banner-server (leak) listening on 127.0.0.1:${server.address().port}; type a line to announce it`);
});
