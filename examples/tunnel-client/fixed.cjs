'use strict';
// An HTTPS-over-HTTP tunnelling client that destroys the socket of a refused CONNECT.
//
// Shape from request/tunnel-agent#46 ("Destroy socket on unsuccessful CONNECT"), persistent-tunnel#6
// and hpagent#86: the socket a ClientRequest hands its 'connect' listener is detached (no agent, no
// reader), so every branch of the listener must keep it, hand it on, or destroy it.
//
// What changed from leak.cjs: the non-200 branch calls socket.destroy() before reporting the error,
// which closes it whether or not the proxy's error page was read or its FIN has arrived.
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
      socket.destroy();
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
    const open = process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
    console.log(`tunnel-client (fixed): ${open} of 5 refused tunnels left a socket open`);
  }, 200);
});
