'use strict';
// An HTTPS-over-HTTP tunnelling client that drops the socket of a refused CONNECT.
//
// Shape from request/tunnel-agent#46 ("Destroy socket on unsuccessful CONNECT"; also
// balena-io-modules/persistent-tunnel#6, delvedor/hpagent#86): when the proxy answers the CONNECT with
// anything but 200, onConnect() reports the error and returns. The ClientRequest has already detached
// the socket (no agent, no reader). The proxy's error page arrives after its headers, nobody reads it,
// and a FIN behind unread bytes never becomes 'end' (nodejs/node#19241): the socket sits in CLOSE_WAIT
// until the process exits. (A proxy that keeps the connection open pins it ESTABLISHED instead.)
// The stand-in proxy below refuses every tunnel with 502, as in the report's reproduction.
//
// The fix (fixed.cjs): the non-200 branch calls socket.destroy().
const http = require('http');

const proxy = http.createServer();
proxy.on('connect', (req, socket) => {
  socket.on('error', () => socket.destroy());
  // Like a real proxy's error page: the headers first, the page once it is rendered.
  const page = '<h1>502 Bad Gateway</h1>\n';
  socket.write(`HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nContent-Length: ${page.length}\r\n\r\n`);
  setTimeout(() => socket.end(page, () => socket.destroy()), 20);
});

function createTunnel(options, cb) {
  const connectReq = http.request({
    host: options.proxy.host,
    port: options.proxy.port,
    method: 'CONNECT',
    path: `${options.host}:${options.port}`,
    headers: { host: `${options.host}:${options.port}` },
    agent: false,
  });
  connectReq.once('connect', onConnect);
  connectReq.once('error', onError);
  connectReq.end();

  function onConnect(res, socket, head) {
    connectReq.removeAllListeners();
    socket.removeAllListeners();

    if (res.statusCode === 200 && head.length === 0) {
      cb(null, socket);
    } else {
      const error = new Error(`tunneling socket could not be established, statusCode=${res.statusCode}`);
      error.code = 'ECONNRESET';
      cb(error);
    }
  }

  function onError(cause) {
    connectReq.removeAllListeners();
    const error = new Error(`tunneling socket could not be established, cause=${cause.message}`);
    error.code = 'ECONNRESET';
    cb(error);
  }
}

proxy.listen(Number(process.env.PORT ?? 0), '127.0.0.1', async () => {
  const options = { proxy: { host: '127.0.0.1', port: proxy.address().port }, host: 'example.com', port: 443 };
  for (let i = 1; i <= 5; i++) {
    await new Promise((resolve) => {
      createTunnel(options, (err, socket) => {
        console.log(`tunnel #${i}: ${err ? err.message : 'established'}`);
        socket?.destroy();
        resolve();
      });
    });
  }
  proxy.close();
  setTimeout(() => {
    // Our side never closed them; the kernel shows them in CLOSE_WAIT (ss -tan state close-wait).
    const open = process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
    console.log(`tunnel-client (leak): ${open} of 5 refused tunnels left a socket open`);
  }, 200);
});
