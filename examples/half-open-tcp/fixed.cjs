'use strict';
// A "send numbers, half-close, get the total" TCP service that closes its side after answering.
//
// Shape from mscdex/httpolyglot#10 and nodejs/node#40691: with allowHalfOpen: true Node never ends the
// writable side after the peer's FIN; the 'end' listener must do it.
//
// What changed from leak.cjs: the 'end' listener sends the total with socket.end() instead of
// socket.write(), so our FIN follows the answer and the socket closes.
const { createServer } = require('node:net');

const server = createServer({ allowHalfOpen: true }, (socket) => {
  let total = 0;
  let pending = '';
  socket.setEncoding('utf8');
  socket.on('data', (text) => {
    const lines = (pending + text).split('\n');
    pending = lines.pop();
    for (const line of lines) total += Number(line) || 0;
  });
  socket.on('end', () => {
    total += Number(pending) || 0;
    socket.end(`${total}\n`);
  });
  socket.on('error', (err) => console.error(`sum client: ${err.message}`));
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`half-open-tcp (fixed) listening on 127.0.0.1:${server.address().port}`);
});
