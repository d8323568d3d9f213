// A log-ingest server: each connection's stream is appended to a file, with back-pressure.
//
// Shape from nodejs/node#40691 and nodejs/node#31106: a paused socket reads nothing, so it never sees
// the peer's FIN; every pause() needs a way back to resume().
//
// What changed from leak.js: when the file stream has flushed ('drain'), the socket is resumed.
// (stream.pipeline(socket, file) would manage the back-pressure by itself; this keeps the shape of the
// hand-written version.)
import { createWriteStream } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let connections = 0;

const server = net.createServer((socket) => {
  const path = join(tmpdir(), `closewait-ingest-${process.pid}-${++connections}.log`);
  const file = createWriteStream(path, { flags: 'a', highWaterMark: 64 * 1024 });

  file.on('drain', () => socket.resume());
  socket.on('data', (chunk) => {
    if (!file.write(chunk)) socket.pause(); // the disk is behind: stop reading for now
  });
  socket.on('end', () => file.end(() => console.log(`stored ${file.bytesWritten} bytes in ${path}`)));
  socket.on('error', (err) => {
    console.error(`ingest client: ${err.message}`);
    file.destroy();
  });
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`paused-socket (fixed) listening on 127.0.0.1:${server.address().port}`);
});
