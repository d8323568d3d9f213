// A log-ingest server: each connection's stream is appended to a file, with back-pressure.
//
// Shape from nodejs/node#40691 ("socket.pause() can cause tcp CLOSE_WAIT") and nodejs/node#31106: the
// 'data' listener pauses the socket when the file falls behind, but nothing ever resumes it. A paused
// socket stops reading, so the client's last bytes and its FIN stay unread: 'end' never fires, the
// file is never closed, and the socket sits in CLOSE_WAIT. (A client that sent more than the buffers
// hold cannot even deliver its FIN: the connection then stays ESTABLISHED, just as stuck.)
//
// The fix (fixed.js): resume the socket when the file stream emits 'drain'.
import { createWriteStream } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let connections = 0;

const server = net.createServer((socket) => {
  const path = join(tmpdir(), `closewait-ingest-${process.pid}-${++connections}.log`);
  const file = createWriteStream(path, { flags: 'a', highWaterMark: 64 * 1024 });

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
  console.log(`paused-socket (leak) listening on 127.0.0.1:${server.address().port}`);
});
