'use strict';
// A "send numbers, half-close, get the total" TCP service that never closes its side.
//
// Shape from mscdex/httpolyglot#10 (allowHalfOpen: true copied from http.Server's settings; a client
// that only connects and calls end() left every connection in CLOSE_WAIT) and nodejs/node#40691:
// allowHalfOpen is what lets this server answer after the client's FIN, but it also means Node will
// not end our side for us. The 'end' listener writes the total with write() and stops there, so every
// finished client leaves a socket in CLOSE_WAIT.
//
// The fix (fixed.cjs): the 'end' listener sends the total with socket.end(), closing our side.
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
    socket.write(`${total}\n`);
  });
  socket.on('error', (err) => console.error(`sum client: ${err.message}`));
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`half-open-tcp (leak) listening on 127.0.0.1:${server.address().port}`);
});
