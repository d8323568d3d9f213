// An HTTPS forward proxy (HTTP CONNECT) with Basic proxy authentication.
//
// Shape from rmyndharis/VSCodroid#15 (every refused CONNECT left its client socket pinned; 100
// refusals, 100 descriptors) and the refusal paths of proxy-chain-style proxies: the 'connect' listener
// owns the raw client socket, but its 407 branch only writes a response and returns. Nobody reads or
// closes that socket again, so it sits in CLOSE_WAIT once the client hangs up. The tunnel itself is
// two bare pipe() calls (node-http-proxy#559): an error on one side never tears down the other.
//
// The fix (fixed.js): the 407 branch destroys the socket once the response is flushed, and the tunnel
// is one stream.pipeline(), which destroys both sockets when either fails.
import http from 'http';
import net from 'net';

const CREDENTIALS = Buffer.from(process.env.PROXY_AUTH ?? 'user:secret').toString('base64');

const proxy = http.createServer((req, res) => {
  res.writeHead(405, { allow: 'CONNECT' }).end();
});

proxy.on('connect', (req, clientSocket, head) => {
  clientSocket.on('error', (err) => console.error(`client socket: ${err.message}`));
  if (req.headers['proxy-authorization'] !== `Basic ${CREDENTIALS}`) {
    clientSocket.write(
      'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="proxy"\r\nContent-Length: 0\r\n\r\n',
    );
    return;
  }
  const { port, hostname } = new URL(`http://${req.url}`);
  const upstream = net.connect(Number(port) || 443, hostname, () => {
    clientSocket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    upstream.write(head);
    upstream.pipe(clientSocket);
    clientSocket.pipe(upstream);
  });
  upstream.on('error', () => clientSocket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'));
});

proxy.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`connect-proxy (leak) listening on http://127.0.0.1:${proxy.address().port}`);
});
