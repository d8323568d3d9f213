// An authenticated WebSocket endpoint whose refusal path answers 401 and walks away.
//
// Shape from nodetool-ai/nodetool#4673 (a Fly app wedged for 3.5 days: 7,581 of 10,240 descriptors in
// CLOSE_WAIT, all upgrades refused by the auth hook) and InditexTech/weavejs#1118: an async 'upgrade'
// listener that writes a response to a refused handshake and returns. http.Server has already let go
// of the socket, so writing a response closes nothing; once the client (or the edge proxy) gives up,
// the socket stays in CLOSE_WAIT.
//
// The fix (fixed.js): the refusal path destroys the socket once the 401 is flushed.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

const TOKENS = new Map([[process.env.TOKEN ?? 'let-me-in', 'demo-user']]);

const server = createServer((req, res) => {
  res.writeHead(426, { 'content-type': 'text/plain' }).end('WebSocket only\n');
});

server.on('upgrade', async (req, socket, head) => {
  socket.on('error', (err) => console.error(`upgrade socket: ${err.message}`));
  const user = await authenticate(req);
  if (!user) {
    socket.write('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n');
    return;
  }
  acceptWebSocket(req, socket, head, user);
});

async function authenticate(req) {
  const token = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token');
  await sleep(5); // stands in for a session-store lookup
  return TOKENS.get(token) ?? null;
}

function acceptWebSocket(req, socket, head, user) {
  const accept = createHash('sha1')
    .update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
    .digest('base64');
  socket.write(
    `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
  );
  socket.write(textFrame(`hello ${user}`));
  // A real app would parse frames here; the demo only counts what arrives (head included).
  let received = head.length;
  socket.on('data', (chunk) => {
    received += chunk.length;
  });
  socket.on('close', () => console.log(`${user} left after sending ${received} bytes`));
  socket.on('end', () => socket.end());
  socket.on('error', () => socket.destroy());
}

function textFrame(text) {
  const payload = Buffer.from(text, 'utf8').subarray(0, 125);
  return Buffer.concat([Buffer.from([0x81, payload.length]), payload]);
}

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`rejected-upgrade (leak) listening on ws://127.0.0.1:${server.address().port}/?token=...`);
});
