// A WebSocket chat relay that answers the peer's FIN.
//
// Shape from websockets/ws#180 ("Connections stay in CLOSE_WAIT with Node 0.10.x") and
// hyoo-ru/mam_mol#881: the raw socket an 'upgrade' listener receives is half-open (http.Server's
// net.Server has allowHalfOpen: true), so Node never ends our side after the peer's FIN.
//
// What changed from leak.js: the 'end' listener calls socket.end(), and an error destroys the socket,
// so a departed client leaves nothing in CLOSE_WAIT.
import { createHash } from 'node:crypto';
import http from 'node:http';

const clients = new Set();

const server = http.createServer((req, res) => {
  res.writeHead(426, { 'content-type': 'text/plain' }).end('WebSocket only\n');
});

server.on('upgrade', (req, socket) => {
  const key = req.headers['sec-websocket-key'];
  if (req.headers.upgrade?.toLowerCase() !== 'websocket' || !key) {
    socket.destroy();
    return;
  }
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\n' +
      'Upgrade: websocket\r\n' +
      'Connection: Upgrade\r\n' +
      `Sec-WebSocket-Accept: ${acceptKey(key)}\r\n\r\n`,
  );
  clients.add(socket);

  socket.on('data', (chunk) => {
    for (const text of decodeTextFrames(chunk)) broadcast(text, socket);
  });
  socket.on('end', () => {
    clients.delete(socket);
    broadcast('someone left', socket);
    socket.end();
  });
  socket.on('error', () => {
    clients.delete(socket);
    socket.destroy();
  });
});

function broadcast(text, from) {
  for (const client of clients) if (client !== from) client.write(encodeTextFrame(text));
}

function acceptKey(key) {
  return createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
}

// Deliberately minimal framing (RFC 6455): unfragmented, masked client frames under 126 bytes.
function decodeTextFrames(buffer) {
  const texts = [];
  for (let offset = 0; offset + 6 <= buffer.length; ) {
    const opcode = buffer[offset] & 0x0f;
    const length = buffer[offset + 1] & 0x7f;
    if (length > 125 || offset + 6 + length > buffer.length) break;
    const mask = buffer.subarray(offset + 2, offset + 6);
    const payload = buffer.subarray(offset + 6, offset + 6 + length).map((byte, i) => byte ^ mask[i % 4]);
    if (opcode === 0x1) texts.push(payload.toString('utf8'));
    offset += 6 + length;
  }
  return texts;
}

function encodeTextFrame(text) {
  const payload = Buffer.from(text.slice(0, 125), 'utf8').subarray(0, 125);
  return Buffer.concat([Buffer.from([0x81, payload.length]), payload]);
}

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`websocket-upgrade (fixed) listening on ws://127.0.0.1:${server.address().port}`);
});
