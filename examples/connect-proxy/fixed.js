// An HTTPS forward proxy (HTTP CONNECT) with Basic proxy authentication, closing what it refuses.
//
// Shape from rmyndharis/VSCodroid#15 and node-http-proxy#559: once http.Server emits 'connect', the
// raw client socket belongs to the listener on every path.
//
// What changed from leak.js: refusals go through reject(), which ends the socket with the response and
// destroys it once that is flushed (a client that never sends its FIN cannot pin it), and the tunnel
// is one stream.pipeline(), which destroys both sockets when either side fails or closes.
import http from 'http';
import net from 'net';
import { pipeline } from 'node:stream';

const CREDENTIALS = Buffer.from(process.env.PROXY_AUTH ?? 'user:secret').toString('base64');

const proxy = http.createServer((req, res) => {
  res.writeHead(405, { allow: 'CONNECT' }).end();
});

proxy.on('connect', (req, clientSocket, head) => {
  clientSocket.on('error', (err) => console.error(`client socket: ${err.message}`));
  if (req.headers['proxy-authorization'] !== `Basic ${CREDENTIALS}`) {
    reject(clientSocket, '407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="proxy"');
    return;
  }
  const { port, hostname } = new URL(`http://${req.url}`);
  const upstream = net.connect(Number(port) || 443, hostname);
  const badGateway = () => reject(clientSocket, '502 Bad Gateway');
  upstream.once('error', badGateway);
  upstream.once('connect', () => {
    upstream.off('error', badGateway); // from here on, pipeline() owns both sockets' errors
    clientSocket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    upstream.write(head);
    pipeline(clientSocket, upstream, clientSocket, () => {});
  });
});

function reject(socket, status) {
  socket.end(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\n\r\n`, () => socket.destroy());
}

proxy.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`connect-proxy (fixed) listening on http://127.0.0.1:${proxy.address().port}`);
});
